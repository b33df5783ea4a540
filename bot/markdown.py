"""Presentation blocks as (Discord-flavoured) Markdown: the one place text is escaped.

Article text and names are escaped by adding backslashes only, so every word a reader sees
is the article's own: Markdown characters anywhere, line-start syntax (quote, heading, list),
and everything that could mention, ping or embed (`<@…>`, `<#…>`, `<:emoji:…>`, `@everyone`,
`@here`). Each piece of text is escaped exactly once, here.
"""

from __future__ import annotations

import re
from datetime import date

from bot.presentation import (
    Block,
    ConflictBlock,
    Credit,
    Presentation,
    QuoteBlock,
    Side,
    SourceRow,
    TextBlock,
    plural,
)

_INLINE = re.compile(r"([\\*_~`|\[\]<])")
_LINE_START = re.compile(r"^(\s*)([>#+-])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)\.", re.MULTILINE)
_PINGS = re.compile(r"@(?=everyone|here)")


def escape(text: str) -> str:
    """Escape Markdown, mentions and @everyone/@here with backslashes; no word changes."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _NUMBERED.sub(r"\1\\.", text)
    return _PINGS.sub(r"\\@", text)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with the characters that would break a Markdown link percent-encoded."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return url


def format_date(day: date | None) -> str:
    """'19 March 2025', or '' when the date is unknown."""
    return f"{day.day} {day:%B %Y}" if day else ""


def link(text: str, url: str | None) -> str:
    """`[text](url)` with the text escaped once, or the escaped text alone without a URL."""
    target = safe_url(url)
    return f"[{escape(text)}]({target})" if target else escape(text)


def attribution(credit: Credit) -> str:
    """'— **Outlet** · [Headline](url) · 19 March 2025' with whatever the corpus knows."""
    if credit.headline:
        parts = [f"**{escape(credit.name)}**", link(credit.headline, credit.url)
                 if safe_url(credit.url) else f"*{escape(credit.headline)}*"]
    else:
        parts = [f"**{link(credit.name, credit.url)}**"]
    if credit.published:
        parts.append(format_date(credit.published))
    return "— " + " · ".join(parts)


def block_quote(text: str) -> str:
    """Verbatim article text as a block quote, every line escaped."""
    lines = escape(text).splitlines() or [""]
    return "\n".join(f"> {line}" for line in lines)


def quote_markdown(block: QuoteBlock) -> str:
    """A quote, its attribution, who else reports it, and the consensus line."""
    lines = [block_quote(block.text), attribution(block.credit)]
    if block.also:
        lines.append(f"Also reported by {', '.join(link(c.name, c.url) for c in block.also)}.")
    if block.consensus:
        lines.append(escape(block.consensus))
    return "\n".join(lines)


def side_markdown(side: Side) -> str:
    """One side: its quote (or where it is shown), credit and claim."""
    claim = f" ({escape(side.claim)})" if side.claim else ""
    if side.text is None:
        return f"— **{escape(side.credit.name)}**{claim}: {side.shown}"
    return f"{block_quote(side.text)}\n{attribution(side.credit)}{claim}"


def conflict_markdown(block: ConflictBlock) -> str:
    """A disagreement: heading, intro and each side."""
    detail = f"{block.detail} · " if block.detail else ""  # our own text: "1. day, …"
    head = f"{detail}**{escape(block.heading)}**\n{block.intro}"
    return "\n".join([head, *(side_markdown(s) for s in block.sides)])


def source_row_markdown(row: SourceRow) -> str:
    """'— **Outlet** · [Headline](url) · date · 12 passages · id `002_…`'."""
    return f"{attribution(row.credit)} · {plural(row.passages, 'passage')} · id `{row.doc_id}`"


def block_markdown(block: Block) -> str:
    """Any block as Markdown."""
    if isinstance(block, QuoteBlock):
        return quote_markdown(block)
    if isinstance(block, ConflictBlock):
        return conflict_markdown(block)
    if isinstance(block, SourceRow):
        return source_row_markdown(block)
    return block.text if isinstance(block, TextBlock) else ""


def title_markdown(presentation: Presentation) -> str:
    """The title line (our own text or a question, escaped)."""
    return f"**{escape(presentation.title)}**"


def note_markdown(presentation: Presentation) -> str:
    """The note under the blocks, escaped ('' when there is none)."""
    return escape(presentation.note) if presentation.note else ""
