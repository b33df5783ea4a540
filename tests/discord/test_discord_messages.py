"""Questions in channels: mentions, configured channels, who is ignored, and the replies."""

from __future__ import annotations

import logging
import threading
from unittest.mock import create_autospec

import discord
import pytest
from helpers import (
    BOT_ID,
    FakeEngine,
    Typing,
    http_error,
    is_no_mentions,
    make_bot,
    make_message,
    mention_of_bot,
    quoted_texts,
)

from bot.discord_app.cogs.messages import ChannelQuestions
from bot.discord_app.replies import GENERIC_ERROR
from bot.settings import Settings

QUESTION_CHANNEL = 4242


def _cog(engine: FakeEngine | None = None, **settings: object) -> ChannelQuestions:
    """The cog over a bot double; settings override the defaults (question channel set)."""
    settings.setdefault("channel_ids", (QUESTION_CHANNEL,))
    return ChannelQuestions(make_bot(engine or FakeEngine(), Settings(**settings)))  # type: ignore[arg-type]


def _reply_kwargs(message: object) -> dict:
    reply = message.reply  # type: ignore[attr-defined]
    reply.assert_awaited_once()
    kwargs = reply.await_args.kwargs
    assert is_no_mentions(kwargs["allowed_mentions"])
    assert kwargs["mention_author"] is False
    return kwargs


@pytest.mark.parametrize("token", [f"<@{BOT_ID}>", f"<@!{BOT_ID}>"])
async def test_mention_is_answered_with_a_reply(token: str) -> None:
    engine = FakeEngine()
    cog = _cog(engine)
    message = make_message(f"{token} how long did   the call last?",
                           mentions=(mention_of_bot(cog.bot),))
    await cog.on_message(message)
    assert engine.calls == [("ask", ("how long did the call last?",), {})]
    assert engine.threads[0] != threading.get_ident()
    embed = _reply_kwargs(message)["embed"]
    assert quoted_texts(embed.description) == [
        "The call lasted more than three hours, the White House said."
    ]
    message.channel.typing.assert_called_once()


async def test_mention_of_the_bots_managed_role_counts_as_a_mention() -> None:
    engine = FakeEngine()
    cog = _cog(engine, channel_ids=())
    role = type("Role", (), {"id": 31337})()
    message = make_message("<@&31337> what did Putin agree to?", role_mentions=(role,),
                           self_role_id=31337)
    await cog.on_message(message)
    assert engine.calls == [("ask", ("what did Putin agree to?",), {})]


async def test_configured_channel_and_its_threads_are_answered_without_mention() -> None:
    engine = FakeEngine()
    cog = _cog(engine)
    in_channel = make_message("What did Zelensky say?", channel_id=QUESTION_CHANNEL)
    in_thread = make_message("And the Kremlin?", channel_id=1, parent_id=QUESTION_CHANNEL,
                             author_id=8)
    await cog.on_message(in_channel)
    await cog.on_message(in_thread)
    assert [args[0] for _, args, _ in engine.calls] == ["What did Zelensky say?",
                                                         "And the Kremlin?"]
    assert "embed" in _reply_kwargs(in_channel) and "embed" in _reply_kwargs(in_thread)


async def test_other_channels_bots_itself_and_everyone_pings_are_ignored() -> None:
    engine = FakeEngine()
    cog = _cog(engine)
    ignored = [
        make_message("What did Trump say?", channel_id=1),
        make_message("@everyone what happened?", channel_id=1),
        make_message("What did Trump say?", channel_id=QUESTION_CHANNEL, author_bot=True),
        make_message(f"<@{BOT_ID}> hi", mentions=(mention_of_bot(cog.bot),), author_bot=True),
        make_message("My own answer", channel_id=QUESTION_CHANNEL, author_id=BOT_ID),
        # an image or no Message Content intent: nothing was asked in a question channel
        make_message("", channel_id=QUESTION_CHANNEL),
    ]
    for message in ignored:
        await cog.on_message(message)
        message.reply.assert_not_awaited()
    assert engine.calls == []


async def test_mention_without_question_gets_usage_help() -> None:
    engine = FakeEngine()
    cog = _cog(engine)
    message = make_message(f"<@{BOT_ID}>   ", mentions=(mention_of_bot(cog.bot),))
    await cog.on_message(message)
    content = _reply_kwargs(message)["content"]
    assert "/ask" in content and "@callbot How long did the call last?" in content
    assert engine.calls == []


