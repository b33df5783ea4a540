"""/reindex with fake interactions: Manage Server only, ephemeral report, errors reported."""

from __future__ import annotations

from unittest.mock import create_autospec

import discord
from helpers import (
    FakeEngine,
    event_names,
    is_no_mentions,
    make_bot,
    make_disagreement,
    make_interaction,
    make_source,
    sent,
)

from bot.adding import AddArticleError, AddReport
from bot.discord_app.client import CallBot
from bot.discord_app.cogs.admin import NOT_ALLOWED, AdminCommands, report_text
from bot.errors import RefreshError
from bot.models import SourceInfo
from bot.settings import Settings
from index.add_article import MAX_BYTES, NewArticle
from index.refresh import RefreshReport

CHANGED = RefreshReport(added=("900_new",), changed=("001_a",), removed=("003_b",),
                        reattributed=(), passages_before=40, passages=44, generation="g2")


def _interaction(*, manager: bool = True, guild: bool = True):
    interaction = make_interaction(command="reindex")
    interaction.guild_id = 77 if guild else None
    interaction.permissions = discord.Permissions(manage_guild=manager)
    return interaction


async def _reindex(engine: FakeEngine, interaction) -> None:
    cog = AdminCommands(make_bot(engine))
    await cog.reindex.callback(cog, interaction)


async def test_reindex_defers_ephemerally_then_reports_each_kind_of_change() -> None:
    engine, interaction = FakeEngine(refresh_result=CHANGED), _interaction()
    await _reindex(engine, interaction)
    assert engine.names() == ["refresh"]
    assert event_names(interaction) == ["defer", "followup"]
    assert interaction.events[0][1]["ephemeral"] is True
    (reply,) = sent(interaction)
    assert reply["ephemeral"] is True and is_no_mentions(reply["allowed_mentions"])
    text = reply["args"][0]
    assert "Added (1): `900_new`" in text and "Changed (1): `001_a`" in text
    assert "Removed (1): `003_b`" in text and "40 → 44" in text
    assert "Re-attributed" not in text


async def test_reindex_is_refused_without_manage_server_and_does_nothing() -> None:
    for interaction in (_interaction(manager=False), _interaction(guild=False)):
        engine = FakeEngine()
        await _reindex(engine, interaction)
        assert engine.names() == []
        assert event_names(interaction) == ["send_message"]
        assert interaction.events[0][1]["args"] == (NOT_ALLOWED,)
        assert interaction.events[0][1]["ephemeral"] is True


async def test_a_failed_refresh_is_reported_to_the_admin_only() -> None:
    engine = FakeEngine(error=RefreshError("The index was not refreshed: broken.txt is not UTF-8"))
    interaction = _interaction()
    await _reindex(engine, interaction)
    (reply,) = sent(interaction)
    assert reply["ephemeral"] is True and "broken.txt is not UTF-8" in reply["args"][0]


def test_report_text_up_to_date_and_long_lists() -> None:
    assert "already up to date (10 passages)" in report_text(
        RefreshReport((), (), (), (), 10, 10, "g1"))
    many = RefreshReport(tuple(f"a{i:02}" for i in range(25)), (), (), (), 1, 99, "g3")
    text = report_text(many)
    assert "Added (25):" in text and "and 15 more" in text and "`a24`" not in text


async def test_reindex_payload_needs_manage_server_and_a_server() -> None:
    bot = CallBot(Settings())
    await bot.add_cogs()
    payload = bot.tree.get_command("reindex").to_dict(bot.tree)
    assert int(payload["default_member_permissions"]) == discord.Permissions(
        manage_guild=True).value
    assert payload["contexts"] == [0]  # servers only, never in DMs


def _attachment(filename: str = "new.txt", data: bytes = b"Some news text here.",
                size: int | None = None):
    attachment = create_autospec(discord.Attachment, instance=True)
    attachment.filename = filename
    attachment.size = len(data) if size is None else size
    attachment.read.return_value = data
    return attachment


class AddingEngine(FakeEngine):
    """A FakeEngine that records the article it was asked to add."""

    def add_article(self, new: NewArticle) -> AddReport:
        self._enter("add_article", new)
        return AddReport(
            source=SourceInfo(make_source(9, outlet="Test *Wire*"), passages=3, sentences=7),
            refresh=RefreshReport(("new",), (), (), (), 40, 43, "g2"),
            disagreements=(make_disagreement(),),
            passages_before=40, passages=43,
        )


async def _add(engine: FakeEngine, interaction, attachment, **options: str | None) -> None:
    cog = AdminCommands(make_bot(engine))
    await cog.add_article.callback(cog, interaction, attachment, **options)


async def test_add_article_reads_the_file_and_reports_passages_and_disagreements() -> None:
    engine, interaction = AddingEngine(), _interaction()
    await _add(engine, interaction, _attachment(), outlet="Test Wire", date="2025-03-19")
    (name, (new,), _), = engine.calls
    assert name == "add_article" and new.filename == "new.txt"
    assert (new.data, new.outlet, new.published) == (b"Some news text here.", "Test Wire",
                                                       "2025-03-19")
    assert event_names(interaction) == ["defer", "followup"]
    (reply,) = sent(interaction)
    text = reply["args"][0]
    assert reply["ephemeral"] is True and is_no_mentions(reply["allowed_mentions"])
    assert "Test \\*Wire\\*" in text and "3 passages" in text and "40 → 43" in text
    assert "1 disagreement(s)" in text


async def test_add_article_refusals_reach_only_the_admin() -> None:
    engine = AddingEngine()
    interaction = _interaction(manager=False)
    await _add(engine, interaction, _attachment())
    assert interaction.events[0][1]["args"] == (NOT_ALLOWED,) and engine.calls == []
    interaction = _interaction()
    big = _attachment(size=MAX_BYTES + 1)
    await _add(engine, interaction, big)
    assert "the limit is" in interaction.events[0][1]["args"][0] and engine.calls == []
    big.read.assert_not_called()  # refused before downloading anything
    failing = FakeEngine(error=AddArticleError("The article was not added: not UTF-8"))
    failing.add_article = lambda new: failing._enter("add_article", new)  # type: ignore
    interaction = _interaction()
    await _add(failing, interaction, _attachment())
    (reply,) = sent(interaction)
    assert reply["ephemeral"] is True and "not UTF-8" in reply["args"][0]
