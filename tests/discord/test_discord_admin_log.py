"""Refresh failures reported to the admin channel, with doubles specced on discord.py."""

from __future__ import annotations

import logging
from unittest.mock import create_autospec

import discord
import pytest
from helpers import http_error, is_no_mentions, unescape

from bot.discord_app.admin_log import AdminReporter, failure_text
from bot.errors import RefreshError

ADMINS = 31337
ERROR = RefreshError("The index was not refreshed: articles/late_news.txt is not UTF-8 "
                     "(byte 0xff at 3) @everyone <@1>")


def _client(channel: object = None, fetched: object = None) -> object:
    client = create_autospec(discord.Client, instance=True)
    client.get_channel.return_value = channel
    client.fetch_channel.return_value = fetched
    return client


def _channel() -> object:
    return create_autospec(discord.TextChannel, instance=True, id=ADMINS)


async def test_a_failure_is_posted_naming_the_file_and_pinging_nobody() -> None:
    channel = _channel()
    client = _client(channel)
    assert await AdminReporter(client, ADMINS).report(ERROR)
    client.get_channel.assert_called_once_with(ADMINS)
    (text,), kwargs = channel.send.await_args
    assert is_no_mentions(kwargs["allowed_mentions"])
    assert "articles/late_news.txt is not UTF-8" in unescape(text)
    assert "\\@everyone" in text and "previous index keeps serving" in text


async def test_an_uncached_channel_is_fetched_and_a_long_error_fits_a_message() -> None:
    channel = _channel()
    client = _client(None, channel)
    long = RefreshError("The index was not refreshed: " + "x" * 5000)
    assert await AdminReporter(client, ADMINS).report(long)
    client.fetch_channel.assert_awaited_once_with(ADMINS)
    (text,), _ = channel.send.await_args
    assert len(text.encode("utf-16-le")) // 2 <= 2000 and text.endswith("…")
    assert failure_text(long) == text


async def test_without_a_channel_or_when_discord_refuses_it_is_only_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    client = _client(_channel())
    with caplog.at_level(logging.INFO):
        assert not await AdminReporter(client, None).report(ERROR)
    client.get_channel.assert_not_called()
    assert "CALLBOT_ADMIN_CHANNEL_ID" in caplog.text
    channel = _channel()
    channel.send.side_effect = http_error(403, discord.Forbidden)
    with caplog.at_level(logging.WARNING):
        assert not await AdminReporter(_client(channel), ADMINS).report(ERROR)
    assert f"could not report the failed refresh in channel {ADMINS}" in caplog.text
    category = create_autospec(discord.CategoryChannel, instance=True, id=ADMINS)
    assert not await AdminReporter(_client(category), ADMINS).report(ERROR)
