"""Slash-command callbacks with fake interactions: defer, follow-up, ephemeral errors, cooldown."""

from __future__ import annotations

import logging
import threading

import discord
import pytest
from discord import app_commands
from helpers import (
    FakeEngine,
    event_names,
    http_error,
    is_no_mentions,
    make_bot,
    make_disagreement,
    make_interaction,
    make_sources,
    quoted_texts,
    sent,
)

from bot.discord_app.client import CallTree
from bot.discord_app.cogs.commands import SlashCommands
from bot.discord_app.replies import GENERIC_ERROR
from bot.settings import Settings


class Clock:
    """A settable monotonic clock for the cooldown."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _cog(engine: FakeEngine | None = None, **settings: object) -> tuple[SlashCommands, Clock]:
    clock = Clock()
    bot = make_bot(engine or FakeEngine(), Settings(**settings), clock=clock)  # type: ignore[arg-type]
    return SlashCommands(bot), clock


def _assert_no_mentions(interaction: object) -> None:
    messages = sent(interaction)  # type: ignore[arg-type]
    assert messages, "nothing was sent"
    for kwargs in messages:
        assert is_no_mentions(kwargs["allowed_mentions"])


async def test_ask_defers_first_then_answers_by_followup_off_the_loop() -> None:
    engine = FakeEngine()
    cog, _ = _cog(engine)
    interaction = make_interaction()
    await cog.ask_command.callback(interaction, "How long did the call last?")
    assert event_names(interaction) == ["defer", "followup"]
    embed = sent(interaction)[0]["embed"]
    assert isinstance(embed, discord.Embed)
    assert quoted_texts(embed.description or "") == [
        "The call lasted more than three hours, the White House said."
    ]
    assert sent(interaction)[0].get("ephemeral") is None  # the answer is public
    assert engine.names() == ["ask"]
    assert engine.threads[0] != threading.get_ident()  # ran in a worker thread
    _assert_no_mentions(interaction)


async def test_ask_question_error_is_ephemeral_and_does_not_cost_the_cooldown() -> None:
    cog, _ = _cog(cooldown_seconds=30)
    interaction = make_interaction()
    await cog.ask_command.callback(interaction, "   ")
    assert event_names(interaction) == ["defer", "delete", "followup"]
    reply = sent(interaction)[0]
    assert reply["ephemeral"] is True and "empty" in reply["args"][0]
    _assert_no_mentions(interaction)
    again = make_interaction()
    await cog.ask_command.callback(again, "What did Putin agree to?")
    assert event_names(again) == ["defer", "followup"]


async def test_over_long_question_gets_the_limit_in_an_ephemeral_message() -> None:
    cog, _ = _cog(FakeEngine(max_chars=20))
    interaction = make_interaction()
    await cog.ask_command.callback(interaction, "why " * 20)
    reply = sent(interaction)[0]
    assert reply["ephemeral"] is True and "the limit is 20" in reply["args"][0]


async def test_unexpected_error_is_logged_answered_ephemerally_and_bot_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = FakeEngine(error=RuntimeError("chroma exploded"))
    cog, clock = _cog(engine)
    interaction = make_interaction(user_id=1)
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.cogs.commands"):
        await cog.ask_command.callback(interaction, "What happened?")
    reply = sent(interaction)[0]
    assert reply["args"] == (GENERIC_ERROR,) and reply["ephemeral"] is True
    assert is_no_mentions(reply["allowed_mentions"])
    assert "delete" in event_names(interaction)
    assert any("/ask failed" in r.getMessage() and r.exc_info for r in caplog.records)
    assert "chroma exploded" not in str(sent(interaction))  # details stay in the log
    engine.error = None
    later = make_interaction(user_id=2)
    await cog.ask_command.callback(later, "What happened?")
    assert event_names(later) == ["defer", "followup"] and "embed" in sent(later)[0]


async def test_cooldown_message_is_ephemeral_per_user_and_expires() -> None:
    engine = FakeEngine()
    cog, clock = _cog(engine, cooldown_seconds=10)
    first, second, other = (make_interaction(user_id=u) for u in (1, 1, 2))
    await cog.ask_command.callback(first, "What did Trump say?")
    clock.now += 3
    await cog.ask_command.callback(second, "And Putin?")
    assert event_names(second) == ["send_message"]  # no defer: there is no work to do
    msg = sent(second)[0]
    assert msg["ephemeral"] is True and "ask again in 7 s" in msg["args"][0]
    _assert_no_mentions(second)
    await cog.ask_command.callback(other, "And Putin?")
    assert event_names(other) == ["defer", "followup"]
    assert engine.names() == ["ask", "ask"]
    clock.now += 7.5
    later = make_interaction(user_id=1)
    await cog.ask_command.callback(later, "And Putin?")
    assert event_names(later) == ["defer", "followup"]


async def test_summary_passes_source_and_topic_and_renders() -> None:
    engine = FakeEngine()
    cog, _ = _cog(engine)
    interaction = make_interaction(command="summary")
    await SlashCommands.summary.callback(cog, interaction, "001_abcdef01", "energy")
    assert engine.calls[0] == ("summary", (), {"source": "001_abcdef01", "topic": "energy"})
    assert event_names(interaction) == ["defer", "followup"]
    embed = sent(interaction)[0]["embed"]
    assert embed.title == "Summary" and "Drawn from Outlet 1 only." in embed.footer.text
    _assert_no_mentions(interaction)


async def test_summary_unknown_source_is_ephemeral_with_the_core_message() -> None:
    cog, _ = _cog()
    interaction = make_interaction(command="summary")
    await SlashCommands.summary.callback(cog, interaction, "nowhere", None)
    assert event_names(interaction) == ["defer", "delete", "followup"]
    reply = sent(interaction)[0]
    assert reply["ephemeral"] is True and "No article matches 'nowhere'" in reply["args"][0]


async def test_source_autocomplete_filters_outlets_and_returns_doc_ids() -> None:
    engine = FakeEngine(sources_result=make_sources(40))
    cog, _ = _cog(engine)
    interaction = make_interaction(command="summary")
    everything = await SlashCommands.source_choices(cog, interaction, "")
    assert len(everything) == 25
    reuters = await SlashCommands.source_choices(cog, interaction, "reuters")
    assert reuters and all("Reuters" in c.name for c in reuters)
    assert reuters[0].value == "002_abcdef02"
    assert all(isinstance(c, app_commands.Choice) and len(c.name) <= 100 for c in everything)
    await SlashCommands.source_choices(cog, interaction, "país")
    assert engine.names() == ["sources"]  # read once, then cached


async def test_disagreements_renders_fields() -> None:
    engine = FakeEngine(disagreements_result=[make_disagreement()])
    cog, _ = _cog(engine)
    interaction = make_interaction(command="disagreements")
    await SlashCommands.disagreements.callback(cog, interaction)
    assert event_names(interaction) == ["defer", "followup"]
    embed = sent(interaction)[0]["embed"]
    assert "**Sources disagree: how long the call lasted**" in embed.description
    assert "2 articles report this differently" in embed.description


async def test_sources_lists_articles_without_cooldown() -> None:
    cog, _ = _cog(FakeEngine(sources_result=make_sources(3)), cooldown_seconds=60)
    for _ in range(2):
        interaction = make_interaction(command="sources")
        await SlashCommands.sources.callback(cog, interaction)
        assert event_names(interaction) == ["defer", "followup"]
        assert "`003_abcdef03`" in sent(interaction)[0]["embed"].description
        _assert_no_mentions(interaction)


async def test_help_is_ephemeral_and_immediate() -> None:
    cog, _ = _cog(max_question_chars=321)
    interaction = make_interaction(command="help")
    await SlashCommands.help.callback(cog, interaction)
    assert event_names(interaction) == ["send_message"]
    msg = sent(interaction)[0]
    assert msg["ephemeral"] is True and "321" in msg["embeds"][0].description
    _assert_no_mentions(interaction)


async def test_tree_error_handler_replies_ephemerally_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tree = CallTree(discord.Client(intents=discord.Intents.none()))
    interaction = make_interaction(command="summary")
    error = app_commands.CommandInvokeError(MagicCommand(), RuntimeError("boom"))
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.client"):
        await tree.on_error(interaction, error)
    assert sent(interaction)[0]["args"] == (GENERIC_ERROR,)
    assert sent(interaction)[0]["ephemeral"] is True
    assert any("/summary failed" in r.getMessage() for r in caplog.records)


class MagicCommand:
    """The least CommandInvokeError needs."""

    name = "summary"


@pytest.mark.parametrize("status", [403, 500])
async def test_failed_followup_is_logged_and_does_not_use_up_the_cooldown(
    status: int, caplog: pytest.LogCaptureFixture
) -> None:
    engine = FakeEngine()
    cog, _ = _cog(engine, cooldown_seconds=60)
    interaction = make_interaction(user_id=5)
    error = discord.Forbidden if status == 403 else discord.DiscordServerError
    interaction.followup.send.side_effect = http_error(status, error)
    with caplog.at_level(logging.WARNING, logger="bot.discord_app.cogs.commands"):
        await cog.ask_command.callback(interaction, "What did Putin agree to?")
    assert any("could not send the reply" in r.getMessage() for r in caplog.records)
    again = make_interaction(user_id=5)
    await cog.ask_command.callback(again, "What did Putin agree to?")
    assert event_names(again) == ["defer", "followup"]  # no cooldown message


async def test_failed_defer_is_logged_and_does_not_use_up_the_cooldown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = FakeEngine()
    cog, _ = _cog(engine, cooldown_seconds=60)
    interaction = make_interaction(user_id=6)
    gone = http_error(404, discord.NotFound, "Unknown interaction")
    interaction.response.defer.side_effect = gone
    with caplog.at_level(logging.WARNING, logger="bot.discord_app.cogs.commands"):
        await cog.ask_command.callback(interaction, "What did Putin agree to?")
    assert engine.calls == [] and any("could not defer" in r.getMessage() for r in caplog.records)
    again = make_interaction(user_id=6)
    await cog.ask_command.callback(again, "What did Putin agree to?")
    assert event_names(again) == ["defer", "followup"]


async def test_a_long_list_is_paged_over_followups_never_left_out() -> None:
    many = [make_disagreement(f"point {i}", ("x " * 300, "y " * 300)) for i in range(12)]
    cog, _ = _cog(FakeEngine(disagreements_result=many))
    interaction = make_interaction(command="disagreements")
    await SlashCommands.disagreements.callback(cog, interaction)
    names = event_names(interaction)
    assert names[0] == "defer" and names.count("followup") > 1
    pages = [kw["embed"] for kw in sent(interaction)]
    text = "\n".join(p.description for p in pages)
    assert all(f"point {i}" in text for i in range(12))
    assert all(p.title.endswith(f"/{len(pages)})") for p in pages)
    assert "left out" not in text and "/disagreements" not in text
    _assert_no_mentions(interaction)


async def test_ask_description_and_example_come_from_the_corpus(tmp_path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[corpus]\nsubject = "the 2031 harbour strike"\nexample = "Who called the strike?"\n',
        "utf-8")
    cog, _ = _cog(corpus=tmp_path)
    payload = cog.ask_command.to_dict(cog.bot.tree)
    assert payload["description"] == "Ask about the 2031 harbour strike."
    assert payload["options"][0]["description"] == "Your question, e.g. Who called the strike?"
    interaction = make_interaction(command="help")
    await SlashCommands.help.callback(cog, interaction)
    text = sent(interaction)[0]["embeds"][0].description
    assert "the 2031 harbour strike" in text and "Who called the strike?" in text
    assert "Trump" not in text


async def test_autocomplete_names_an_untitled_article_readably_and_sends_its_id() -> None:
    from bot.models import Source, SourceInfo

    bare = Source("002_95c2037b3342536c", None, None, None, None, opening="In a significant move")
    cog, _ = _cog(FakeEngine(sources_result=[SourceInfo(bare, 3, 9)]))
    (choice,) = await SlashCommands.source_choices(cog, make_interaction(), "significant")
    assert choice.name == "untitled article “In a significant move…”"
    assert choice.value == "002_95c2037b3342536c"
