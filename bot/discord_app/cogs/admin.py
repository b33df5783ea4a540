"""Admin slash commands: /reindex and /add-article (Manage Server only).

This module does not use `from __future__ import annotations`: discord.py reads the
command signatures from the annotations.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.adding import AddReport
from bot.discord_app.embeds import fit_content
from bot.discord_app.replies import GENERIC_ERROR, NO_MENTIONS, send_ephemeral
from bot.errors import CallbotError
from index.add_article import MAX_BYTES, NewArticle
from index.refresh import RefreshReport

if TYPE_CHECKING:
    from bot.discord_app.client import CallBot

log = logging.getLogger(__name__)

NOT_ALLOWED = "Only members with the Manage Server permission can do this."
LISTED = 10  # article ids named per kind before "and N more"


def _names(ids: tuple[str, ...]) -> str:
    shown = ", ".join(f"`{i}`" for i in ids[:LISTED])
    more = len(ids) - LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def report_text(report: RefreshReport) -> str:
    """What /reindex tells the admin: each kind of change, and the passages before/after."""
    if not report.changed_anything:
        return f"The index was already up to date ({report.passages} passages)."
    lines = ["The index was refreshed."]
    for label, ids in (("Added", report.added), ("Changed", report.changed),
                       ("Removed", report.removed), ("Re-attributed", report.reattributed)):
        if ids:
            lines.append(f"{label} ({len(ids)}): {_names(ids)}")
    lines.append(f"Passages: {report.passages_before} → {report.passages}")
    return "\n".join(lines)


def added_text(report: AddReport) -> str:
    """What /add-article tells the admin: the article, its passages, its disagreements."""
    src = report.source.source
    name = discord.utils.escape_markdown(src.label)
    lines = [f"Added **{name}** (id `{src.doc_id}`): {report.source.passages} passages "
             f"indexed (index: {report.passages_before} → {report.passages} passages)."]
    if not report.disagreements:
        lines.append("It introduces no disagreement with the other articles.")
    else:
        lines.append(f"It introduces {len(report.disagreements)} disagreement(s):")
        for found in report.disagreements[:LISTED]:
            claims = " vs ".join(c for c in found.claims if c)
            lines.append(f"- {discord.utils.escape_markdown(found.about)}"
                         + (f": {discord.utils.escape_markdown(claims)}" if claims else ""))
    return "\n".join(lines)


def can_manage(interaction: discord.Interaction) -> bool:
    """True when the member running the command has Manage Server here."""
    return bool(interaction.guild_id) and interaction.permissions.manage_guild


class AdminCommands(commands.Cog, name="Admin"):
    """Index upkeep for server managers; thin adapters over the engine."""

    def __init__(self, bot: "CallBot") -> None:
        self.bot = bot

    @app_commands.command(
        name="reindex", description="Re-read the articles folder now and say what changed."
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reindex(self, interaction: discord.Interaction) -> None:
        """Refresh the index from the corpus folder; only the admin sees the report."""
        if not can_manage(interaction):
            await send_ephemeral(interaction, NOT_ALLOWED)
            return
        async def work() -> str:
            return report_text(await self.bot.engine.refresh())

        await _deferred(interaction, "/reindex", work)

    @app_commands.command(
        name="add-article", description="Add a .txt article to the corpus and index it now."
    )
    @app_commands.describe(
        file="The article as a UTF-8 .txt file.",
        outlet="The outlet that published it, as the article shows it.",
        title="Its headline.",
        date="Its publication date, YYYY-MM-DD.",
        url="Its address (http or https).",
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def add_article(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        outlet: app_commands.Range[str, 1, 200] | None = None,
        title: app_commands.Range[str, 1, 300] | None = None,
        date: app_commands.Range[str, 10, 10] | None = None,
        url: app_commands.Range[str, 1, 2000] | None = None,
    ) -> None:
        """Validate, write and index an article; only the admin sees the result."""
        if not can_manage(interaction):
            await send_ephemeral(interaction, NOT_ALLOWED)
            return
        if file.size > MAX_BYTES:
            await send_ephemeral(interaction, f"The article was not added: the file is "
                                 f"{file.size:,} bytes; the limit is {MAX_BYTES:,}.")
            return
        async def work() -> str:
            new = NewArticle(file.filename, await file.read(), outlet, title, date, url)
            return added_text(await self.bot.engine.add_article(new))

        await _deferred(interaction, "/add-article", work)


async def _deferred(
    interaction: discord.Interaction, command: str, work: Callable[[], Awaitable[str]]
) -> None:
    """Defer (only the admin sees it), run the work, send its text or the error."""
    try:
        await interaction.response.defer(ephemeral=True, thinking=True)
    except discord.HTTPException as exc:
        log.warning("%s: could not defer: %s", command, exc)
        return
    try:
        text = await work()
    except CallbotError as exc:
        text = str(exc)
    except Exception:
        log.exception("%s failed", command)
        text = GENERIC_ERROR
    try:
        await interaction.followup.send(fit_content(text), ephemeral=True,
                                        allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning("%s: could not send the result: %s", command, exc)
