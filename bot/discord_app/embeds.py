"""Answer dataclasses rendered as Discord embeds that always fit Discord's limits.

Quotes are never shortened: when something does not fit, whole quotes (or whole
disagreements) are left out and the embed says how many. Article text is escaped
(Markdown, mentions, @everyone/@here) by adding backslashes only, so every word a
reader sees is the article's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import discord

from bot.models import Answer, Disagreement, Excerpt, Quote, Source, SourceInfo, Summary
from bot.render import FOOTER

# Discord's documented limits.
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000

# Room kept free in the description for the "N left out" line.
_OMISSION_RESERVE = 200

ANSWER_COLOUR = discord.Colour.blurple()
ABSTAIN_COLOUR = discord.Colour.light_grey()
CONFLICT_COLOUR = discord.Colour.orange()
INFO_COLOUR = discord.Colour.dark_teal()

_MENTION_LIKE = re.compile(r"<|@(?=everyone|here)")


def size(text: str) -> int:
    """Length as Discord may count it (UTF-16 code units, never fewer than code points)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Escape Markdown, mentions and @everyone/@here with backslashes; no word changes."""
    return _MENTION_LIKE.sub(r"\\\g<0>", discord.utils.escape_markdown(text))


def label(text: str, limit: int) -> str:
    """Escaped `text` shortened with '…' to fit `limit`; only for our labels, never quotes."""
    escaped = escape(text)
    if size(escaped) <= limit:
        return escaped
    cut = len(text)
    while cut > 0:
        cut -= max(1, size(escaped) - limit + 1)
        escaped = escape(text[:cut].rstrip()) + "…"
        if size(escaped) <= limit:
            return escaped
    return "…"


def fit_content(text: str, limit: int = CONTENT_LIMIT) -> str:
    """Our own plain message text, shortened to fit a message's content limit."""
    if size(text) <= limit:
        return text
    while size(text) > limit - 1:
        text = text[: len(text) - (size(text) - limit + 1)]
    return text + "…"


