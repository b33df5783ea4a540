"""Plain-text (Markdown) replies: what the bot posts and what `ask` prints."""

from __future__ import annotations

from bot.models import Answer, Disagreement, Excerpt, Quote, Source, Summary

REPLY_LIMIT = 4096  # one Discord embed description
FOOTER = "Quotes are verbatim from the articles."


def attribution(source: Source) -> str:
    """'Outlet, “Headline”, 2025-03-19' with whatever the corpus knows."""
    parts = [source.outlet or source.title or source.doc_id]
    if source.outlet and source.title:
        parts.append(f"“{source.title}”")
    if source.published:
        parts.append(source.published.isoformat())
    return ", ".join(parts)


def _block(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def quote_lines(quote: Quote) -> str:
    """One quote: the excerpt, its attribution and who else reports it."""
    lines = [_block(quote.excerpt.text), f"— {attribution(quote.excerpt.source)}"]
    if quote.also:
        names = ", ".join(e.source.label for e in quote.also)
        lines.append(f"Also reported by {names}.")
    return "\n".join(lines)


def side_lines(side: Excerpt, claim: str = "") -> str:
    """One side of a disagreement: the verbatim sentence, who says it, what it claims."""
    said = f" ({claim})" if claim else ""
    return f"{_block(side.text)}\n— {side.source.label}{said}"


def disagreement_lines(
    d: Disagreement,
    quoted: frozenset[tuple[str, int]] = frozenset(),
    same_point: frozenset[tuple[str, int]] = frozenset(),
) -> str:
    """A disagreement with each side's verbatim quote.

    Under a summary point, a side that is the point's own quote (`quoted`, as doc id and
    start) or one of the sentences merged into it (`same_point`) is named with its claim
    instead of being quoted again.
    """
    claims = d.claims if len(d.claims) == len(d.sides) else ("",) * len(d.sides)
    lines = []
    for side, claim in zip(d.sides, claims, strict=True):
        key = (side.source.doc_id, side.start)
        said = f" ({claim})" if claim else ""
        if key in quoted:
            lines.append(f"— {side.source.label}{said}: quoted above")
        elif key in same_point:
            lines.append(f"— {side.source.label}{said}: reports the point above")
        else:
            lines.append(side_lines(side, claim))
    return f"**Sources disagree: {d.about}**\n" + "\n".join(lines)


_LEFT_OUT = "({n} more excerpt(s) left out to fit the message.)"


def _fit(parts: list[str], tail: list[str], limit: int) -> str:
    """Join whole parts while they fit; a part that does not fit is dropped, never cut."""
    if len("\n\n".join([*parts, *tail])) <= limit:
        return "\n\n".join([*parts, *tail])
    reserve = len(_LEFT_OUT.format(n=len(parts))) + 2  # room for the note itself
    out: list[str] = []
    for part in parts:
        if len("\n\n".join([*out, part, *tail])) + reserve <= limit:
            out.append(part)
    dropped = len(parts) - len(out)
    return "\n\n".join([*out, _LEFT_OUT.format(n=dropped), *tail])


def _overlap(a: Excerpt, b: Excerpt) -> bool:
    """Do two excerpts share text (a quote may extend a side by a sentence)?"""
    return a.source.doc_id == b.source.doc_id and a.start < b.end and b.start < a.end


def render_answer(answer: Answer, limit: int = REPLY_LIMIT) -> str:
    """The reply to a question, never longer than `limit` characters."""
    if not answer.answered:
        return answer.note or "The articles do not cover this question."
    # A quote that is a side of a disagreement is shown there only. When the answer leads
    # with a disagreement (the question asked about the disputed point) it comes first;
    # otherwise the quotes come first and the conflicts between them follow.
    sides = [s for d in answer.disagreements for s in d.sides]
    quotes = [
        quote_lines(q) for q in answer.quotes if not any(_overlap(q.excerpt, s) for s in sides)
    ]
    conflicts = [disagreement_lines(d) for d in answer.disagreements]
    top = answer.quotes[0].excerpt if answer.quotes else None
    leads = bool(answer.disagreements) and top is not None and any(
        _overlap(top, s) for s in answer.disagreements[0].sides
    )
    parts = conflicts + quotes if leads else quotes + conflicts
    tail = [answer.note] if answer.note else []
    return _fit(parts, [*tail, f"*{FOOTER}*"], limit)


def render_disagreements(disagreements: list[Disagreement], limit: int | None = None) -> str:
    """Every conflict, most confident first (`callbot disagreements`)."""
    if not disagreements:
        return "The articles do not contradict each other on anything the bot can detect."
    parts = [
        f"{i}. [{d.kind}, confidence {d.confidence:.2f}] " + disagreement_lines(d)
        for i, d in enumerate(disagreements, 1)
    ]
    tail = [f"*{FOOTER}*"]
    return _fit(parts, tail, limit) if limit else "\n\n".join([*parts, *tail])


# ------------------------------------------------------------------------------ summaries


def _short_attribution(source: Source) -> str:
    """'Outlet, 2025-03-19': summaries list many points, so the headline is left out."""
    label = source.label
    return f"{label}, {source.published.isoformat()}" if source.published else label


def consensus_line(quote: Quote, total_sources: int) -> str:
    """'Reported by 3 of 5 outlets (also A, B)' or 'Only A reports this'."""
    if not quote.also:
        return f"Only {quote.excerpt.source.label} reports this."
    names = ", ".join(e.source.label for e in quote.also)
    of = f" of {total_sources}" if total_sources >= quote.count else ""
    return f"Reported by {quote.count}{of} outlets (also {names})."


def summary_point_lines(quote: Quote, total_sources: int, consensus: bool = True) -> str:
    """One summary point: the verbatim sentence, who wrote it and how many outlets agree."""
    line = f"— {_short_attribution(quote.excerpt.source)}"
    if consensus:
        line += f" · {consensus_line(quote, total_sources)}"
    return f"{_block(quote.excerpt.text)}\n{line}"


def _spans(quote: Quote) -> set[tuple[str, int, int]]:
    return {(e.source.doc_id, e.start, e.end) for e in (quote.excerpt, *quote.also)}


def _fit_grouped(
    head: str, items: list[tuple[str | None, str]], tail: list[str], limit: int
) -> str:
    """Like `_fit`, for parts under group headers: a header is shown with its first kept part."""
    note = "({n} more point(s) left out to fit the message.)"
    reserve = len(note.format(n=len(items))) + 2
    out = [head]
    shown: set[str] = set()
    dropped = 0
    for header, body in items:
        part = body if header is None or header in shown else f"{header}\n{body}"
        if len("\n\n".join([*out, part, *tail])) + reserve <= limit:
            out.append(part)
            if header is not None:
                shown.add(header)
        else:
            dropped += 1
    if dropped:
        tail = [note.format(n=dropped), *tail]
    return "\n\n".join([*out, *tail])


def render_summary(summary: Summary, limit: int = REPLY_LIMIT) -> str:
    """A summary as Markdown, never longer than `limit`; points are dropped whole, never cut."""
    head = f"**{summary.heading}**"
    if not summary.answered:
        return f"{head}\n\n{summary.note or 'Nothing to summarise.'}"[:limit]
    # A disagreement is shown right under the point it concerns, so both are kept or dropped
    # together; one that no point shares a sentence with is listed after the points.
    placed: set[int] = set()
    items: list[tuple[str | None, str]] = []
    for quote in summary.quotes:
        body = summary_point_lines(quote, summary.total_sources,
                                   consensus=summary.kind == "overall")
        spans = _spans(quote)
        quoted = frozenset({(quote.excerpt.source.doc_id, quote.excerpt.start)})
        merged = frozenset((e.source.doc_id, e.start) for e in quote.also)
        for n, d in enumerate(summary.disagreements):
            if n not in placed and spans & {(s.source.doc_id, s.start, s.end) for s in d.sides}:
                body += "\n" + disagreement_lines(d, quoted, merged)
                placed.add(n)
        header = f"__{quote.excerpt.source.label}__" if summary.kind == "topic" else None
        items.append((header, body))
    items += [
        (None, disagreement_lines(d))
        for n, d in enumerate(summary.disagreements)
        if n not in placed
    ]
    tail = [summary.note] if summary.note else []
    return _fit_grouped(head, items, [*tail, f"*{FOOTER}*"], limit)
