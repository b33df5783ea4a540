"""Check a labelled set folder (`sources.json`, `questions.jsonl`, the articles): every
source has its keys and names its existing file, every question has a unique id and a known
kind, and every evidence or side span occurs verbatim in its article.

Run: `python -m bench.check_set [FOLDER ...]` (default: every made-up event of
`bench/data/invented/`); exits 1 when a folder has a fault.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from bench.sets import INVENTED

SOURCE_KEYS = ("doc", "file", "outlet", "title", "date", "url", "provenance")


def _articles(folder: Path, faults: list[str]) -> dict[str, str]:
    """Each source's article text by doc id; what is wrong with the sources goes to `faults`."""
    texts: dict[str, str] = {}
    for source in json.loads((folder / "sources.json").read_text("utf-8")):
        missing = [k for k in SOURCE_KEYS if k not in source]
        if missing:
            faults.append(f"sources.json: {source.get('doc')} lacks {', '.join(missing)}")
            continue
        path = folder / source["file"]
        if not path.is_file() or not source["file"].startswith(f"{source['doc']}_"):
            faults.append(f"sources.json: {source['file']} is missing or not doc {source['doc']}'s")
            continue
        texts[source["doc"]] = path.read_text("utf-8")
    return texts


def _spans(question: dict) -> list[dict]:
    """The labelled spans of a question; a fault is raised as ValueError."""
    kind = question.get("kind")
    if kind == "answer":
        if not question.get("evidence"):
            raise ValueError("an answer without evidence")
        return question["evidence"]
    if kind == "dispute":
        sides = question.get("sides") or []
        if len(sides) < 2 or not all(sides):
            raise ValueError("a dispute needs two or more non-empty sides")
        return [span for side in sides for span in side]
    if kind == "none":
        if question.get("evidence") or question.get("sides"):
            raise ValueError("a 'none' question carries evidence")
        return []
    raise ValueError(f"unknown kind {kind!r}")


def check(folder: Path) -> tuple[list[str], Counter[str]]:
    """The faults of a set folder and its questions counted by kind."""
    faults: list[str] = []
    texts = _articles(folder, faults)
    kinds: Counter[str] = Counter()
    seen: set[str] = set()
    lines = (folder / "questions.jsonl").read_text("utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            question = json.loads(line)
            qid = question.get("id") or f"line {n}"
            if qid in seen or not question.get("question"):
                raise ValueError("a duplicate id or an empty question")
            seen.add(qid)
            kinds[question["kind"]] += 1
            for span in _spans(question):
                if span.get("text", "") == "" or span["text"] not in texts.get(span["doc"], ""):
                    faults.append(f"{qid}: not verbatim in {span.get('doc')}: {span.get('text')!r}")
        except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
            faults.append(f"line {n}: {exc}")
    return faults, kinds


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    folders = args.folders or sorted(p for p in INVENTED.iterdir() if p.is_dir())
    failed = False
    for folder in folders:
        faults, kinds = check(folder)
        counts = ", ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
        print(f"{'FAIL' if faults else 'OK'} {folder.name}: {counts}")
        for fault in faults:
            print("  ", fault)
        failed = failed or bool(faults)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
