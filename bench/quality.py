"""Answer quality on every labelled set, per set, held-out split and overall.

Run: `python -m bench.quality [--set NAME] [--mode fused] [--split all|tune|held-out] [-v]`.

For each search mode (dense, BM25, fused) and the baseline `plain` (the top 3 passages of a
plain chroma search, quoted whole, never abstaining) it prints, per set:
- hit: answer questions where some quote carries labelled evidence;
- lead: answer questions whose first quote carries it;
- abstain: questions the articles do not cover that got no answer;
- disputes: dispute questions with a disagreement flagged and every side quoted;
- false alarms: answer questions whose reply flags a disagreement;
- false abstentions, quote fidelity (each quote is the clean text at its span), quotes per
  answer and the rank of the first retrieved passage holding evidence (MRR, top 5).
The held-out split (`bench.sets`) is reported on its own line, then all questions together.
With `--invented`, the made-up events of `bench/data/invented/` too, summed on lines of their
own ("invented …"), never in the real sets' figures.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench.devset import DevQuestion, covers, fold, judge
from bench.sets import LabelledSet, discover, held_out_question, invented_sets, store_for
from bot.attribution import excerpt_of
from bot.engine import Engine
from bot.models import Answer, Quote
from bot.settings import Settings
from index.embed import Embedder, SentenceTransformerEmbedder
from index.search import SearchMode

PLAIN = "plain"  # the baseline: top-3 chroma passages, quoted whole


@dataclass
class Tally:
    """Counts for one group of questions under one mode."""

    n: dict[str, int] = field(default_factory=lambda: {"answer": 0, "dispute": 0, "none": 0})
    good: dict[str, int] = field(default_factory=lambda: {"answer": 0, "dispute": 0, "none": 0})
    lead: int = 0
    false_alarm: int = 0
    false_abstain: int = 0
    verbatim: int = 0
    quoted: int = 0
    quotes: int = 0
    reciprocal: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        for k in self.n:
            self.n[k] += other.n[k]
            self.good[k] += other.good[k]
        self.lead += other.lead
        self.false_alarm += other.false_alarm
        self.false_abstain += other.false_abstain
        self.verbatim += other.verbatim
        self.quoted += other.quoted
        self.quotes += other.quotes
        self.reciprocal += other.reciprocal

    def figures(self) -> dict[str, float]:
        """Rates as a dict (JSON output)."""
        answered = self.n["answer"] + self.n["dispute"]
        rr = self.reciprocal
        return {
            "hit": self.good["answer"] / max(self.n["answer"], 1),
            "lead": self.lead / max(self.n["answer"], 1),
            "abstain": self.good["none"] / max(self.n["none"], 1),
            "disputes": self.good["dispute"] / max(self.n["dispute"], 1),
            "false_alarms": self.false_alarm / max(self.n["answer"], 1),
            "false_abstentions": self.false_abstain / max(answered, 1),
            "fidelity": self.verbatim / max(self.quoted, 1),
            "quotes_per_answer": self.quotes / max(answered, 1),
            "passage_mrr": sum(rr) / max(len(rr), 1),
            "passage_top5": sum(r >= 0.2 for r in rr) / max(len(rr), 1),
        }

    def line(self) -> str:
        """One table row."""
        f = self.figures()
        n, g = self.n, self.good
        return (
            f"hit {g['answer']}/{n['answer']} · lead {self.lead}/{n['answer']} · "
            f"abstain {g['none']}/{n['none']} · disputes {g['dispute']}/{n['dispute']} · "
            f"false alarms {self.false_alarm}/{n['answer']} · "
            f"false abstain {self.false_abstain}/{n['answer'] + n['dispute']} · "
            f"fidelity {f['fidelity']:.0%} · quotes {f['quotes_per_answer']:.1f} · "
            f"MRR {f['passage_mrr']:.2f}"
        )


def fidelity(engine: Engine, answer: Answer) -> tuple[int, int]:
    """(verbatim quotes, all quotes) of one answer, sides and 'also' included."""
    excerpts = [q.excerpt for q in answer.quotes] + [e for q in answer.quotes for e in q.also]
    excerpts += [s for d in answer.disagreements for s in d.sides]
    ok = sum(
        engine.index.articles[e.source.doc_id].clean_text[e.start : e.end] == e.text
        for e in excerpts
    )
    return ok, len(excerpts)


def evidence_rank(engine: Engine, q: DevQuestion, mode: SearchMode, depth: int = 20) -> int | None:
    """Rank of the first retrieved passage holding a labelled span (None: not in `depth`)."""
    spans = [s for side in q.sides for s in side] if q.kind == "dispute" else list(q.evidence)
    vector = engine.index.encode_question(q.question)
    hits = engine.index.search(q.question, vector, k=depth, mode=mode)
    for rank, hit in enumerate(hits, 1):
        text = fold(hit.passage.text)
        if any(hit.passage.doc_id[:3] == doc and fold(t) in text for doc, t in spans):
            return rank
    return None


def plain_answer(engine: Engine, question: str, k: int = 3) -> Answer:
    """The baseline: the top `k` passages of a plain chroma search, quoted whole."""
    index = engine.index
    hits = index.search(question, index.encode_question(question), k=k, mode=SearchMode.DENSE)
    quotes = []
    for hit in hits:
        article = index.articles[hit.passage.doc_id]
        members = index.passage_sentences(hit.passage)
        first, last = members[0], members[-1]
        quotes.append(Quote(excerpt=excerpt_of(article, first, last), score=hit.score))
    return Answer(question=question, answered=bool(quotes), quotes=tuple(quotes))


def score_question(engine: Engine, q: DevQuestion, mode: str) -> tuple[Tally, str]:
    """Ask one question under one mode; its tally and a report line."""
    t = Tally()
    if mode == PLAIN:
        answer = plain_answer(engine, q.question)
    else:
        answer = engine.ask(q.question, mode=SearchMode(mode))
        if q.kind != "none":
            rank = evidence_rank(engine, q, SearchMode(mode))
            t.reciprocal.append(1.0 / rank if rank else 0.0)
    ok = judge(q, answer)
    t.n[q.kind] += 1
    t.good[q.kind] += ok
    lead = bool(answer.quotes) and q.kind == "answer" and covers(
        Answer(q.question, True, answer.quotes[:1]), q.evidence, include_sides=False
    )
    t.lead += lead
    t.false_alarm += q.kind == "answer" and bool(answer.disagreements)
    t.false_abstain += q.kind != "none" and not answer.answered
    t.verbatim, t.quoted = fidelity(engine, answer)
    t.quotes += len(answer.quotes)
    flags = []
    if q.kind == "answer":
        flags.append("lead" if lead else "no-lead")
        if answer.disagreements:
            flags.append("FALSE-ALARM")
    if q.kind == "dispute":
        sides = [covers(answer, s, include_sides=True) for s in q.sides]
        flags.append(f"sides={sides} flagged={bool(answer.disagreements)}")
    line = f"  {'PASS' if ok else 'FAIL'} {q.id} [{q.kind}] q={len(answer.quotes)} " \
           f"{' '.join(flags)}  {q.question}"
    return t, line


def _details(answer: Answer) -> list[str]:
    out = [f"      - {q.excerpt.source.doc_id[:3]} {q.excerpt.text[:120]}" for q in answer.quotes]
    for d in answer.disagreements:
        sides = " | ".join(f"{s.source.doc_id[:3]} {s.text[:60]}" for s in d.sides)
        out.append(f"      ! {d.about}: {sides}")
    if not answer.answered:
        out.append(f"      - abstained: {answer.note}")
    return out


def open_engines(sets: Iterable[LabelledSet], embedder: Embedder) -> dict[str, Engine]:
    """One engine per corpus (sets about one corpus share it)."""
    settings = Settings.from_env(dotenv=False)
    by_corpus: dict[str, Engine] = {}
    out = {}
    for s in sets:
        key = str(s.corpus.resolve())
        if key not in by_corpus:
            by_corpus[key] = Engine.open(
                settings, corpus=s.corpus, store=store_for(s), embedder=embedder, progress=False
            )
        out[s.name] = by_corpus[key]
    return out


def _groups(labelled: LabelledSet, held: bool) -> tuple[str, ...]:
    """The summary lines a question counts in: real and invented sets apart."""
    if labelled.invented:
        return ("invented", "invented held-out" if held else "invented tune")
    return ("overall", "held-out" if held else "tune")


_SUMMARY = ("tune", "held-out", "overall", "invented tune", "invented held-out", "invented")


def _run_mode(
    sets: list[LabelledSet], engines: dict[str, Engine], mode: str, split: str, verbose: bool
) -> dict:
    """One mode over every set: a line per set, then the summary lines; the figures."""
    totals = {name: Tally() for name in _SUMMARY}
    per_set: dict[str, dict] = {}
    print(f"\n== {mode} ==")
    for s in sets:
        tally = Tally()
        lines = []
        for q in s.questions:
            is_held = held_out_question(s.name, q.id)
            if (split == "tune" and is_held) or (split == "held-out" and not is_held):
                continue
            t, line = score_question(engines[s.name], q, mode)
            tally.add(t)
            for group in _groups(s, is_held):
                totals[group].add(t)
            lines.append(line + ("  (held out)" if is_held else ""))
            if verbose and ("PASS" not in line[:8] or "FALSE" in line):
                ans = (plain_answer(engines[s.name], q.question) if mode == PLAIN
                       else engines[s.name].ask(q.question, mode=SearchMode(mode)))
                lines += _details(ans)
        per_set[s.name] = tally.figures()
        if verbose:
            print("\n".join(lines))
        print(f"  {s.name:<17} {tally.line()}")
    for name in _SUMMARY:
        if sum(totals[name].n.values()):
            print(f"  {name:<17} {totals[name].line()}")
    return {"sets": per_set, "tune": totals["tune"].figures(),
            "held_out": totals["held-out"].figures(), "overall": totals["overall"].figures(),
            **({"invented": totals["invented"].figures()} if any(x.invented for x in sets)
               else {})}


def run(
    sets: list[LabelledSet], engines: dict[str, Engine], modes: list[str], split: str,
    verbose: bool,
) -> dict:
    """Evaluate every mode on every set; print tables and return the figures."""
    return {mode: _run_mode(sets, engines, mode, split, verbose) for mode in modes}


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", help="only these sets (repeatable)")
    parser.add_argument("--mode", choices=[m.value for m in SearchMode] + [PLAIN], action="append")
    parser.add_argument("--split", choices=["all", "tune", "held-out"], default="all")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--invented", action="store_true",
                        help="also the made-up events of bench/data/invented, reported apart")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="every question; quotes of failures")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    found = discover() + (invented_sets() if args.invented else [])
    sets = [s for s in found if not args.set or s.name in args.set]
    if not sets:
        raise SystemExit("no labelled sets found (looked in ../shared/eval and bench/data)")
    embedder = SentenceTransformerEmbedder(Settings.from_env(dotenv=False).embedding_model)
    engines = open_engines(sets, embedder)
    modes = args.mode or [m.value for m in SearchMode] + [PLAIN]
    results = run(sets, engines, modes, args.split, args.verbose)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
