#!/usr/bin/env python3
"""Verify that every evidence/side span in questions.jsonl occurs verbatim in its doc's file."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    sources = json.load(open(os.path.join(HERE, "sources.json"), encoding="utf-8"))
    texts = {}
    failures = []
    for s in sources:
        path = os.path.join(HERE, s["file"])
        if not os.path.exists(path):
            failures.append(f"sources.json: file missing for doc {s['doc']}: {s['file']}")
            continue
        texts[s["doc"]] = open(path, encoding="utf-8").read()
    ids = set()
    counts = {}
    with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
            except ValueError as e:
                failures.append(f"line {n}: bad JSON ({e})")
                continue
            qid = q.get("id")
            if not qid or qid in ids:
                failures.append(f"line {n}: missing or duplicate id {qid!r}")
            ids.add(qid)
            kind = q.get("kind")
            counts[kind] = counts.get(kind, 0) + 1
            if not q.get("question"):
                failures.append(f"{qid}: empty question")
            if kind == "answer":
                spans = q.get("evidence") or []
                if not spans:
                    failures.append(f"{qid}: answer without evidence")
            elif kind == "dispute":
                sides = q.get("sides") or []
                if len(sides) < 2 or any(not side for side in sides):
                    failures.append(f"{qid}: dispute needs >= 2 non-empty sides")
                spans = [sp for side in sides for sp in side]
            elif kind == "none":
                spans = []
                if "evidence" in q or "sides" in q:
                    failures.append(f"{qid}: 'none' question should carry no spans")
            else:
                failures.append(f"{qid}: unknown kind {kind!r}")
                spans = []
            for sp in spans:
                doc, text = sp.get("doc"), sp.get("text", "")
                if doc not in texts:
                    failures.append(f"{qid}: unknown doc {doc!r}")
                elif len(text.strip()) < 8:
                    failures.append(f"{qid}: span too short: {text!r}")
                elif text not in texts[doc]:
                    failures.append(f"{qid}: span not found in doc {doc}: {text!r}")
    if failures:
        print("FAILURES:")
        for x in failures:
            print(" -", x)
        sys.exit(1)
    print("OK", len(ids), "questions", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
