"""Disputes and false alarms at scale, on public data (`../shared/eval/external/`).

Run: `python -m bench.external [--limit N] [--json]`.

- WikiContradict (130 real contradictory Wikipedia passage pairs, 253 questions): each pair
  of *different* passages becomes a two-article corpus ("Passage A", "Passage B"); every
  question is a dispute; a side counts as quoted when an excerpt of its passage holds the
  passage's answer (where the passage states it word for word) or most of the words of one
  of its contradicting sentences (the dataset gives them rewritten to stand alone:
  `SIDE_MATCH`). Printed: disputes flagged with both sides quoted, and flagged at all, for
  questions asking a value (a number, a date, a time, a duration, a measure: what the
  comparators read) and for the rest (yes/no, names, claims).
- SQuAD 2.0 (each Wikipedia article a corpus, each paragraph an article): answerable
  questions whose reply flags a disagreement, a false-alarm rate over thousands of questions
  (paragraphs of one article rarely contradict each other, so nearly every flag is false).

Pairs taken from one passage (a self-contradicting paragraph) are left out: the bot compares
outlets. Both files are read in place; the benchmark says so and skips a file that is absent.
The sides' word-share match was checked by reading a sample of matches, not fitted.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.devset import fold
from bench.quality import open_engines
from bench.sets import SHARED_EVAL, WORK, LabelledSet, squad_sets
from bot.models import Answer
from bot.qtype import question_focus
from bot.settings import Settings
from bot.slots import FOCUS_KINDS
from index.embed import SentenceTransformerEmbedder
from index.lexical import words

log = logging.getLogger(__name__)

WIKICONTRADICT = SHARED_EVAL / "external" / "wikicontradict" / "wiki_contradict_refined.jsonl"
# Wikipedia's inline tags, left in the dataset's passages ("…aporphine[inconsistent] (…"):
# markup of the page, not its text.
_TAG = re.compile(r"\[(?:inconsistent|contradictory|\d{1,3}|\.\.\.)\]", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
SIDE_MATCH = 0.6  # the share of a side's rewritten sentence's words an excerpt must hold


@dataclass(frozen=True)
class Side:
    """One passage's side: its document, its answer where stated verbatim, its sentence."""

    doc: str
    answer: str | None
    sentence: str


@dataclass(frozen=True)
class Contradiction:
    """A question the two passages answer differently."""

    id: str
    question: str
    sides: tuple[Side, Side]


@dataclass
class Tally:
    """Dispute questions judged, flagged at all, and flagged with both sides quoted."""

    questions: int = 0
    flagged: int = 0
    both_sides: int = 0

    def line(self) -> str:
        """The tally as one line of figures."""
        n = max(self.questions, 1)
        return (f"{self.both_sides}/{self.questions} ({self.both_sides / n:.0%}) with both "
                f"sides, flagged {self.flagged}/{self.questions} ({self.flagged / n:.0%})")


@dataclass
class Figures:
    """What the benchmark measured."""

    values: Tally = field(default_factory=Tally)
    others: Tally = field(default_factory=Tally)
    squad_questions: int = 0
    squad_false_alarms: int = 0


def _side(doc: str, passage: str, answer: str, sentence: str) -> Side:
    """A passage's side; its answer is kept only where the passage states it."""
    answer = answer.strip(" .")
    stated = len(answer) > 1 and fold(answer) in fold(passage)
    return Side(doc, answer if stated else None, sentence)


def quoted(answer: Answer, side: Side) -> bool:
    """Does some excerpt of the side's passage (a quote or a disagreement's side) show it?"""
    excerpts = [q.excerpt for q in answer.quotes] + [e for d in answer.disagreements
                                                     for e in d.sides]
    for e in excerpts:
        text = fold(e.text)
        if e.source.doc_id[:3] != side.doc:
            continue
        if (side.answer and fold(side.answer) in text) or _holds_most(text, side.sentence):
            return True
    return False


def _holds_most(text: str, side: str) -> bool:
    """Does the text hold most of the words of one of the side's sentences (restated by the
    dataset to stand alone)?"""
    held = set(words(text))
    for sentence in _SENTENCE_END.split(side):
        wanted = set(words(fold(sentence)))
        if len(wanted) >= 4 and len(wanted & held) / len(wanted) >= SIDE_MATCH:
            return True
    return False