def _url(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    # Characters that would end or break a Markdown link are percent-encoded.
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace(">", "%3E")


def _link_text(text: str, limit: int) -> str:
    return label(text, limit).replace("[", "\\[").replace("]", "\\]")


def format_date(day: date | None) -> str:
    """'19 March 2025', or '' when the date is unknown."""
    return f"{day.day} {day:%B %Y}" if day else ""


def attribution(source: Source, *, outlet: bool = True) -> str:
    """'— **Outlet** · [Headline](url) · 19 March 2025' with whatever the corpus knows."""
    url = _url(source.url)
    if source.outlet:
        parts = [f"**{label(source.outlet, 120)}**"] if outlet else []
        if source.title:
            headline = _link_text(source.title, 200)
            parts.append(f"[{headline}]({url})" if url else f"*{headline}*")
        elif url:
            parts.append(f"[link]({url})")
    else:
        name = _link_text(source.title or source.doc_id, 200)
        parts = [f"[{name}]({url})" if url else f"**{name}**"]
    if source.published:
        parts.append(format_date(source.published))
    return "— " + " · ".join(parts) if parts else ""


def quote_block(text: str) -> str:
    """Verbatim article text as a Discord block quote, every line escaped."""
    lines = escape(text).splitlines() or [""]
    return "\n".join(f"> {line}" for line in lines)


def _name_link(source: Source) -> str:
    url = _url(source.url)
    name = _link_text(source.label, 120)
    return f"[{name}]({url})" if url else name


def quote_text(quote: Quote) -> str:
    """One quote: block quote, attribution, and 'Also reported by …'."""
    lines = [quote_block(quote.excerpt.text), attribution(quote.excerpt.source)]
    if quote.also:
        names = ", ".join(_name_link(e.source) for e in quote.also)
        lines.append(f"Also reported by {names}.")
    return "\n".join(lines)


def side_text(side: Excerpt) -> str:
    """One side of a disagreement: verbatim text and article (the field name is the outlet)."""
    line = attribution(side.source, outlet=False)
    return f"{quote_block(side.text)}\n{line}" if line else quote_block(side.text)


@dataclass(frozen=True)
class Field:
    """One embed field, already escaped and within the field limits."""

    name: str
    value: str
    inline: bool = False

    @property
    def size(self) -> int:
        """Characters it adds to the embed total."""
        return size(self.name) + size(self.value)


def disagreement_fields(d: Disagreement) -> tuple[Field, ...] | None:
    """A header field and one inline field per side (shown side by side), or None if too long."""
    header = Field(
        label(f"Sources disagree: {d.about}", FIELD_NAME_LIMIT),
        f"{len(d.sides)} articles report this differently. Each side, verbatim:",
    )
    sides = [Field(label(s.source.label, FIELD_NAME_LIMIT), side_text(s), True) for s in d.sides]
    if any(size(f.value) > FIELD_VALUE_LIMIT for f in sides):
        return None  # a side never gets cut, and a disagreement never loses a side
    return (header, *sides)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _omission(blocks: int, block_word: str, groups: int) -> str:
    parts = []
    if blocks:
        parts.append(_plural(blocks, f"more {block_word}"))
    if groups:
        parts.append(_plural(groups, "disagreement") + " (see /disagreements)")
    if not parts:
        return ""
    return f"*{' and '.join(parts)} left out to fit Discord's limits; no quote is ever cut.*"


def compose(
    *,
    title: str,
    colour: discord.Colour,
    blocks: Sequence[str] = (),
    groups: Sequence[tuple[Field, ...] | None] = (),
    tail: Sequence[str] = (),
    footer: str = FOOTER,
    block_word: str = "quote",
    separator: str = "\n\n",
) -> discord.Embed:
    """Build an embed from whole blocks and field groups, dropping (and counting) what won't fit."""
    title = label(title, TITLE_LIMIT) if title else ""
    footer = footer[:FOOTER_LIMIT]
    tail = [t for t in tail if t]
    fixed = size(title) + size(footer)

    def description(kept: list[str], omission: str = "") -> str:
        head = separator.join(kept)
        return "\n\n".join(p for p in (head, omission, *tail) if p)

    kept: list[str] = []
    dropped_blocks = 0
    for block in blocks:
        text = description([*kept, block])
        if (size(text) + _OMISSION_RESERVE <= DESCRIPTION_LIMIT
                and fixed + size(text) + _OMISSION_RESERVE <= EMBED_TOTAL_LIMIT):
            kept.append(block)
        else:
            dropped_blocks += 1

    used = fixed + size(description(kept)) + _OMISSION_RESERVE
    fields: list[Field] = []
    dropped_groups = 0
    for group in groups:
        if group is None:
            dropped_groups += 1
            continue
        group_size = sum(f.size for f in group)
        if len(fields) + len(group) <= FIELD_COUNT_LIMIT and used + group_size <= EMBED_TOTAL_LIMIT:
            fields.extend(group)
            used += group_size
        else:
            dropped_groups += 1

    embed = discord.Embed(
        title=title or None,
        description=description(kept, _omission(dropped_blocks, block_word, dropped_groups))
        or None,
        colour=colour,
    )
    for f in fields:
        embed.add_field(name=f.name, value=f.value, inline=f.inline)
    if footer:
        embed.set_footer(text=footer)
    return embed


def answer_embed(answer: Answer) -> discord.Embed:
    """The reply to one question: quotes, who else reports them, and where sources disagree."""
    if not answer.answered:
        note = answer.note or "The articles do not cover this question."
        return compose(title=answer.question, colour=ABSTAIN_COLOUR, tail=[escape(note)],
                       footer="Answers use only verbatim quotes from the articles.")
    return compose(
        title=answer.question,
        colour=CONFLICT_COLOUR if answer.disagreements else ANSWER_COLOUR,
        blocks=[quote_text(q) for q in answer.quotes],
        groups=[disagreement_fields(d) for d in answer.disagreements],
        tail=[escape(answer.note)] if answer.note else [],
    )


def summary_embed(summary: Summary) -> discord.Embed:
    """An extractive summary: its quotes in order, and its disagreements."""
    footer = FOOTER
    if summary.total_sources:
        footer = f"{FOOTER} Drawn from {_plural(summary.total_sources, 'article')}."
    if not summary.answered:
        note = summary.note or "The articles have nothing to summarise for this."
        return compose(title=summary.heading, colour=ABSTAIN_COLOUR, tail=[escape(note)],
                       footer=footer)
    return compose(
        title=summary.heading,
        colour=ANSWER_COLOUR,
        blocks=[quote_text(q) for q in summary.quotes],
        groups=[disagreement_fields(d) for d in summary.disagreements],
        tail=[escape(summary.note)] if summary.note else [],
        footer=footer,
    )


def disagreements_embed(found: Sequence[Disagreement]) -> discord.Embed:
    """Every conflict between the articles, each side quoted verbatim."""
    if not found:
        return compose(title="Where the sources disagree", colour=ABSTAIN_COLOUR,
                       tail=["No conflicts were found between the articles."])
    intro = (f"{_plural(len(found), 'point')} where the articles' accounts differ. "
             "Each side is quoted verbatim, side by side.")
    return compose(
        title="Where the sources disagree",
        colour=CONFLICT_COLOUR,
        blocks=[intro],
        groups=[disagreement_fields(d) for d in found],
    )


def source_line(info: SourceInfo) -> str:
    """One article of the corpus: id, outlet, linked headline, date, passages."""
    src = info.source
    parts = [f"`{src.doc_id}`"]
    if src.outlet or src.title:  # else the attribution would only repeat the id
        parts.append(attribution(src))
    elif src.published:
        parts.append(format_date(src.published))
    return f"{' '.join(parts)} · {_plural(info.passages, 'passage')}"


def sources_embed(infos: Sequence[SourceInfo]) -> discord.Embed:
    """The articles the bot quotes from."""
    if not infos:
        return compose(title="The articles", colour=ABSTAIN_COLOUR,
                       tail=["No articles are indexed."], footer="")
    return compose(
        title=f"The articles ({len(infos)})",
        colour=INFO_COLOUR,
        blocks=[source_line(i) for i in infos],
        block_word="article",
        separator="\n",
        footer="Use /summary source:<article> for one article's account.",
    )


def help_embed(*, max_question_chars: int, cooldown_seconds: int, channels: bool) -> discord.Embed:
    """What the bot does and how to use each command."""
    lines = [
        "I answer questions about the press coverage of the **18 March 2025 Trump–Putin phone "
        "call** with verbatim, attributed quotes from the articles, and I say where the "
        "articles disagree. I never write an answer myself.",
        f"**/ask** `question` — ask anything (up to {max_question_chars} characters).",
        "**/summary** `[source]` `[topic]` — a summary in the articles' own words; "
        "pick one article with `source`, or narrow it with `topic`.",
        "**/disagreements** — every point where the articles' accounts differ.",
        "**/sources** — the articles I quote from.",
        "**Mention me** with a question in any channel I can read, e.g. "
        "`@callbot how long did the call last?`",
    ]
    if channels:
        lines.append("In this server's question channels, every message is treated as a question.")
    if cooldown_seconds:
        lines.append(f"One question every {cooldown_seconds} s per person.")
    return compose(title="How to use callbot", colour=INFO_COLOUR, blocks=lines,
                   separator="\n", footer=FOOTER)
