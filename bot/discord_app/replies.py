"""The bot's own short messages, and the one way every message leaves the bot."""

from __future__ import annotations

import logging
import math
from typing import Any

import discord

from bot.corpus_info import CorpusInfo
from bot.discord_app.embeds import fit_content, render_embeds
from bot.presentation import Presentation

log = logging.getLogger(__name__)

# No message the bot sends may ping anyone, whatever a question or an article contains.
NO_MENTIONS = discord.AllowedMentions.none()

GENERIC_ERROR = "Sorry, something went wrong while answering. It has been logged; please try again."
# More pages than this are not posted (a channel is not a log); the last message says so.
MAX_PAGES = 8


def cooldown_text(seconds_left: float) -> str:
    """The friendly cooldown message."""
    wait = max(1, math.ceil(seconds_left))
    return f"One question at a time, please: you can ask again in {wait} s."


def usage_text(bot_name: str, info: CorpusInfo) -> str:
    """What a mention without a question gets."""
    return (
        f"Ask me about {info.subject}: mention me with a question, e.g. "
        f"`@{bot_name} {info.example}`, or use `/ask`. `/help` lists every command."
    )


def paged(presentation: Presentation) -> tuple[list[discord.Embed], str | None]:
    """The embeds to post (at most MAX_PAGES) and, when some are not posted, a note saying so."""
    embeds = render_embeds(presentation)
    if len(embeds) <= MAX_PAGES:
        return embeds, None
    left = len(embeds) - MAX_PAGES
    return embeds[:MAX_PAGES], (
        f"{left} more page{'s' if left > 1 else ''} not posted, to keep the channel readable: "
        "ask a narrower question or a /summary on one source or topic."
    )


async def send_ephemeral(
    interaction: discord.Interaction, text: str, *, drop_placeholder: bool = False
) -> None:
    """Tell only the user who ran the command, whether or not the interaction was deferred."""
    text = fit_content(text)
    if not interaction.response.is_done():
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    if drop_placeholder:
        # After a public defer, Discord makes the first follow-up public whatever its flags say;
        # deleting the "thinking…" placeholder first lets the error be ephemeral.
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            log.debug("could not delete the deferred response", exc_info=True)
    await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def page_messages(presentation: Presentation,
                  view: discord.ui.View | None = None) -> list[dict[str, Any]]:
    """The keyword arguments of each message of a reply; `view` goes on the last one."""
    embeds, rest = paged(presentation)
    messages: list[dict[str, Any]] = [{"embed": embed} for embed in embeds]
    if rest:
        messages.append({"content": fit_content(rest)})
    if view is not None:
        messages[-1]["view"] = view
    return messages


async def send_pages(interaction: discord.Interaction, presentation: Presentation,
                     view: discord.ui.View | None = None) -> None:
    """Every page of a reply as follow-ups of a deferred interaction, in order."""
    for kwargs in page_messages(presentation, view):
        await interaction.followup.send(allowed_mentions=NO_MENTIONS, **kwargs)
