"""Reports to the admins' channel: a change in the corpus folder the bot could not index."""

from __future__ import annotations

import logging

import discord

from bot.discord_app.embeds import fit_content
from bot.discord_app.replies import NO_MENTIONS
from bot.errors import RefreshError
from bot.markdown import escape

log = logging.getLogger(__name__)


def failure_text(error: RefreshError) -> str:
    """The admin message for a failed automatic refresh (names the file, via the error)."""
    return fit_content(
        "**The corpus folder changed, but the index could not be refreshed.**\n"
        f"{escape(str(error))}\n"
        "The previous index keeps serving. Once the cause is fixed (a broken file: fix or "
        "remove it), the next change is indexed (`/reindex` does it at once)."
    )


class AdminReporter:
    """Posts refresh failures to the admin channel; without one they are only logged."""

    def __init__(self, client: discord.Client, channel_id: int | None) -> None:
        self._client = client
        self.channel_id = channel_id

    async def report(self, error: RefreshError) -> bool:
        """Post one failure to the admin channel; False when there is none or it failed."""
        if self.channel_id is None:
            log.info("no admin channel set (CALLBOT_ADMIN_CHANNEL_ID): the failure is logged only")
            return False
        try:
            channel = await self._channel(self.channel_id)
            await channel.send(failure_text(error), allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, TypeError) as exc:
            log.warning("could not report the failed refresh in channel %s: %s",
                        self.channel_id, exc)
            return False
        return True

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self._client.get_channel(channel_id) or await self._client.fetch_channel(
            channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} is not one the bot can post in")
        return channel