async def test_usage_text_is_the_corpus_own_subject_or_neutral(tmp_path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[corpus]\nsubject = "the 2031 harbour strike"\nexample = "Who called the strike?"\n',
        "utf-8")
    cases = ((tmp_path, "the 2031 harbour strike", "Who called the strike?"),
             (tmp_path / "none", "the news articles in this collection", "What happened?"))
    for corpus, subject, example in cases:
        cog = _cog(corpus=corpus)
        message = make_message(f"<@{BOT_ID}>", mentions=(mention_of_bot(cog.bot),))
        await cog.on_message(message)
        content = _reply_kwargs(message)["content"]
        assert subject in content and f"@callbot {example}" in content
        assert "Trump" not in content and "Putin" not in content


async def test_over_long_and_wordless_questions_get_the_core_message() -> None:
    cog = _cog(FakeEngine(max_chars=30), max_question_chars=30)
    long_message = make_message("why " * 20, channel_id=QUESTION_CHANNEL)
    await cog.on_message(long_message)
    assert "the limit is 30" in _reply_kwargs(long_message)["content"]
    wordless = make_message(f"<@{BOT_ID}> ?!", mentions=(mention_of_bot(cog.bot),))
    await cog.on_message(wordless)
    assert "no words" in _reply_kwargs(wordless)["content"]


async def test_cooldown_in_channels_replies_briefly_and_deletes_itself() -> None:
    engine = FakeEngine()
    cog = _cog(engine, cooldown_seconds=20)
    first = make_message("What did Trump say?", channel_id=QUESTION_CHANNEL)
    second = make_message("And Putin?", channel_id=QUESTION_CHANNEL)
    await cog.on_message(first)
    await cog.on_message(second)
    kwargs = _reply_kwargs(second)
    assert "you can ask again in" in kwargs["content"] and kwargs["delete_after"] >= 5
    assert len(engine.calls) == 1


async def test_unexpected_error_replies_logs_and_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = FakeEngine(error=ValueError("index corrupt"))
    cog = _cog(engine, cooldown_seconds=0)
    broken = make_message("What happened?", channel_id=QUESTION_CHANNEL)
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.cogs.messages"):
        await cog.on_message(broken)
    assert _reply_kwargs(broken)["content"] == GENERIC_ERROR
    assert any(r.exc_info for r in caplog.records)
    engine.error = None
    fine = make_message("What happened?", channel_id=QUESTION_CHANNEL)
    await cog.on_message(fine)
    assert "embed" in _reply_kwargs(fine)


@pytest.mark.parametrize("status", [403, 500, 503])
async def test_reply_failure_is_logged_and_does_not_use_up_the_cooldown(
    status: int, caplog: pytest.LogCaptureFixture
) -> None:
    engine = FakeEngine()
    cog = _cog(engine, cooldown_seconds=60)
    message = make_message("What happened?", channel_id=QUESTION_CHANNEL)
    error = discord.Forbidden if status == 403 else discord.DiscordServerError
    message.reply.side_effect = http_error(status, error)
    with caplog.at_level(logging.WARNING, logger="bot.discord_app.cogs.messages"):
        await cog.on_message(message)
    assert any("could not reply" in r.getMessage() for r in caplog.records)
    again = make_message("What happened now?", channel_id=QUESTION_CHANNEL)
    await cog.on_message(again)  # at once: the failed reply did not cost the cooldown
    assert "embed" in _reply_kwargs(again) and len(engine.calls) == 2


@pytest.mark.parametrize("status", [403, 500])
async def test_typing_failure_is_logged_and_the_question_still_answered(
    status: int, caplog: pytest.LogCaptureFixture
) -> None:
    cog = _cog()
    message = make_message("What happened?", channel_id=QUESTION_CHANNEL)
    error = discord.Forbidden if status == 403 else discord.DiscordServerError
    message.channel.typing_cm.error = http_error(status, error)
    with caplog.at_level(logging.WARNING, logger="bot.discord_app.cogs.messages"):
        await cog.on_message(message)  # must not raise out of on_message
    assert any("cannot show typing" in r.getMessage() for r in caplog.records)
    assert "embed" in _reply_kwargs(message)


