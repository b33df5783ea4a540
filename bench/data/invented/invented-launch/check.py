#!/usr/bin/env python3
"""Verify that every evidence/side span in questions.jsonl occurs verbatim in its doc's file."""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))

def main():
    sources = json.load(open(os.path.join(HERE, "sources.json"), encoding="utf-8"))
    files = {s["doc"]: s["file"] for s in sources}
    texts = {}
    for doc, fn in files.items():
        path = os.path.join(HERE, fn)
        if not os.path.exists(path):
            print(f"MISSING FILE for doc {doc}: {fn}")
            sys.exit(1)
        texts[doc] = open(path, encoding="utf-8").read()
    failures, ids, n = [], set(), 0
    counts = {}
    for ln, line in enumerate(open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8"), 1):
        if not line.strip():
            continue
        q = json.loads(line)
        qid = q.get("id")
        if qid in ids:
            failures.append(f"line {ln}: duplicate id {qid}")
        ids.add(qid)
        kind = q.get("kind")
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "answer":
            spans = q.get("evidence", [])
            if not spans:
                failures.append(f"{qid}: answer without evidence")
        elif kind == "dispute":
            sides = q.get("sides", [])
            if len(sides) < 2 or any(not s for s in sides):
                failures.append(f"{qid}: dispute needs >=2 non-empty sides")
            spans = [sp for side in sides for sp in side]
        elif kind == "none":
            spans = []
            if "evidence" in q or "sides" in q:
                failures.append(f"{qid}: none question carries spans")
        else:
            failures.append(f"{qid}: unknown kind {kind!r}")
            spans = []
        for sp in spans:
            n += 1
            doc, text = sp.get("doc"), sp.get("text", "")
            if doc not in texts:
                failures.append(f"{qid}: unknown doc {doc!r}")
            elif text not in texts[doc]:
                failures.append(f"{qid}: span not found in {doc} ({files[doc]}): {text!r}")
    if failures:
        print("FAILURES:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print(f"OK ({len(ids)} questions, {n} spans, kinds={counts})")

if __name__ == "__main__":
    main()
