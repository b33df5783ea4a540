"""Plain-text (Markdown) replies: what the bot posts and what `ask` prints."""

from __future__ import annotations

from bot.models import Answer, Disagreement, Excerpt, Quote, Source

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


def side_lines(side: Excerpt) -> str:
    """One side of a disagreement."""
    return f"{_block(side.text)}\n— {side.source.label}"


def disagreement_lines(d: Disagreement) -> str:
    """A disagreement with each side's verbatim quote."""
    return f"**Sources disagree: {d.about}**\n" + "\n".join(side_lines(s) for s in d.sides)


def _fit(parts: list[str], tail: list[str], limit: int) -> str:
    """Join whole parts while they fit; a part that does not fit is dropped, never cut."""
    out: list[str] = []
    dropped = 0
    for part in parts:
        if len("\n\n".join([*out, part, *tail])) <= limit:
            out.append(part)
        else:
            dropped += 1
    if dropped:
        tail = [f"({dropped} more excerpt(s) left out to fit the message.)", *tail]
    return "\n\n".join([*out, *tail])


def render_answer(answer: Answer, limit: int = REPLY_LIMIT) -> str:
    """The reply to a question, never longer than `limit` characters."""
    if not answer.answered:
        return answer.note or "The articles do not cover this question."
    parts = [quote_lines(q) for q in answer.quotes]
    parts += [disagreement_lines(d) for d in answer.disagreements]
    tail = [answer.note] if answer.note else []
    return _fit(parts, [*tail, f"*{FOOTER}*"], limit)
