#!/usr/bin/env python3
"""Verify that every evidence/side span in questions.jsonl occurs verbatim in its doc's file."""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sources = json.load(open(os.path.join(here, "sources.json"), encoding="utf-8"))
files = {s["doc"]: s["file"] for s in sources}
texts = {d: open(os.path.join(here, f), encoding="utf-8").read() for d, f in files.items()}

failures = []
ids = set()
with open(os.path.join(here, "questions.jsonl"), encoding="utf-8") as fh:
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        q = json.loads(line)
        qid = q.get("id")
        if qid in ids:
            failures.append(f"line {n}: duplicate id {qid}")
        ids.add(qid)
        kind = q.get("kind")
        if kind == "answer":
            spans = q.get("evidence") or []
            if not spans:
                failures.append(f"{qid}: answer without evidence")
        elif kind == "dispute":
            sides = q.get("sides") or []
            if len(sides) < 2:
                failures.append(f"{qid}: dispute with fewer than 2 sides")
            spans = [sp for side in sides for sp in side]
        elif kind == "none":
            spans = []
            if "evidence" in q or "sides" in q:
                failures.append(f"{qid}: none question carries spans")
        else:
            failures.append(f"{qid}: unknown kind {kind!r}")
            spans = []
        for sp in spans:
            doc, text = sp.get("doc"), sp.get("text", "")
            if doc not in texts:
                failures.append(f"{qid}: unknown doc {doc!r}")
            elif text not in texts[doc]:
                failures.append(f"{qid}: span not found in {files[doc]}: {text!r}")

if failures:
    print("FAILURES:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("OK")
