"""The test doubles are specced against discord.py: a call the real API lacks fails."""

from __future__ import annotations

import pytest
from helpers import make_bot, make_interaction, make_message


async def test_interaction_double_rejects_what_discord_py_lacks() -> None:
    interaction = make_interaction()
    with pytest.raises(TypeError):
        await interaction.followup.send(embedz=None)  # misspelt keyword
    with pytest.raises(TypeError):
        await interaction.response.defer(thinking=True, silently=True)
    with pytest.raises(AttributeError):
        interaction.response.reply  # noqa: B018  # InteractionResponse has no reply()
    with pytest.raises(AttributeError):
        interaction.send_followup  # noqa: B018


async def test_message_and_channel_doubles_reject_what_discord_py_lacks() -> None:
    message = make_message("hi")
    with pytest.raises(TypeError):
        await message.channel.send(allowed_mention=None)  # TextChannel.send has no such kw
    with pytest.raises(AttributeError):
        message.respond  # noqa: B018
    with pytest.raises(AttributeError):
        message.guild.bot_role  # noqa: B018  # it is Guild.self_role
    await message.channel.send(content="ok", allowed_mentions=None)  # the real signature


def test_bot_double_is_a_callbot() -> None:
    bot = make_bot()
    with pytest.raises(AttributeError):
        bot.answer_question  # noqa: B018
    assert bot.user.id and bot.settings and bot.corpus_info.subject