def _corpus(target: Path, title: str, passages: tuple[str, str]) -> Path:
    """Write a two-article corpus (reused when unchanged)."""
    (target / "articles").mkdir(parents=True, exist_ok=True)
    lines = []
    for name, label, text in zip(("000_a.txt", "001_b.txt"), ("Passage A", "Passage B"),
                                 passages, strict=True):
        dest = target / "articles" / name
        # A headline long enough not to pass for a section label, so the passage is the text.
        page = f"{label} of a {title}\n\n{text}\n"
        if not dest.exists() or dest.read_text("utf-8") != page:
            dest.write_text(page, "utf-8")
        lines += ["[[article]]", f"file = {json.dumps(name)}", f"outlet = {json.dumps(label)}",
                  f"title = {json.dumps(title)}", ""]
    manifest = target / "sources.toml"
    if not manifest.exists() or manifest.read_text("utf-8") != "\n".join(lines):
        manifest.write_text("\n".join(lines), "utf-8")
    return target


def wikicontradict_sets(path: Path = WIKICONTRADICT, work: Path = WORK,
                        limit: int | None = None) -> list[tuple[LabelledSet, list[Contradiction]]]:
    """One two-article corpus per pair of different passages, with its questions."""
    if not path.exists():
        log.warning("WikiContradict not found at %s: skipping it", path)
        return []
    pairs: dict[tuple[str, str], list[Contradiction]] = {}
    for i, line in enumerate(path.read_text("utf-8").splitlines()):
        row = json.loads(line)
        a, b = (_TAG.sub("", row[k]).strip() for k in ("context1_info", "context2_info"))
        if a != b:
            sides = (_side("000", a, row["answer1"], row["context1"]),
                     _side("001", b, row["answer2"], row["context2"]))
            pairs.setdefault((a, b), []).append(Contradiction(f"wc-{i:03d}", row["question"],
                                                              sides))
    out = []
    for n, (pair, questions) in enumerate(list(pairs.items())[:limit]):
        corpus = _corpus(work / "corpora" / f"wikic-{n:03d}", "WikiContradict pair", pair)
        out.append((LabelledSet(f"wikic:{n:03d}", corpus, ()), questions))
    return out


def run(limit: int | None = None, data: tuple[str, ...] = ("wikicontradict", "squad")) -> Figures:
    """Ask every question of the data sets through the real engine and tally."""
    figures = Figures()
    embedder = SentenceTransformerEmbedder(Settings.from_env(dotenv=False).embedding_model)
    pairs = wikicontradict_sets(limit=limit) if "wikicontradict" in data else []
    engines = open_engines([s for s, _ in pairs], embedder)
    for s, questions in pairs:
        for q in questions:
            answer = engines[s.name].ask(q.question)
            tally = figures.values if question_focus(q.question) in FOCUS_KINDS else figures.others
            tally.questions += 1
            tally.flagged += bool(answer.disagreements)
            tally.both_sides += bool(answer.disagreements) and all(quoted(answer, side)
                                                                   for side in q.sides)
    squad = squad_sets()[:limit] if "squad" in data else []
    engines = open_engines(squad, embedder)
    for s in squad:
        for q in s.questions:
            if q.kind == "answer":
                figures.squad_questions += 1
                figures.squad_false_alarms += bool(engines[s.name].ask(q.question).disagreements)
    return figures


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N corpora of each data set")
    parser.add_argument("--data", choices=("wikicontradict", "squad"), action="append",
                        help="only this data set (repeatable; default: both)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    f = run(args.limit, tuple(args.data or ("wikicontradict", "squad")))
    if f.values.questions or f.others.questions:
        print("WikiContradict disputes (different passages)")
        print(f"  questions asking a value  {f.values.line()}")
        print(f"  other questions           {f.others.line()}")
    if f.squad_questions:
        rate = f.squad_false_alarms / f.squad_questions
        print(f"SQuAD 2.0 answerable questions flagging a disagreement: "
              f"{f.squad_false_alarms}/{f.squad_questions} ({rate:.1%})")
    if args.json:
        print(json.dumps({"values": vars(f.values), "others": vars(f.others),
                          "squad_questions": f.squad_questions,
                          "squad_false_alarms": f.squad_false_alarms}, indent=1))


if __name__ == "__main__":
    main()
