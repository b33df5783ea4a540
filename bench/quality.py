"""Answer quality on the dev set for dense, BM25 and fused search.

Run: `python -m bench.quality [--devset PATH] [--mode fused] [-v]`. Prints hit rate (answer
questions whose quotes contain labelled evidence), disputes shown, abstentions, false
abstentions, quote fidelity (every quote equals the clean text at its span) and a line per
question.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bench.devset import DEFAULT_DEVSET, covers, fold, judge, load_devset
from bot.engine import Engine
from bot.settings import Settings
from index.search import SearchMode


def fidelity(engine: Engine, answer) -> tuple[int, int]:
    """(verbatim quotes, all quotes) of one answer, sides and 'also' included."""
    excerpts = [q.excerpt for q in answer.quotes] + [e for q in answer.quotes for e in q.also]
    excerpts += [s for d in answer.disagreements for s in d.sides]
    ok = sum(
        engine.index.articles[e.source.doc_id].clean_text[e.start : e.end] == e.text
        for e in excerpts
    )
    return ok, len(excerpts)


def evidence_rank(engine: Engine, q, mode: SearchMode, depth: int = 20) -> int | None:
    """Rank of the first retrieved passage holding a labelled span (None: not in `depth`)."""
    spans = [s for side in q.sides for s in side] if q.kind == "dispute" else list(q.evidence)
    vector = engine.index.encode_question(q.question)
    hits = engine.index.search(q.question, vector, k=depth, mode=mode)
    for rank, hit in enumerate(hits, 1):
        text = fold(hit.passage.text)
        if any(hit.passage.doc_id[:3] == doc and fold(t) in text for doc, t in spans):
            return rank
    return None


def run(engine: Engine, devset: Path, modes: list[SearchMode], verbose: bool) -> dict:
    """Evaluate every mode; print a table and return the figures."""
    questions = load_devset(devset)
    results = {}
    for mode in modes:
        good = {"answer": 0, "dispute": 0, "none": 0}
        total = {"answer": 0, "dispute": 0, "none": 0}
        false_abstain = verbatim = quoted = n_quotes = 0
        reciprocal: list[float] = []
        lines = []
        for q in questions:
            if q.kind != "none":
                rank = evidence_rank(engine, q, mode)
                reciprocal.append(1.0 / rank if rank else 0.0)
            answer = engine.ask(q.question, mode=mode)
            ok = judge(q, answer)
            total[q.kind] += 1
            good[q.kind] += ok
            if q.kind != "none" and not answer.answered:
                false_abstain += 1
            v, n = fidelity(engine, answer)
            verbatim, quoted = verbatim + v, quoted + n
            n_quotes += len(answer.quotes)
            detail = ""
            if q.kind == "dispute":
                sides = [covers(answer, s, include_sides=True) for s in q.sides]
                detail = f" sides={sides} flagged={bool(answer.disagreements)}"
            lines.append(
                f"  {'PASS' if ok else 'FAIL'} {q.id} [{q.kind}] quotes={len(answer.quotes)}"
                f"{detail}  {q.question}"
            )
            if verbose and not ok:
                for quote in answer.quotes:
                    lines.append(
                        f"      - {quote.excerpt.source.doc_id[:3]} {quote.excerpt.text[:110]}"
                    )
                if not answer.answered:
                    lines.append(f"      - abstained: {answer.note}")
        answered_q = total["answer"] + total["dispute"]
        figures = {
            "hit_rate": good["answer"] / max(total["answer"], 1),
            "disputes_shown": good["dispute"] / max(total["dispute"], 1),
            "abstentions": good["none"] / max(total["none"], 1),
            "false_abstentions": false_abstain / max(answered_q, 1),
            "fidelity": verbatim / max(quoted, 1),
            "quotes_per_answer": n_quotes / max(answered_q, 1),
            "passage_mrr": sum(reciprocal) / max(len(reciprocal), 1),
            "passage_recall_at_5": sum(r >= 0.2 for r in reciprocal) / max(len(reciprocal), 1),
        }
        results[mode.value] = figures
        print(f"\n== {mode.value} ==")
        print("\n".join(lines))
        print(
            f"  hit rate {good['answer']}/{total['answer']} = {figures['hit_rate']:.0%} | "
            f"disputes shown {good['dispute']}/{total['dispute']} | "
            f"abstentions {good['none']}/{total['none']} | "
            f"false abstentions {false_abstain}/{answered_q} | "
            f"fidelity {verbatim}/{quoted} = {figures['fidelity']:.0%} | "
            f"quotes/answer {figures['quotes_per_answer']:.1f}\n"
            f"  retrieval: evidence passage MRR {figures['passage_mrr']:.2f}, "
            f"in top 5 for {figures['passage_recall_at_5']:.0%}"
        )
    return results


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--mode", choices=[m.value for m in SearchMode], action="append")
    parser.add_argument("-v", "--verbose", action="store_true", help="show quotes of failures")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    engine = Engine.open(Settings.from_env(), progress=False)
    modes = [SearchMode(m) for m in args.mode] if args.mode else list(SearchMode)
    run(engine, args.devset, modes, args.verbose)


if __name__ == "__main__":
    main()