@pytest.mark.parametrize("text", [
    "<@456> what did Putin agree to?",
    "what did <@&77> <#88> Putin agree to? <:flag_ua:123456789> <a:spin:42> @everyone @here",
    "\x1b[31mwhat did Putin agree to?\x1b[0m\x07",
])
async def test_discord_syntax_and_escape_codes_are_removed_before_answering(text: str) -> None:
    engine = FakeEngine()
    cog = _cog(engine)
    message = make_message(text, channel_id=QUESTION_CHANNEL)
    await cog.on_message(message)
    assert engine.calls == [("ask", ("what did Putin agree to?",), {})]


async def test_a_reply_to_the_bot_that_asks_nothing_is_not_answered() -> None:
    engine = FakeEngine()
    cog = _cog(engine)
    answer = make_message("(the bot's answer)", author_id=BOT_ID, author_bot=True)
    for text in ("thanks!", "ok 👍", "great, cheers"):
        # Discord puts the replied-to author in mentions (the reply's implicit ping).
        thanks = make_message(text, mentions=(mention_of_bot(cog.bot),), reply_to=answer)
        await cog.on_message(thanks)
        thanks.reply.assert_not_awaited()
        thanks.channel.typing.assert_not_called()
    follow_up = make_message("and how long did it last?", mentions=(mention_of_bot(cog.bot),),
                             reply_to=answer)
    await cog.on_message(follow_up)
    explicit = make_message(f"<@{BOT_ID}> thanks", mentions=(mention_of_bot(cog.bot),),
                            reply_to=answer, author_id=99)
    await cog.on_message(explicit)  # naming the bot in the text is asking it
    assert [args[0] for _, args, _ in engine.calls] == ["and how long did it last?", "thanks"]


async def test_typing_starts_only_after_the_question_is_validated() -> None:
    cog = _cog(FakeEngine(max_chars=30), max_question_chars=30)
    for text in ("why " * 20, f"<@{BOT_ID}> ?!"):
        message = make_message(text, channel_id=QUESTION_CHANNEL,
                               mentions=(mention_of_bot(cog.bot),))
        await cog.on_message(message)
        message.channel.typing.assert_not_called()
        assert "content" in _reply_kwargs(message)


async def test_a_long_answer_in_a_channel_continues_in_further_messages() -> None:
    from helpers import make_answer, make_quote

    texts = [f"Quote {i}: " + "Moscow and Washington discussed the ceasefire. " * 20
             for i in range(8)]
    engine = FakeEngine(answer=make_answer(quotes=tuple(make_quote(t, i % 5 + 1)
                                                        for i, t in enumerate(texts))))
    cog = _cog(engine)
    message = make_message("What was discussed?", channel_id=QUESTION_CHANNEL)
    await cog.on_message(message)
    first = _reply_kwargs(message)["embed"]
    rest = [c.kwargs for c in message.channel.send.await_args_list]
    assert rest and all(is_no_mentions(kw["allowed_mentions"]) for kw in rest)
    pages = [first, *(kw["embed"] for kw in rest)]
    shown = [t for p in pages for t in quoted_texts(p.description)]
    assert shown == texts and first.title.endswith(f"(page 1/{len(pages)})")


# ------------------------------------------------------------------ threads and follow-ups

async def test_an_answer_in_a_question_channel_opens_a_thread_named_after_the_question() -> None:
    bot = make_bot(FakeEngine(), Settings(channel_ids=(555,), cooldown_seconds=0))
    cog = ChannelQuestions(bot)
    message = make_message("How long did the call last? " + "x" * 120, channel_id=555)
    await cog.on_message(message)
    reply = message.reply.return_value
    name = reply.create_thread.await_args.kwargs["name"]
    assert name.startswith("How long did the call last?") and len(name) <= 100
    assert cog.threads[reply.create_thread.return_value.id].startswith("How long")


async def test_no_thread_when_threads_are_off_or_outside_question_channels() -> None:
    bot = make_bot(FakeEngine(), Settings(channel_ids=(555,), cooldown_seconds=0,
                                          threads=False))
    message = make_message("How long did the call last?", channel_id=555)
    await ChannelQuestions(bot).on_message(message)
    message.reply.return_value.create_thread.assert_not_called()
    bot = make_bot(FakeEngine(), Settings(cooldown_seconds=0))
    message = make_message("How long did the call last?", channel_id=9,
                           mentions=(mention_of_bot(bot),))
    await ChannelQuestions(bot).on_message(message)
    message.reply.return_value.create_thread.assert_not_called()


