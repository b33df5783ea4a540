"""👍/👎 buttons with fake interactions: on each answer, persistent ids, votes recorded."""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import create_autospec

import discord
import pytest
from helpers import FakeEngine, make_bot, make_interaction, make_message, mention_of_bot, sent

from bot.discord_app.cogs.commands import SlashCommands
from bot.discord_app.cogs.messages import ChannelQuestions
from bot.discord_app.votes import GONE, TEMPLATE, VoteButton, parse, vote_view
from bot.feedback import FeedbackStore
from bot.settings import Settings


@pytest.fixture()
def store(tmp_path: Path):
    opened = FeedbackStore.beside(tmp_path)
    yield opened
    opened.close()


def _ids(view: discord.ui.View) -> list[str]:
    return [item.custom_id for item in view.children]  # type: ignore[attr-defined]


async def test_ask_answer_carries_persistent_vote_buttons_recorded_for_voting(store) -> None:
    bot = make_bot(FakeEngine())
    bot.feedback = store
    interaction = make_interaction()
    await SlashCommands(bot).ask(interaction, "How long did the call last?")
    *_, last = sent(interaction)
    view = last["view"]
    assert view.timeout is None and len(view.children) == 2
    (up_vote, up_id), (down_vote, down_id) = (parse(i) for i in _ids(view))
    assert (up_vote, down_vote) == ("up", "down") and up_id == down_id
    assert [c.item.emoji.name for c in view.children] == ["👍", "👎"]  # type: ignore[attr-defined]
    assert store.report().answers == 1


async def test_without_a_votes_database_answers_have_no_buttons() -> None:
    interaction = make_interaction()
    await SlashCommands(make_bot(FakeEngine())).ask(interaction, "How long did the call last?")
    assert all("view" not in kwargs for kwargs in sent(interaction))


async def test_a_channel_answer_carries_the_buttons_on_its_last_message(store) -> None:
    bot = make_bot(FakeEngine(), Settings(cooldown_seconds=10))
    bot.feedback = store
    message = make_message("How long did the call last?", mentions=[mention_of_bot(bot)])
    await ChannelQuestions(bot).on_message(message)
    kwargs = message.reply.await_args.kwargs
    assert [parse(i)[0] for i in _ids(kwargs["view"])] == ["up", "down"]


def _click(client_feedback: FeedbackStore | None, user_id: int = 55):
    interaction = make_interaction(user_id=user_id)
    interaction.client = create_autospec(discord.Client, instance=True)
    interaction.client.feedback = client_feedback
    return interaction


async def test_a_click_after_a_restart_records_and_changes_the_vote(tmp_path: Path) -> None:
    before = FeedbackStore.beside(tmp_path)
    answer_id = before.record_answer("Who won?", ())
    custom = _ids(vote_view(answer_id))[1]  # 👎, as posted before the restart
    before.close()
    after = FeedbackStore.beside(tmp_path)  # the restarted bot's database
    try:
        match = re.fullmatch(TEMPLATE, custom)
        assert match is not None
        for item_id in (custom, custom.replace(":down:", ":up:")):
            button = await VoteButton.from_custom_id(
                _click(after), discord.ui.Button(custom_id=item_id),
                re.fullmatch(TEMPLATE, item_id))
            interaction = _click(after)
            await button.callback(interaction)
            reply = interaction.events[0][1]
            assert reply["ephemeral"] is True and "recorded" in reply["args"][0]
        report = after.report()
        assert (report.up, report.down) == (1, 0)  # one vote, changed to 👍
    finally:
        after.close()


async def test_a_click_on_an_unknown_answer_says_so_and_stores_nothing(store) -> None:
    interaction = _click(store)
    await VoteButton("up", "0123456789abcdef").callback(interaction)
    assert interaction.events[0][1]["args"] == (GONE,)
    assert store.report().up == 0
