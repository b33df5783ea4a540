"""One presentation of every reply, read by both renderers (text and Discord embeds).

The core's answer types say *what* was found; a `Presentation` says what a reader is shown
and in which order: the title, quote and conflict blocks, a note and a footer. Every
decision about content (which quote a disagreement side replaces, what leads, how a source
is named, which label a conflict gets, what a footer says) is made here, once. Renderers
only turn blocks into Markdown (`bot.markdown`) and fit them into their medium: the text
renderer prints them all, the Discord renderer pages them within Discord's limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.corpus_info import DEFAULT, CorpusInfo
from bot.followup import follows_note
from bot.models import Answer, Disagreement, Excerpt, Quote, Source, SourceInfo, Summary

FOOTER = "Quotes are verbatim from the articles."
ABSTAIN_FOOTER = "Answers use only verbatim quotes from the articles."
NOT_COVERED = "The articles do not cover this question."


class Tone(Enum):
    """What kind of reply it is (the embed colour)."""

    ANSWER = "answer"
    CONFLICT = "conflict"
    ABSTAIN = "abstain"
    INFO = "info"


@dataclass(frozen=True)
class Credit:
    """How one article is credited: its readable name, headline, link and date."""

    name: str
    headline: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True)
class QuoteBlock:
    """A verbatim quote, who wrote it, who else reports it, and how widely (summaries)."""

    text: str
    credit: Credit
    also: tuple[Credit, ...] = ()
    consensus: str = ""


@dataclass(frozen=True)
class Side:
    """One side of a conflict; `text` is None when the side is already quoted nearby."""

    credit: Credit
    text: str | None
    claim: str = ""
    shown: str = ""  # "quoted above" / "reports the point above" when text is None


@dataclass(frozen=True)
class ConflictBlock:
    """A disagreement between articles, or differing accounts one article reports."""

    heading: str
    intro: str
    sides: tuple[Side, ...]
    detail: str = ""  # "duration, confidence 0.91" in the full list


@dataclass(frozen=True)
class TextBlock:
    """The bot's own text (Markdown allowed), e.g. a help line, a group header, a source row."""

    text: str


@dataclass(frozen=True)
class SourceRow:
    """One article in the source list."""

    credit: Credit
    doc_id: str
    passages: int


Block = QuoteBlock | ConflictBlock | TextBlock | SourceRow


@dataclass(frozen=True)
class Presentation:
    """A whole reply: what both renderers show, in this order."""

    title: str
    blocks: tuple[Block, ...] = ()
    note: str = ""
    footer: str = FOOTER
    tone: Tone = Tone.ANSWER
    separator: str = "\n\n"  # between blocks: "\n" for lists of one-line rows


def plural(n: int, word: str) -> str:
    """'1 article', '2 articles'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def credit(source: Source) -> Credit:
    """The credit line's parts; the headline only when the name is the outlet."""
    headline = source.title if source.outlet else None
    return Credit(source.label, headline, source.url, source.published)


def _overlap(a: Excerpt, b: Excerpt) -> bool:
    """Do two excerpts share text (a quote may extend a side by a sentence)?"""
    return a.source.doc_id == b.source.doc_id and a.start < b.end and b.start < a.end


def quote_block(quote: Quote, consensus: str = "") -> QuoteBlock:
    """One quote with the other articles reporting the same point."""
    return QuoteBlock(quote.excerpt.text, credit(quote.excerpt.source),
                      tuple(credit(e.source) for e in quote.also), consensus)


def conflict_block(
    d: Disagreement,
    quoted: frozenset[tuple[str, int]] = frozenset(),
    same_point: frozenset[tuple[str, int]] = frozenset(),
    detail: str = "",
) -> ConflictBlock:
    """A disagreement; a side already quoted (`quoted`) or merged (`same_point`) is named only."""
    claims = d.claims if len(d.claims) == len(d.sides) else ("",) * len(d.sides)
    sides = []
    for side, claim in zip(d.sides, claims, strict=True):
        key = (side.source.doc_id, side.start)
        shown = ("quoted above" if key in quoted
                 else "reports the point above" if key in same_point else "")
        sides.append(Side(credit(side.source), None if shown else side.text, claim, shown))
    articles = len({s.source.doc_id for s in d.sides})
    if d.kind == "reported" or articles == 1:
        name = d.sides[0].source.label
        return ConflictBlock(f"Differing accounts, as {name} reports",
                             "The article itself reports that accounts differ:",
                             tuple(sides), detail)
    return ConflictBlock(f"Sources disagree: {d.about}",
                         f"{plural(articles, 'article')} report this differently:",
                         tuple(sides), detail)


def _drawn_from(sources: Sequence[Source], total: int) -> str:
    """'Drawn from 3 of 5 articles.' or 'Drawn from El País only.'"""
    names = {s.doc_id: s.label for s in sources}
    if len(names) == 1:
        return f"Drawn from {next(iter(names.values()))} only."
    if total >= len(names) > 0:
        return f"Drawn from {len(names)} of {plural(total, 'article')}."
    return f"Drawn from {plural(len(names), 'article')}."