THREAD = 901


def _thread(name: str, *, starter: object = None, history: tuple = (),
            history_error: Exception | None = None) -> object:
    """A thread double of the question channel: its starter message and its history."""
    thread = create_autospec(discord.Thread, instance=True, id=THREAD, parent_id=QUESTION_CHANNEL)
    thread.name = name
    thread.typing.return_value = Typing()
    thread.parent = create_autospec(discord.TextChannel, instance=True, id=QUESTION_CHANNEL)
    if starter is None:
        thread.parent.fetch_message.side_effect = http_error(404, discord.NotFound)
    else:
        thread.parent.fetch_message.return_value = starter

    async def newest_first(**kwargs: object):
        if history_error is not None:
            raise history_error
        for message in reversed(history):
            yield message

    thread.history.side_effect = newest_first
    return thread


def _in_thread(content: str, *, bot: bool = False) -> object:
    return make_message(content, channel_id=THREAD, parent_id=QUESTION_CHANNEL, author_bot=bot,
                        author_id=BOT_ID if bot else 4321)


async def _ask_in(cog: ChannelQuestions, thread: object, content: str) -> object:
    message = _in_thread(content)
    message.channel = thread
    await cog.on_message(message)
    return message


async def test_a_follow_up_in_a_thread_is_read_after_its_earlier_questions_from_history() -> None:
    engine = FakeEngine()
    cog = _cog(engine, cooldown_seconds=0)  # a fresh cog: as after a restart, nothing cached
    question = make_message("What did Putin agree to?", channel_id=QUESTION_CHANNEL)
    starter = make_message("(the answer)", author_bot=True, author_id=BOT_ID,
                           channel_id=QUESTION_CHANNEL, reply_to=question)
    history = (_in_thread("and what did Zelensky say?"), _in_thread("(answer)", bot=True),
               _in_thread("thanks"), _in_thread("(answer)", bot=True))
    thread = _thread("What did Putin agree…", starter=starter, history=history)
    message = await _ask_in(cog, thread, "when did he say it?")
    assert engine.calls[-1][2] == {
        "earlier": "What did Putin agree to? and what did Zelensky say?"}
    thread.parent.fetch_message.assert_awaited_once_with(THREAD)  # the answer opening it
    assert thread.history.call_args.kwargs["before"] is message
    message.reply.return_value.create_thread.assert_not_called()  # no thread in a thread
    await _ask_in(cog, thread, "and on which day?")
    thread.parent.fetch_message.assert_awaited_once()  # the opening question is now known


async def test_a_question_that_stood_alone_in_the_thread_starts_a_new_chain() -> None:
    engine = FakeEngine()
    cog = _cog(engine, cooldown_seconds=0)
    cog.threads[THREAD] = "What did Putin agree to?"  # opened in this run: no fetch needed
    history = (_in_thread("and Zelensky?"), _in_thread("How long did the call last?"))
    thread = _thread("What did Putin agree to?", history=history)
    await _ask_in(cog, thread, "and who announced it?")
    assert engine.calls[-1][2] == {"earlier": "How long did the call last?"}
    thread.parent.fetch_message.assert_not_awaited()


async def test_the_thread_name_is_the_last_fallback(caplog: pytest.LogCaptureFixture) -> None:
    engine = FakeEngine()
    cog = _cog(engine, cooldown_seconds=0)
    thread = _thread("What did Putin agree to?", history_error=http_error(403, discord.Forbidden))
    with caplog.at_level(logging.INFO):
        await _ask_in(cog, thread, "and what did Zelensky say about it?")
    assert engine.calls[-1][2] == {"earlier": "What did Putin agree to?"}
    assert "cannot read the history" in caplog.text


async def test_a_question_that_stands_alone_in_a_thread_reads_no_history() -> None:
    engine = FakeEngine()
    cog = _cog(engine, cooldown_seconds=0)
    thread = _thread("What did Putin agree to?", history=(_in_thread("and Zelensky?"),))
    await _ask_in(cog, thread, "How long did the call last?")
    assert engine.calls[-1][2] == {}  # asked alone
    thread.history.assert_not_called()
    thread.parent.fetch_message.assert_not_awaited()
