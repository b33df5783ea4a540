"""Command registration and payloads, startup (engine once, sync), and `callbot run` errors."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from helpers import FakeEngine, make_sources

from bot.discord_app import main
from bot.discord_app.client import CallBot, make_intents
from bot.settings import Settings

STRING = discord.AppCommandOptionType.string.value
NAMES = ["ask", "summary", "disagreements", "sources", "help", "reindex", "add-article"]


async def _registered(settings: Settings) -> CallBot:
    bot = CallBot(settings)
    await bot.add_cogs()
    return bot


async def test_tree_registers_every_command_with_clear_descriptions() -> None:
    bot = await _registered(Settings(max_question_chars=321))
    commands = bot.tree.get_commands()
    assert [c.name for c in commands] == NAMES
    for payload in (c.to_dict(bot.tree) for c in commands):
        assert payload["type"] == discord.AppCommandType.chat_input.value
        assert 10 <= len(payload["description"]) <= 100
        for option in payload["options"]:
            assert 10 <= len(option["description"]) <= 100 and option["description"] != "…"


async def test_option_payloads_types_required_and_lengths() -> None:
    bot = await _registered(Settings(max_question_chars=321))
    payloads = {c.name: c.to_dict(bot.tree) for c in bot.tree.get_commands()}
    assert payloads["ask"]["options"] == [{
        "type": STRING, "name": "question",
        "description": "Your question, e.g. How long did the call last?",
        "required": True, "min_length": 1, "max_length": 321,
    }]
    source, topic = payloads["summary"]["options"]
    assert (source["name"], source["type"], source["required"], source["autocomplete"],
            source["max_length"]) == ("source", STRING, False, True, 100)
    assert (topic["name"], topic["type"], topic["required"], topic["max_length"]) == (
        "topic", STRING, False, 200)
    assert "autocomplete" not in topic
    for name in ("disagreements", "sources", "help"):
        assert payloads[name]["options"] == []


def test_print_commands_json_is_exactly_the_sync_payload(capsys: pytest.CaptureFixture) -> None:
    settings = Settings(max_question_chars=123)
    assert main.print_commands(as_json=True, settings=settings) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == main.command_payloads(settings)
    assert [p["name"] for p in printed] == NAMES
    assert printed[0]["options"][0]["max_length"] == 123
    assert main.print_commands(as_json=False, settings=settings) == 0
    text = capsys.readouterr().out
    assert "/ask" in text and "question (text; required, 1–123 characters)" in text


def test_commands_json_loads_no_model_and_needs_no_network() -> None:
    code = (
        "import sys; from bot.settings import Settings;"
        "from bot.discord_app.main import command_payloads;"
        "p = command_payloads(Settings());"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb') if m in sys.modules];"
        "print(len(p), heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "7 []"


def test_message_content_intent_only_when_question_channels_are_configured() -> None:
    assert make_intents(Settings()).message_content is False
    assert make_intents(Settings(channel_ids=(1, 2))).message_content is True
    assert make_intents(Settings()).guild_messages is True


@pytest.mark.parametrize("guild_id", [None, 1234567890])
async def test_setup_hook_loads_engine_once_in_a_thread_then_syncs(
    guild_id: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    def factory() -> FakeEngine:
        built.append(threading.get_ident())
        return FakeEngine(sources_result=make_sources(5))

    bot = CallBot(Settings(guild_id=guild_id), engine_factory=factory)
    with pytest.raises(RuntimeError):
        _ = bot.engine  # nothing is loaded before setup_hook
    sync = AsyncMock(return_value=[])
    copy = MagicMock()
    monkeypatch.setattr(bot.tree, "sync", sync)
    monkeypatch.setattr(bot.tree, "copy_global_to", copy)
    await bot.setup_hook()
    await bot.load_engine()  # a second call does not rebuild
    assert len(built) == 1 and built[0] != threading.get_ident()
    assert len(await bot.engine.sources()) == 5
    assert bot.get_cog("Commands") is not None and bot.get_cog("Messages") is not None
    if guild_id:
        assert copy.call_args.kwargs["guild"].id == guild_id
        assert sync.await_args.kwargs["guild"].id == guild_id
    else:
        copy.assert_not_called()
        assert sync.await_args.kwargs == {}


async def test_sync_failure_is_logged_and_startup_continues(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    bot = CallBot(Settings(guild_id=42), engine=FakeEngine())
    response = type("Response", (), {"status": 403, "reason": "Forbidden"})()
    monkeypatch.setattr(bot.tree, "sync",
                        AsyncMock(side_effect=discord.Forbidden(response, "Missing Access")))
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.client"):
        await bot.setup_hook()
    assert any("applications.commands" in r.getMessage() for r in caplog.records)


def test_run_without_token_exits_at_once_naming_the_variable(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "_open_engine", lambda s: pytest.fail("must not load the engine"))
    for token in (None, "   "):
        start = time.perf_counter()
        code = main.run_bot(Settings(discord_token=token))
        assert code != 0 and time.perf_counter() - start < 1
        err = capsys.readouterr().err
        assert "DISCORD_TOKEN" in err and "Developer Portal" in err and "Reset Token" in err


def test_rejected_token_is_reported_and_never_printed_or_logged(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "MTIz.fake.SECRET-token-value"
    monkeypatch.setattr(CallBot, "start",
                        AsyncMock(side_effect=discord.LoginFailure("Improper token")))
    with caplog.at_level(logging.DEBUG):
        code = main.run_bot(Settings(discord_token=secret))
    captured = capsys.readouterr()
    assert code != 0 and "rejected DISCORD_TOKEN" in captured.err
    assert secret not in captured.err + captured.out + caplog.text
    assert secret not in repr(Settings(discord_token=secret))


def test_missing_privileged_intent_is_explained(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CallBot, "start",
                        AsyncMock(side_effect=discord.PrivilegedIntentsRequired(None)))
    assert main.run_bot(Settings(discord_token="x", channel_ids=(1,))) != 0
    err = capsys.readouterr().err
    assert "Message Content" in err and "DISCORD_CHANNEL_IDS" in err


@pytest.mark.parametrize("code, expected, text", [(4004, 2, "rejected DISCORD_TOKEN"),
                                                   (4000, 5, "code 4000")])
def test_gateway_close_codes_are_explained(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, code: int, expected: int,
    text: str,
) -> None:
    socket = type("Socket", (), {"close_code": code})()
    closed = discord.ConnectionClosed(socket, shard_id=None, code=code)
    monkeypatch.setattr(CallBot, "start", AsyncMock(side_effect=closed))
    assert main.run_bot(Settings(discord_token="x")) == expected
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


def test_longest_question_setting_is_capped_at_discords_option_limit() -> None:
    from bot.settings import SettingsError

    assert Settings.from_env({"CALLBOT_MAX_QUESTION_CHARS": "6000"}).max_question_chars == 6000
    for bad in ("6001", "9"):
        with pytest.raises(SettingsError, match="6000"):
            Settings.from_env({"CALLBOT_MAX_QUESTION_CHARS": bad})
    # Even a Settings built in code cannot make Discord reject the command payload.
    payload = main.command_payloads(Settings(max_question_chars=10_000))[0]
    assert payload["options"][0]["max_length"] == 6000


def test_more_pages_than_a_channel_should_take_are_announced_not_dropped_silently() -> None:
    from bot.discord_app.replies import MAX_PAGES, paged
    from bot.presentation import Presentation, TextBlock

    rows = tuple(TextBlock(f"row {i} " + "x" * 3000) for i in range(MAX_PAGES + 3))
    embeds, rest = paged(Presentation("Long", rows))
    assert len(embeds) == MAX_PAGES and rest is not None and rest.startswith("3 more pages")
    embeds, rest = paged(Presentation("Short", rows[:2]))
    assert len(embeds) == 2 and rest is None
