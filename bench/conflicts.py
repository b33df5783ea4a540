"""Conflict detection against labelled conflicts, and dispute/false-alarm rates on the dev set.

Run: `python -m bench.conflicts [--labels tests/data/conflicts.json] [-v]`; with `--events`,
the index-time list of every labelled set instead: how many of its dispute questions a listed
conflict covers (sides from two positions) and how many listed conflicts set sentences of one
position against each other (flagged agreement).
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from bench.devset import DEFAULT_DEVSET, DevQuestion, fold, judge, load_devset
from bot.engine import Engine
from bot.settings import PROJECT_ROOT, Settings
from index.conflicts import Conflict

DEFAULT_LABELS = PROJECT_ROOT / "tests" / "data" / "conflicts.json"


def _matches(engine: Engine, ref, label: dict) -> bool:
    text = engine.index.articles[ref.doc_id].sentences[ref.index].text
    return ref.doc_id[:3] == label["doc"] and fold(label["text"]) in fold(text)


def _side_group(engine: Engine, ref, sides: list[list[dict]]) -> int | None:
    for i, group in enumerate(sides):
        if any(_matches(engine, ref, label) for label in group):
            return i
    return None


def score(engine: Engine, labels: dict, verbose: bool = False) -> dict:
    """Precision/recall of pairwise conflicts, look-alikes flagged, reported recall."""
    found: list[Conflict] = [c for c in engine.index.conflicts if c.kind != "reported"]
    hit_labels: set[str] = set()
    false_pos: list[Conflict] = []
    true_pos = 0
    lines = []
    for c in found:
        match = None
        for label in labels["conflicts"]:
            groups = {_side_group(engine, r, label["sides"]) for r in c.sides}
            if None not in groups and len(groups) == len(c.sides) > 1:
                match = label["id"]
                break
        if match:
            true_pos += 1
            hit_labels.add(match)
        else:
            false_pos.append(c)
        lines.append(
            f"  {'TP' if match else 'FP'} [{c.kind}] {c.about}"
            f"  ({' / '.join(r.doc_id[:3] for r in c.sides)}) {match or ''}"
        )
    # A look-alike counts as flagged when a false positive sits on its two sentences (the
    # same two sentences may also hold a real conflict of another kind).
    look_alikes = 0
    for pair in labels["look_alikes"]:
        for c in false_pos:
            if len(c.sides) == 2 and (
                (
                    _matches(engine, c.sides[0], pair["a"])
                    and _matches(engine, c.sides[1], pair["b"])
                )
                or (
                    _matches(engine, c.sides[0], pair["b"])
                    and _matches(engine, c.sides[1], pair["a"])
                )
            ):
                look_alikes += 1
                lines.append(f"  LOOK-ALIKE FLAGGED: {pair['about']}")
    reported = [c for c in engine.index.conflicts if c.kind == "reported"]
    rep_hits = sum(
        any(_matches(engine, c.sides[0], r) for c in reported) for r in labels["reported"]
    )
    rep_true = sum(
        any(_matches(engine, c.sides[0], r) for r in labels["reported"]) for c in reported
    )
    missed = [lab["id"] for lab in labels["conflicts"] if lab["id"] not in hit_labels]
    figures = {
        "detected_pairs": len(found),
        "precision": true_pos / len(found) if found else 1.0,
        "recall": len(hit_labels) / len(labels["conflicts"]),
        "look_alikes_flagged": look_alikes,
        "look_alikes": len(labels["look_alikes"]),
        "reported_recall": rep_hits / len(labels["reported"]),
        "reported_precision": rep_true / len(reported) if reported else 1.0,
        "missed": missed,
    }
    if verbose:
        print("\n".join(lines))
    return figures


def dev_rates(engine: Engine, devset: Path) -> dict:
    """Disputes shown (flag + every side quoted) and false alarms on the other questions."""
    questions = load_devset(devset)
    disputes = [q for q in questions if q.kind == "dispute"]
    others = [q for q in questions if q.kind != "dispute"]
    shown = sum(judge(q, engine.ask(q.question)) for q in disputes)
    alarms = [q.id for q in others if engine.ask(q.question).disagreements]
    return {
        "disputes_shown": f"{shown}/{len(disputes)}",
        "false_alarms": f"{len(alarms)}/{len(others)}",
        "false_alarm_questions": alarms,
    }


def _positions(engine: Engine, ref, q: DevQuestion) -> set[int]:
    """The dispute's positions a conflict side's sentence quotes."""
    text = fold(engine.index.articles[ref.doc_id].sentences[ref.index].text)
    return {i for i, side in enumerate(q.sides)
            for doc, span in side if ref.doc_id[:3] == doc and fold(span) in text}


def event_figures(engine: Engine, questions: list[DevQuestion], verbose: bool) -> dict:
    """Dispute questions covered by the index-time list, and agreeing sides it flags."""
    listed = [c for c in engine.index.conflicts if c.kind != "reported"]
    covered, agreeing = set(), 0
    for c in listed:
        for q in (q for q in questions if q.kind == "dispute"):
            found = [_positions(engine, r, q) for r in c.sides]
            if all(found) and len(set().union(*found)) > 1:
                covered.add(q.id)
            elif all(found) and len(set.intersection(*found)) and len(found) > 1:
                agreeing += 1
                if verbose:
                    print(f"  AGREEING [{c.kind}] {c.about} ({q.id})")
        if verbose:
            print(f"  [{c.kind}] {c.about}  ({' / '.join(r.doc_id[:3] for r in c.sides)})")
    disputes = sum(q.kind == "dispute" for q in questions)
    return {"listed": len(listed), "covered": len(covered), "disputes": disputes,
            "agreeing": agreeing}


def events_main(verbose: bool, invented: bool = False) -> None:
    """The index-time list of every labelled set (and the made-up events) against its dispute
    questions."""
    from bench.quality import open_engines
    from bench.sets import discover, invented_sets
    from index.embed import SentenceTransformerEmbedder

    sets = discover() + (invented_sets() if invented else [])
    model = Settings.from_env(dotenv=False).embedding_model
    engines = open_engines(sets, SentenceTransformerEmbedder(model))
    for s in sets:
        if verbose:
            print(f"== {s.name} ==")
        f = event_figures(engines[s.name], list(s.questions), verbose)
        print(f"{s.name:17} listed {f['listed']:3} · disputes covered {f['covered']}/"
              f"{f['disputes']} · agreeing sides flagged {f['agreeing']}")


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--events", action="store_true", help="every labelled set instead")
    parser.add_argument("--invented", action="store_true",
                        help="with --events: the made-up events of bench/data/invented too")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.events:
        events_main(args.verbose, args.invented)
        return
    engine = Engine.open(Settings.from_env(), progress=False)
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    figures = score(engine, labels, args.verbose)
    print(
        f"pairs detected {figures['detected_pairs']} | precision {figures['precision']:.0%} | "
        f"recall {figures['recall']:.0%} of {len(labels['conflicts'])} labelled conflicts | "
        f"look-alikes flagged {figures['look_alikes_flagged']}/{figures['look_alikes']} | "
        f"reported: recall {figures['reported_recall']:.0%}, "
        f"precision {figures['reported_precision']:.0%}"
    )
    print(f"missed: {', '.join(figures['missed']) or 'none'}")
    if args.devset.exists():
        rates = dev_rates(engine, args.devset)
        print(
            f"dev set: disputes shown {rates['disputes_shown']}, "
            f"false alarms {rates['false_alarms']} {rates['false_alarm_questions']}"
        )


if __name__ == "__main__":
    main()
