"""The bot's own short messages, and the one way every message leaves the bot."""

from __future__ import annotations

import logging
import math

import discord

from bot.discord_app.embeds import fit_content

log = logging.getLogger(__name__)

# No message the bot sends may ping anyone, whatever a question or an article contains.
NO_MENTIONS = discord.AllowedMentions.none()

GENERIC_ERROR = "Sorry, something went wrong while answering. It has been logged; please try again."


def cooldown_text(seconds_left: float) -> str:
    """The friendly cooldown message."""
    wait = max(1, math.ceil(seconds_left))
    return f"One question at a time, please: you can ask again in {wait} s."


def usage_text(bot_name: str) -> str:
    """What a mention without a question gets."""
    return (
        "Ask me about the press coverage of the 18 March 2025 Trump–Putin phone call: mention me "
        f"with a question, e.g. `@{bot_name} how long did the call last?`, or use `/ask`. "
        "`/help` lists every command."
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