def answer_presentation(answer: Answer) -> Presentation:
    """The reply to one question: quotes, and where the sources disagree."""
    follows = follows_note(answer.follows) if answer.follows else ""
    if not answer.answered:
        return Presentation(answer.question, note=_joined(answer.note or NOT_COVERED, follows),
                            footer=ABSTAIN_FOOTER, tone=Tone.ABSTAIN)
    # A quote that is a side of a disagreement is shown there only. When the answer leads
    # with a disagreement (the question asked about the disputed point) it comes first;
    # otherwise the quotes come first and the conflicts between them follow.
    sides = [s for d in answer.disagreements for s in d.sides]
    quotes = [quote_block(q) for q in answer.quotes
              if not any(_overlap(q.excerpt, s) for s in sides)]
    conflicts = [conflict_block(d) for d in answer.disagreements]
    top = answer.quotes[0].excerpt if answer.quotes else None
    leads = bool(answer.disagreements) and top is not None and any(
        _overlap(top, s) for s in answer.disagreements[0].sides
    )
    blocks: list[Block] = [*conflicts, *quotes] if leads else [*quotes, *conflicts]
    return Presentation(answer.question, tuple(blocks), note=_joined(answer.note, follows),
                        tone=Tone.CONFLICT if answer.disagreements else Tone.ANSWER)


def _joined(*notes: str) -> str:
    return " ".join(n for n in notes if n)


def disagreements_presentation(found: Sequence[Disagreement]) -> Presentation:
    """Every conflict found between the articles, most confident first."""
    title = "Where the sources disagree"
    if not found:
        return Presentation(title, note="The articles do not contradict each other on anything "
                            "the bot can detect.", tone=Tone.ABSTAIN)
    intro = TextBlock(f"{plural(len(found), 'point')} where accounts differ, most confident "
                      "first. Each side is quoted verbatim.")
    blocks = [conflict_block(d, detail=f"{i}. {d.kind}, confidence {d.confidence:.2f}")
              for i, d in enumerate(found, 1)]
    return Presentation(title, (intro, *blocks), tone=Tone.CONFLICT)


def consensus_line(quote: Quote, total_sources: int) -> str:
    """'Reported by 3 of 5 articles' or 'Only A reports this'."""
    if not quote.also:
        return f"Only {quote.excerpt.source.label} reports this."
    of = f" of {total_sources}" if total_sources >= quote.count else ""
    return f"Reported by {quote.count}{of} articles."


def _spans(quote: Quote) -> set[tuple[str, int, int]]:
    return {(e.source.doc_id, e.start, e.end) for e in (quote.excerpt, *quote.also)}


def _summary_sources(summary: Summary) -> list[Source]:
    out = [e.source for q in summary.quotes for e in (q.excerpt, *q.also)]
    return out + [s.source for d in summary.disagreements for s in d.sides]


def summary_presentation(summary: Summary) -> Presentation:
    """A summary: each point, the disagreement under the point it concerns, the rest after."""
    footer = f"{FOOTER} {_drawn_from(_summary_sources(summary), summary.total_sources)}"
    if not summary.answered:
        return Presentation(summary.heading, note=summary.note or "Nothing to summarise.",
                            footer=FOOTER, tone=Tone.ABSTAIN)
    placed: set[int] = set()
    blocks: list[Block] = []
    headers: set[str] = set()
    for quote in summary.quotes:
        if summary.kind == "topic" and (name := quote.excerpt.source.label) not in headers:
            headers.add(name)
            blocks.append(TextBlock(f"__{name}__"))
        consensus = (consensus_line(quote, summary.total_sources)
                     if summary.kind == "overall" else "")
        blocks.append(quote_block(quote, consensus))
        quoted = frozenset({(quote.excerpt.source.doc_id, quote.excerpt.start)})
        merged = frozenset((e.source.doc_id, e.start) for e in quote.also)
        for n, d in enumerate(summary.disagreements):
            if n not in placed and _spans(quote) & {(s.source.doc_id, s.start, s.end)
                                                    for s in d.sides}:
                blocks.append(conflict_block(d, quoted, merged))
                placed.add(n)
    blocks += [conflict_block(d) for n, d in enumerate(summary.disagreements) if n not in placed]
    return Presentation(summary.heading, tuple(blocks), note=summary.note, footer=footer)


def sources_presentation(infos: Sequence[SourceInfo]) -> Presentation:
    """The articles the bot quotes from, one row each (the id is what /summary accepts)."""
    if not infos:
        return Presentation("The articles", note="No articles are indexed.", footer="",
                            tone=Tone.ABSTAIN)
    rows = tuple(SourceRow(credit(i.source), i.source.doc_id, i.passages) for i in infos)
    return Presentation(f"The articles ({len(infos)})", rows, tone=Tone.INFO, separator="\n",
                        footer="/summary source:<id> gives one article's own account.")


def help_presentation(
    info: CorpusInfo = DEFAULT, *, max_question_chars: int, cooldown_seconds: int,
    channels: bool, bot_name: str = "callbot",
) -> Presentation:
    """What the bot does and how to use each command, in the corpus's own words."""
    lines = [
        f"I answer questions about {info.subject} with verbatim, attributed quotes from the "
        "articles, and I say where the articles disagree. I never write an answer myself.",
        f"**/ask** `question` — ask anything (up to {max_question_chars} characters), "
        f"e.g. {info.example}",
        "**/summary** `[source]` `[topic]` — a summary in the articles' own words; "
        "pick one article with `source`, or narrow it with `topic`.",
        "**/disagreements** — every point where the articles' accounts differ.",
        "**/sources** — the articles I quote from.",
        f"**Mention me** with a question in any channel I can read, e.g. "
        f"`@{bot_name} {info.example}`",
    ]
    if channels:
        lines.append("In this server's question channels, every message is treated as a question.")
    if cooldown_seconds:
        lines.append(f"One question every {cooldown_seconds} s per person.")
    return Presentation(f"How to use {bot_name}", tuple(TextBlock(t) for t in lines),
                        tone=Tone.INFO, separator="\n")
