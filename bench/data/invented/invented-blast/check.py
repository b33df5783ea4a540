#!/usr/bin/env python3
"""Verify that every evidence span in questions.jsonl occurs verbatim in its doc's file.

Usage: python3 check.py   (run from anywhere; checks the folder this script lives in)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    failures = []
    with open(os.path.join(HERE, "sources.json"), encoding="utf-8") as f:
        sources = json.load(f)
    doc_file = {}
    for s in sources:
        for key in ("doc", "file", "outlet", "title", "date", "url", "provenance"):
            if key not in s:
                failures.append(f"sources.json: entry {s.get('doc')} lacks key {key!r}")
        path = os.path.join(HERE, s["file"])
        if not os.path.exists(path):
            failures.append(f"sources.json: file {s['file']} does not exist")
            continue
        if not s["file"].startswith(s["doc"] + "_"):
            failures.append(f"sources.json: file {s['file']} does not match doc {s['doc']}")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        doc_file[s["doc"]] = text
        if text.split("\n", 1)[0].strip() != s["title"]:
            failures.append(f"sources.json: title of doc {s['doc']} differs from first line of {s['file']}")

    def check_span(qid, ev):
        doc, span = ev.get("doc"), ev.get("text")
        if doc not in doc_file:
            failures.append(f"{qid}: unknown doc {doc!r}")
        elif not span or span not in doc_file[doc]:
            failures.append(f"{qid}: span not found in doc {doc}: {span!r}")

    seen = set()
    counts = {}
    with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                failures.append(f"line {n}: bad JSON ({e})")
                continue
            qid = q.get("id")
            if not qid or qid in seen:
                failures.append(f"line {n}: missing or duplicate id {qid!r}")
            seen.add(qid)
            kind = q.get("kind")
            counts[kind] = counts.get(kind, 0) + 1
            if not q.get("question"):
                failures.append(f"{qid}: empty question")
            if kind == "answer":
                evs = q.get("evidence") or []
                if not evs:
                    failures.append(f"{qid}: answer without evidence")
                for ev in evs:
                    check_span(qid, ev)
            elif kind == "dispute":
                sides = q.get("sides") or []
                if len(sides) < 2 or any(not side for side in sides):
                    failures.append(f"{qid}: dispute needs at least two non-empty sides")
                for side in sides:
                    for ev in side:
                        check_span(qid, ev)
            elif kind == "none":
                if q.get("evidence") or q.get("sides"):
                    failures.append(f"{qid}: 'none' question carries evidence")
            else:
                failures.append(f"{qid}: unknown kind {kind!r}")

    if failures:
        for msg in failures:
            print("FAIL", msg)
        sys.exit(1)
    print("OK", ", ".join(f"{k}={v}" for k, v in sorted(counts.items())), f"docs={len(doc_file)}")


if __name__ == "__main__":
    main()
