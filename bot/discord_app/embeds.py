"""The Discord renderer: a presentation as one or more embeds within Discord's limits.

It shows the same blocks, in the same Markdown, as the text renderer (`bot.render`): a page
holds whole blocks while they fit, and the next page goes on where it stopped, so nothing is
left out. Quotes are never shortened; only a block longer than a whole page is split, at a
line break or a space, and continues on the next page (every word still shown, in order).
"""

from __future__ import annotations

import discord

from bot.markdown import block_markdown, escape, note_markdown
from bot.presentation import Presentation, Tone

# Discord's documented limits (replies use no fields: everything is in the description).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000
# Room for the " (page 12/12)" added to a paged title.
_PAGE_MARK = 16

COLOURS = {
    Tone.ANSWER: discord.Colour.blurple(),
    Tone.ABSTAIN: discord.Colour.light_grey(),
    Tone.CONFLICT: discord.Colour.orange(),
    Tone.INFO: discord.Colour.dark_teal(),
}


def size(text: str) -> int:
    """Length as Discord may count it (UTF-16 code units, never fewer than code points)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """Our own text shortened with '…' to fit `limit` (never used on article text)."""
    if size(text) <= limit:
        return text
    while size(text) > limit - 1:
        text = text[: len(text) - (size(text) - limit + 1)]
    return text.rstrip("\\") + "…"


def fit_content(text: str, limit: int = CONTENT_LIMIT) -> str:
    """Our own plain message text, shortened to fit a message's content limit."""
    return shorten(text, limit)


def _split(block: str, budget: int) -> list[str]:
    """A block longer than `budget` in pieces of at most `budget`, cut at a newline or space."""
    pieces: list[str] = []
    while size(block) > budget:
        cut = len(block)
        while size(block[:cut]) > budget:
            cut -= size(block[:cut]) - budget
        head = block[:cut]
        # At a line break when there is one (a quote and its credit stay whole), else a space.
        at = head.rfind("\n")
        at = at if at > 0 else head.rfind(" ")
        at = at if at > 0 else cut
        # A line of a block quote cut in the middle goes on as a block quote.
        line_start = block.rfind("\n", 0, at) + 1
        within_quote = block[at:at + 1] != "\n" and block.startswith("> ", line_start)
        pieces.append(block[:at])
        rest = block[at:].lstrip(" \n")
        block = ("> " if within_quote else "") + rest
    return [*pieces, block]


def pages(presentation: Presentation, limit: int = DESCRIPTION_LIMIT) -> list[str]:
    """The blocks (and the note, on the last page) packed into page bodies of ≤ `limit`."""
    sep = presentation.separator
    parts = [block_markdown(b) for b in presentation.blocks]
    if note := note_markdown(presentation):
        parts.append(note)
        sep_of_note = "\n\n"
    else:
        sep_of_note = sep
    out: list[str] = []
    current = ""
    for i, part in enumerate(parts):
        joiner = sep_of_note if note and i == len(parts) - 1 else sep
        for piece in _split(part, limit):
            candidate = f"{current}{joiner}{piece}" if current else piece
            if size(candidate) <= limit:
                current = candidate
            else:
                out.append(current)
                current = piece
            joiner = sep
    if current or not out:
        out.append(current)
    return out


def render_embeds(presentation: Presentation) -> list[discord.Embed]:
    """The presentation as embeds, one per page; each within every Discord limit."""
    footer = shorten(presentation.footer, FOOTER_LIMIT) if presentation.footer else ""
    title = shorten(escape(presentation.title), TITLE_LIMIT - _PAGE_MARK)
    budget = min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - size(title) - _PAGE_MARK - size(footer))
    bodies = pages(presentation, budget)
    embeds = []
    for n, text in enumerate(bodies, 1):
        mark = f" (page {n}/{len(bodies)})" if len(bodies) > 1 else ""
        embed = discord.Embed(title=title + mark if title else None, description=text or None,
                              colour=COLOURS[presentation.tone])
        if footer:
            embed.set_footer(text=footer)
        embeds.append(embed)
    return embeds
