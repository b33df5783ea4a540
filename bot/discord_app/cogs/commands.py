"""Slash commands: /ask, /summary, /disagreements, /sources, /help.

Each command only parses, calls the engine (in a worker thread), renders and replies.
This module does not use `from __future__ import annotations`: discord.py reads the
option types from the annotations, and /ask's length limit comes from the settings.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import presentation
from bot.discord_app.embeds import render_embeds, shorten
from bot.discord_app.replies import (
    GENERIC_ERROR,
    NO_MENTIONS,
    cooldown_text,
    send_ephemeral,
    send_pages,
)
from bot.discord_app.votes import view_for
from bot.errors import CallbotError, QuestionError
from bot.presentation import Presentation
from bot.questions import DISCORD_OPTION_MAX_CHARS

if TYPE_CHECKING:
    from bot.discord_app.client import CallBot

log = logging.getLogger(__name__)

SOURCE_MAX_CHARS = 100
TOPIC_MAX_CHARS = 200
MAX_CHOICES = 25  # Discord's limit for autocomplete choices

DESCRIPTION_LIMIT = 100  # Discord's limit for command and option descriptions

Render = Callable[[], Awaitable["Presentation | Shown"]]


@dataclass(frozen=True)
class Shown:
    """A reply with the buttons its last message carries."""

    presentation: Presentation
    view: discord.ui.View | None = None


class SlashCommands(commands.Cog, name="Commands"):
    """Slash commands: thin adapters from interactions to the engine and back."""

    def __init__(self, bot: "CallBot") -> None:
        self.bot = bot
        self.ask_command = self._build_ask(
            min(bot.settings.max_question_chars, DISCORD_OPTION_MAX_CHARS))

    def _build_ask(self, max_chars: int) -> app_commands.Command:
        # Built per instance: the option's max_length is the configured question limit, and
        # the descriptions use the corpus's own subject and example question.
        info = self.bot.corpus_info

        @app_commands.command(
            name="ask",
            description=shorten(f"Ask about {info.subject}.", DESCRIPTION_LIMIT),
        )
        @app_commands.describe(
            question=shorten(f"Your question, e.g. {info.example}", DESCRIPTION_LIMIT))
        async def ask(
            interaction: discord.Interaction, question: app_commands.Range[str, 1, max_chars]
        ) -> None:
            await self.ask(interaction, question)

        return ask

    async def cog_load(self) -> None:
        """Register /ask (built at runtime) with the tree."""
        self.bot.tree.add_command(self.ask_command, override=True)

    async def cog_unload(self) -> None:
        """Remove /ask from the tree."""
        self.bot.tree.remove_command(self.ask_command.name)

    async def respond(
        self, interaction: discord.Interaction, render: Render, *, limited: bool = True
    ) -> None:
        """Cooldown, defer, do the work, answer by follow-up; errors go to the user ephemerally."""
        user_id = interaction.user.id
        if limited and (wait := self.bot.cooldown.retry_after(user_id)):
            await send_ephemeral(interaction, cooldown_text(wait))
            return
        name = interaction.command.name if interaction.command else "?"
        try:
            # Defer first: the engine may take longer than the 3 s Discord allows.
            await interaction.response.defer(thinking=True)
        except discord.HTTPException as exc:
            # Expired or unknown interaction (404), or Discord down (5xx): nobody to answer.
            log.warning("/%s: could not defer for user %s: %s", name, user_id, exc)
            self.bot.cooldown.reset(user_id)
            return
        try:
            result = await render()
        except CallbotError as exc:
            if isinstance(exc, QuestionError):
                self.bot.cooldown.reset(user_id)
            await self._report(interaction, str(exc), name)
            return
        except Exception:
            log.exception("/%s failed for user %s", name, user_id)
            await self._report(interaction, GENERIC_ERROR, name)
            return
        shown = result if isinstance(result, Shown) else Shown(result)
        try:
            await send_pages(interaction, shown.presentation, shown.view)
        except discord.HTTPException as exc:
            # The answer never arrived: it does not cost the user their cooldown.
            log.warning("/%s: could not send the reply for user %s: %s", name, user_id, exc)
            self.bot.cooldown.reset(user_id)

    async def _report(self, interaction: discord.Interaction, text: str, name: str) -> None:
        try:
            await send_ephemeral(interaction, text, drop_placeholder=True)
        except discord.HTTPException as exc:
            log.warning("/%s: could not send an error to the user: %s", name, exc)

    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """Answer a question with verbatim quotes (the body of /ask)."""

        async def render() -> Shown:
            answer = await self.bot.engine.ask(question)
            view = await view_for(self.bot.feedback, question, answer)
            return Shown(presentation.answer_presentation(answer), view)

        await self.respond(interaction, render)

    @app_commands.command(
        name="summary", description="A summary in the articles' own words, with its sources."
    )
    @app_commands.describe(
        source="Only one article: pick an outlet, or type an outlet, headline or article id.",
        topic="Only points about this topic, e.g. energy infrastructure.",
    )
    async def summary(
        self,
        interaction: discord.Interaction,
        source: app_commands.Range[str, 1, SOURCE_MAX_CHARS] | None = None,
        topic: app_commands.Range[str, 1, TOPIC_MAX_CHARS] | None = None,
    ) -> None:
        """Overall, per-article or per-topic extractive summary."""

        async def render() -> Presentation:
            summary = await self.bot.engine.summary(source=source, topic=topic)
            return presentation.summary_presentation(summary)

        await self.respond(interaction, render)

    @summary.autocomplete("source")
    async def source_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Articles whose outlet, headline or id contains what the user typed."""
        try:
            infos = await self.bot.engine.sources()
        except Exception:
            log.exception("source autocomplete failed")
            return []
        needle = current.casefold().strip()
        choices = []
        for info in infos:
            src = info.source
            haystack = " ".join(p for p in (src.outlet, src.title, src.doc_id, src.label)
                                if p).casefold()
            if needle and needle not in haystack:
                continue
            name = " — ".join(p for p in (src.outlet, src.title) if p) or src.label
            if len(name) > 100:
                name = name[:99] + "…"
            choices.append(app_commands.Choice(name=name, value=src.doc_id[:100]))
        return choices[:MAX_CHOICES]

    @app_commands.command(
        name="disagreements", description="Every point where the articles' accounts differ."
    )
    async def disagreements(self, interaction: discord.Interaction) -> None:
        """Every conflict between the articles, each side verbatim."""

        async def render() -> Presentation:
            found = await self.bot.engine.disagreements()
            return presentation.disagreements_presentation(found)

        await self.respond(interaction, render)

    @app_commands.command(name="sources", description="The articles the bot quotes from.")
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the indexed articles."""

        async def render() -> Presentation:
            return presentation.sources_presentation(await self.bot.engine.sources())

        await self.respond(interaction, render, limited=False)

    @app_commands.command(
        name="help", description="How to ask questions and what each command does."
    )
    async def help(self, interaction: discord.Interaction) -> None:
        """Explain the bot, only to the user who asked (nothing to compute, so no defer)."""
        settings = self.bot.settings
        shown = presentation.help_presentation(
            self.bot.corpus_info,
            max_question_chars=settings.max_question_chars,
            cooldown_seconds=settings.cooldown_seconds,
            channels=bool(settings.channel_ids),
            bot_name=self.bot.user.name if self.bot.user else "callbot",
        )
        try:
            await interaction.response.send_message(
                embeds=render_embeds(shown), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as exc:
            log.warning("/help: could not answer: %s", exc)
