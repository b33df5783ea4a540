"""👍 / 👎 buttons under answers: persistent (their custom_id carries the answer id)."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

import discord

from bot.discord_app.replies import NO_MENTIONS
from bot.feedback import DOWN, UP, spans_of
from bot.models import Answer

if TYPE_CHECKING:
    from bot.feedback import FeedbackStore

log = logging.getLogger(__name__)

TEMPLATE = r"callbot:vote:(?P<vote>up|down):(?P<answer>[0-9a-f]{16})"
EMOJI = {"up": "👍", "down": "👎"}
THANKS = "Thanks: your {emoji} is recorded. Press the other button to change it."
GONE = "This answer's votes are no longer kept, sorry."


def custom_id(vote: str, answer_id: str) -> str:
    """The button's id: which vote, on which answer (read back after a restart)."""
    return f"callbot:vote:{vote}:{answer_id}"


def parse(custom: str) -> tuple[str, str] | None:
    """(vote, answer id) from a button's id, or None when it is not a vote button."""
    found = re.fullmatch(TEMPLATE, custom)
    return (found["vote"], found["answer"]) if found else None


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=TEMPLATE):
    """One vote button; discord.py rebuilds it from its custom_id, so it outlives restarts."""

    def __init__(self, vote: str, answer_id: str) -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.secondary,
                                           emoji=EMOJI[vote], custom_id=custom_id(vote, answer_id)))
        self.vote, self.answer_id = vote, answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> VoteButton:
        """Rebuild the button from a click on any message, old or new."""
        return cls(match["vote"], match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record (or change) the clicker's vote and tell only them."""
        store: FeedbackStore | None = getattr(interaction.client, "feedback", None)
        value = UP if self.vote == "up" else DOWN
        known = store is not None and await asyncio.to_thread(
            store.vote, self.answer_id, interaction.user.id, value)
        text = THANKS.format(emoji=EMOJI[self.vote]) if known else GONE
        try:
            await interaction.response.send_message(text, ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("could not acknowledge a vote: %s", exc)


def vote_view(answer_id: str) -> discord.ui.View:
    """The two buttons for one answer (no timeout: they keep working)."""
    view = discord.ui.View(timeout=None)
    view.add_item(VoteButton("up", answer_id))
    view.add_item(VoteButton("down", answer_id))
    return view


async def view_for(store: FeedbackStore | None, question: str,
                   answer: Answer) -> discord.ui.View | None:
    """Record the answer for voting and return its buttons (None without a votes database)."""
    if store is None:
        return None
    try:
        answer_id = await asyncio.to_thread(store.record_answer, question, spans_of(answer))
    except Exception:  # votes are a nicety: the answer is posted without buttons
        log.exception("could not record an answer for voting")
        return None
    return vote_view(answer_id)
