"""Summary benchmark: key facts covered by the overall summary, its size, and timings.

Run: `python -m bench.summary [--facts PATH] [-v]`. Key facts come from
`tests/data/key_facts.json` (written from a reading of the seed articles); a fact is covered
when a quote the summary shows (or a disagreement side) contains one of its phrases.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from bench.devset import fold
from bot.attribution import source_of
from bot.engine import Engine
from bot.models import Summary
from bot.render import render_summary
from bot.settings import PROJECT_ROOT, Settings

DEFAULT_FACTS = PROJECT_ROOT / "tests" / "data" / "key_facts.json"
DEFAULT_TOPICS = ("prisoner exchange", "Black Sea", "military aid", "hockey")


@dataclass(frozen=True)
class KeyFact:
    """One key fact of the coverage and phrases that show a text states it."""

    id: str
    fact: str
    core: bool
    phrases: tuple[str, ...]


def load_facts(path: Path = DEFAULT_FACTS) -> list[KeyFact]:
    """Read key_facts.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        KeyFact(f["id"], f["fact"], bool(f.get("core", True)), tuple(f["phrases"]))
        for f in data["facts"]
    ]


def shown_texts(summary: Summary) -> list[str]:
    """The verbatim texts a reader of the summary sees: points and disagreement sides."""
    texts = [q.excerpt.text for q in summary.quotes]
    return texts + [s.text for d in summary.disagreements for s in d.sides]


def covered(facts: list[KeyFact], summary: Summary) -> list[KeyFact]:
    """The facts some shown text states."""
    texts = [fold(t) for t in shown_texts(summary)]
    return [f for f in facts if any(fold(p) in t for p in f.phrases for t in texts)]


def _timed(call) -> tuple[Summary, float]:
    start = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    """Print coverage, size and timings of the summaries."""
    parser = argparse.ArgumentParser(prog="python -m bench.summary")
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    engine = Engine.open(Settings.from_env(), progress=False)
    facts = load_facts(args.facts)

    overall, first_ms = _timed(engine.summary)
    _, cached_ms = _timed(engine.summary)
    reply = render_summary(overall)
    hit = covered(facts, overall)
    core = [f for f in facts if f.core]
    print(f"key facts covered: {len(hit)}/{len(facts)} "
          f"(core {len([f for f in hit if f.core])}/{len(core)})")
    print(f"quotes: {len(overall.quotes)}  also-merged points: "
          f"{sum(1 for q in overall.quotes if q.also)}  disagreements: "
          f"{len(overall.disagreements)}")
    print(f"characters: quotes {sum(len(q.excerpt.text) for q in overall.quotes)}, "
          f"reply {len(reply)}")
    print(f"overall: {first_ms:.1f} ms first, {cached_ms:.3f} ms cached")
    missed = [f.id for f in facts if f not in hit]
    print(f"missed: {', '.join(missed) or '-'}")
    if args.verbose:
        print(reply)

    for article in engine.index.articles.values():
        s, ms = _timed(lambda a=article: engine.summary(source=a.doc_id))
        print(f"source {article.doc_id} ({source_of(article).label[:40]}): {len(s.quotes)} quotes, "
              f"{ms:.1f} ms")
    engine.index.encode_question("warm-up")  # the first encode loads the model lazily
    for topic in (*DEFAULT_TOPICS, "Mars colonisation"):
        s, ms = _timed(lambda t=topic: engine.summary(topic=t))
        outlets = len({q.excerpt.source.doc_id for q in s.quotes})
        state = f"{len(s.quotes)} quotes from {outlets} outlets" if s.answered else "abstains"
        print(f"topic {topic!r}: {state}, {ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
