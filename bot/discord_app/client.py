"""The bot: a `commands.Bot` that loads the engine once, before it reports ready."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.corpus_info import read_corpus_info
from bot.discord_app.admin_log import AdminReporter
from bot.discord_app.cooldown import UserCooldown
from bot.discord_app.replies import GENERIC_ERROR, NO_MENTIONS, send_ephemeral
from bot.discord_app.runner import AsyncEngine, EngineLike
from bot.discord_app.watcher import CorpusWatcher
from bot.feedback import FeedbackStore
from bot.settings import Settings

log = logging.getLogger(__name__)


class CallTree(app_commands.CommandTree):
    """Command tree whose last-resort error handler answers the user and keeps serving."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Log the failure and tell the user briefly, only them."""
        name = interaction.command.name if interaction.command else "?"
        log.error("app command /%s failed: %s", name, error, exc_info=error)
        try:
            await send_ephemeral(interaction, GENERIC_ERROR, drop_placeholder=True)
        except discord.HTTPException:
            log.warning("could not report the failure of /%s to the user", name)


def make_intents(settings: Settings) -> discord.Intents:
    """Default intents, plus Message Content only when question channels are configured."""
    intents = discord.Intents.default()
    # Mentions carry their text without the privileged intent; plain messages in question
    # channels do not. Asking for it only when needed lets the bot start without it.
    intents.message_content = bool(settings.channel_ids)
    return intents


class CallBot(commands.Bot):
    """The Discord client; the engine comes from `engine_factory`, run once in a thread."""

    def __init__(
        self,
        settings: Settings,
        engine_factory: Callable[[], EngineLike] | None = None,
        *,
        engine: EngineLike | None = None,
        intents: discord.Intents | None = None,
        feedback: FeedbackStore | None = None,
    ) -> None:
        # The bot never joins voice: skip discord.py's "PyNaCl/davey is not installed" warnings.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: there are no prefix commands
            help_command=None,
            intents=intents or make_intents(settings),
            tree_cls=CallTree,
            allowed_mentions=NO_MENTIONS,
        )
        self.settings = settings
        # What the corpus is about, for /ask's description, /help and usage replies.
        self.corpus_info = read_corpus_info(settings.corpus)
        self.cooldown = UserCooldown(settings.cooldown_seconds)
        self._engine_factory = engine_factory
        self._engine: AsyncEngine | None = AsyncEngine(engine) if engine is not None else None
        self._watch_task: asyncio.Task[None] | None = None
        self.feedback = feedback  # votes on answers; None: answers carry no vote buttons

    @property
    def engine(self) -> AsyncEngine:
        """The loaded engine (set up in `setup_hook`, before the bot is ready)."""
        if self._engine is None:
            raise RuntimeError("the engine is not loaded yet")
        return self._engine

    async def load_engine(self) -> None:
        """Load the model and the index once, in a worker thread, if not loaded yet."""
        if self._engine is not None:
            return
        if self._engine_factory is None:
            raise RuntimeError("CallBot needs an engine or an engine_factory")
        log.info("loading the embedding model and the index…")
        self._engine = AsyncEngine(await asyncio.to_thread(self._engine_factory))
        infos = await self._engine.sources()
        log.info("index ready: %d articles", len(infos))

    async def add_cogs(self) -> None:
        """Register the slash commands and the channel-question listener."""
        from bot.discord_app.cogs.admin import AdminCommands
        from bot.discord_app.cogs.commands import SlashCommands
        from bot.discord_app.cogs.messages import ChannelQuestions
        from bot.discord_app.votes import VoteButton

        self.add_dynamic_items(VoteButton)  # vote buttons on any earlier answer keep working
        await self.add_cog(SlashCommands(self))
        await self.add_cog(ChannelQuestions(self))
        await self.add_cog(AdminCommands(self))

    async def start_watching(self) -> None:
        """Refresh the index in the background when the corpus folder changes (if enabled)."""
        interval = self.settings.refresh_seconds
        if interval <= 0 or self._watch_task is not None:
            return
        admins = AdminReporter(self, self.settings.admin_channel_id)
        watcher = CorpusWatcher(self.settings.corpus, interval, self.engine.refresh,
                                on_failure=admins.report)
        await watcher.start()
        self._watch_task = asyncio.create_task(watcher.run(), name="callbot-corpus-watch")
        log.info("watching %s for changes every %g s", self.settings.corpus, interval)

    async def close(self) -> None:
        """Stop watching the corpus, then disconnect."""
        if self._watch_task is not None:
            self._watch_task.cancel()
            self._watch_task = None
        await super().close()

    async def sync_commands(self) -> None:
        """Sync to the dev guild (instant) when one is configured, else globally."""
        try:
            if self.settings.guild_id:
                guild = discord.Object(id=self.settings.guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(synced), self.settings.guild_id)
            else:
                synced = await self.tree.sync()
                log.info("synced %d global commands (may take a while to appear)", len(synced))
        except discord.Forbidden:
            log.error(
                "could not sync commands to guild %s: invite the bot with the "
                "applications.commands scope (see docs/DISCORD.md)", self.settings.guild_id
            )
        except discord.HTTPException as exc:
            log.error("could not sync commands: %s", exc)

    async def setup_hook(self) -> None:
        """Runs after login and before the gateway connects: the bot is ready only after this."""
        await self.load_engine()
        await self.add_cogs()
        await self.sync_commands()
        await self.start_watching()

    async def on_ready(self) -> None:
        """Log who we are and where we listen."""
        user = self.user
        log.info("ready as %s (id %s) in %d servers", user, user.id if user else "?",
                 len(self.guilds))
        if self.settings.channel_ids:
            log.info("question channels: %s", ", ".join(map(str, self.settings.channel_ids)))

    async def on_message(self, message: discord.Message) -> None:
        """Questions are handled by the Messages cog; there are no prefix commands to run."""
