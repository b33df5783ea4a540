"""End to end: the real engine (model + index) behind /ask, with a fake interaction."""

from __future__ import annotations

import pytest
from helpers import (
    assert_within_limits,
    event_names,
    is_no_mentions,
    make_bot,
    make_interaction,
    quoted_texts,
)

from bot.discord_app.cogs.commands import SlashCommands
from bot.settings import Settings

pytestmark = pytest.mark.integration

QUESTION = "How long did the call last?"


@pytest.fixture()
def real_engine(seed_engine):
    """The real Engine over the project corpus (the session's, see tests/conftest.py)."""
    return seed_engine


async def test_ask_end_to_end_with_the_real_engine(real_engine) -> None:
    cog = SlashCommands(make_bot(real_engine, Settings()))
    interaction = make_interaction()
    await cog.ask_command.callback(interaction, QUESTION)

    assert event_names(interaction) == ["defer", "followup"]
    (_, sent), = [e for e in interaction.events if e[0] == "followup"]
    assert is_no_mentions(sent["allowed_mentions"])
    embed = sent["embed"]
    assert_within_limits(embed)
    assert embed.title == QUESTION

    answer = real_engine.ask(QUESTION)
    assert answer.answered and answer.quotes
    shown = quoted_texts(embed.description or "")
    # every quote shown is, verbatim, one of the engine's quotes, in the engine's order
    expected = [q.excerpt.text for q in answer.quotes]
    assert shown and shown == expected[: len(shown)]
    top = answer.quotes[0].excerpt.source
    assert (top.outlet or top.title or top.doc_id) in (embed.description or "")
