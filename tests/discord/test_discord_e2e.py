"""End to end: the real bot (discord.py client, real engine) against a fake Discord on loopback.

The bot logs in, syncs its commands and connects to the fake gateway exactly as it would to
Discord; the tests send slash-command interactions and messages as gateway events and check
every request the bot makes: defer then follow-up within 3 s, nobody pinged, Discord's
limits, ephemeral errors, verbatim quotes, and the failures it must survive.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
import yarl
from fake_discord import (
    ADMIN_CHANNEL_ID,
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    LOCKED_CHANNEL_ID,
    USER_ID,
    FakeDiscord,
    Request,
    user,
)
from helpers import quoted_texts, unescape

from bot.discord_app.client import CallBot
from bot.render import render_answer
from bot.settings import Settings

pytestmark = pytest.mark.integration

EPHEMERAL = 64
DEFERRED = 5
MESSAGE = 4


@dataclass
class Live:
    """The running fake and bot."""

    fake: FakeDiscord
    bot: CallBot
    engine: object

    async def slash(self, name: str, user_id: int = USER_ID, permissions: str | None = None,
                    **options: str) -> list[Request]:
        """Run a slash command; the requests it caused once the bot is done with it."""
        extra = {"permissions": permissions} if permissions is not None else {}
        return await self._run("INTERACTION_CREATE",
                               self.fake.interaction(name, options, user_id=user_id, **extra))

    async def say(self, content: str, **kwargs: object) -> list[Request]:
        """Post a message; every request it caused (typing included)."""
        return await self._run("MESSAGE_CREATE", self.fake.message(content, **kwargs))

    async def _run(self, event: str, data: dict) -> list[Request]:
        since = len(self.fake.requests)
        await self.fake.dispatch(event, data)
        # Settle: wait until no request arrived for a moment (the bot is done).
        seen, quiet = -1, 0
        while quiet < 5:
            await asyncio.sleep(0.05)
            now = len(self.fake.requests)
            quiet = quiet + 1 if now == seen else 0
            seen = now
        return self.fake.requests[since:]


@contextlib.asynccontextmanager
async def running(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch,
                  fake: FakeDiscord | None = None) -> AsyncIterator[Live]:
    """The real bot with these settings and engine, logged in to `fake` (default: a new one)."""
    own = fake is None
    fake = fake or FakeDiscord()
    if own:
        await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(fake.gateway_url))
    bot = CallBot(settings, engine=engine)  # type: ignore[arg-type]
    bot._connection.guild_ready_timeout = 0.1  # the fake sends its one guild at once
    task = asyncio.create_task(bot.start("fake-token"))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 20)
        yield Live(fake, bot, engine)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)
        if own:
            await fake.stop()


@pytest.fixture()
async def live(seed_engine, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Live]:
    """The real bot logged in to the fake Discord, ready to take events."""
    settings = Settings(cooldown_seconds=30, channel_ids=(CHANNEL_ID, LOCKED_CHANNEL_ID),
                        refresh_seconds=0)
    async with running(settings, seed_engine, monkeypatch) as started:
        yield started


# ------------------------------------------------------------------ checks on what was sent


def _embeds(r: Request) -> list[dict]:
    body = r.body if isinstance(r.body, dict) else {}
    return body.get("embeds") or (body.get("data") or {}).get("embeds") or []


def _content(r: Request) -> str:
    body = r.body if isinstance(r.body, dict) else {}
    return body.get("content") or (body.get("data") or {}).get("content") or ""


def _pings_nobody(r: Request) -> bool:
    body = r.body if isinstance(r.body, dict) else {}
    mentions = body.get("allowed_mentions") or (body.get("data") or {}).get("allowed_mentions")
    return (mentions is not None and mentions.get("parse") == []
            and not mentions.get("users") and not mentions.get("roles")
            and not mentions.get("replied_user"))


def _within_limits(r: Request) -> None:
    def n(text: str | None) -> int:
        return len((text or "").encode("utf-16-le")) // 2

    assert n(_content(r)) <= 2000
    embeds = _embeds(r)
    assert len(embeds) <= 10
    total = 0
    for e in embeds:
        assert n(e.get("title")) <= 256 and n(e.get("description")) <= 4096
        fields = e.get("fields") or []
        assert len(fields) <= 25
        for f in fields:
            assert n(f["name"]) <= 256 and n(f["value"]) <= 1024
        footer = (e.get("footer") or {}).get("text")
        assert n(footer) <= 2048
        total += n(e.get("title")) + n(e.get("description")) + n(footer) + sum(
            n(f["name"]) + n(f["value"]) for f in fields)
    assert total <= 6000


def _check_all(live: Live, requests: list[Request]) -> None:
    for r in requests:
        if r.method == "POST" and (_content(r) or _embeds(r)):  # every message, not a defer
            assert _pings_nobody(r), r
            _within_limits(r)


def _verbatim(live: Live, embeds: list[dict]) -> list[str]:
    """Every quoted text shown, each checked to be an article's own clean text."""
    texts = [t for e in embeds for t in quoted_texts(e.get("description") or "")]
    articles = [a.clean_text for a in live.engine.index.articles.values()]  # type: ignore[attr-defined]
    for text in texts:
        assert any(" ".join(text.split()) in " ".join(a.split()) for a in articles), text
    return texts


def _posts(requests: list[Request]) -> list[Request]:
    """Messages and interaction responses (not typing, not opening a thread)."""
    return [r for r in requests if r.method == "POST"
            and not r.path.endswith(("/typing", "/threads"))]


# ------------------------------------------------------------------ tests


async def test_startup_syncs_the_commands_that_the_bot_serves(live: Live) -> None:
    names = [c["name"] for c in live.fake.commands]
    assert names == ["ask", "summary", "disagreements", "sources", "help", "reindex",
                     "add-article"]
    ask = live.fake.commands[0]
    assert "Trump" in ask["description"]  # from corpus/sources.toml [corpus], not from code
    assert ask["options"][0]["max_length"] == live.bot.settings.max_question_chars


async def test_ask_defers_then_answers_with_verbatim_quotes_within_3_s(live: Live) -> None:
    requests = await live.slash("ask", question="How long did the call last?")
    posts = _posts(requests)
    callback, followup = posts[0], posts[1]
    assert callback.path.endswith("/callback") and callback.body["type"] == DEFERRED
    assert followup.path.startswith("/webhooks/")
    assert followup.at - callback.at < 3.0
    embed = _embeds(followup)[0]
    assert embed["title"] == "How long did the call last?"
    assert len(_verbatim(live, _embeds(followup))) >= 2
    # The CLI's text (`ask`, `reply` in --json) is exactly what the bot posted.
    answer = live.engine.ask("How long did the call last?")  # type: ignore[attr-defined]
    shown = f"**{embed['title']}**\n\n{embed['description']}\n\n*{embed['footer']['text']}*"
    assert render_answer(answer) == shown
    assert ("Sources disagree" in embed["description"]) == bool(answer.disagreements)
    assert not (followup.body.get("flags") or 0) & EPHEMERAL  # the answer is public
    _check_all(live, requests)


async def test_every_command_stays_within_limits_and_pings_nobody(live: Live) -> None:
    for name, options in (("summary", {}), ("summary", {"topic": "prisoner exchange"}),
                          ("summary", {"source": "003"}), ("disagreements", {}),
                          ("sources", {})):
        requests = await live.slash(name, user_id=USER_ID + len(live.fake.requests), **options)
        posts = _posts(requests)
        assert posts[0].body["type"] == DEFERRED and len(posts) >= 2, (name, posts)
        pages = [e for r in posts[1:] for e in _embeds(r)]
        assert pages, name
        text = "\n".join(e.get("description") or "" for e in pages)
        assert "95c2037b" not in text.replace("id `002_95c2037b3342536c`", "")
        assert "left out" not in text and "1 articles" not in text
        _verbatim(live, pages)
        _check_all(live, requests)
    requests = await live.slash("help")
    (response,) = _posts(requests)
    assert response.body["type"] == MESSAGE and response.body["data"]["flags"] & EPHEMERAL
    _check_all(live, requests)


async def test_errors_are_ephemeral_and_the_cooldown_is_ephemeral(live: Live) -> None:
    requests = await live.slash("ask", user_id=USER_ID + 1, question="?!")
    posts = _posts(requests)
    assert posts[0].body["type"] == DEFERRED
    assert any(r.method == "DELETE" and r.path.endswith("/messages/@original") for r in requests)
    assert posts[-1].body["flags"] & EPHEMERAL and "no words" in posts[-1].body["content"]
    await live.slash("ask", user_id=USER_ID + 2, question="What did Putin agree to?")
    again = _posts(await live.slash("ask", user_id=USER_ID + 2, question="And Trump?"))
    assert len(again) == 1 and again[0].body["type"] == MESSAGE
    assert again[0].body["data"]["flags"] & EPHEMERAL
    assert "ask again in" in again[0].body["data"]["content"]
    _check_all(live, requests)


async def test_mention_is_answered_without_discord_syntax_and_typing_comes_after(
    live: Live,
) -> None:
    me = {**BOT_USER}
    requests = await live.say(f"<@{BOT_ID}> <@456> <:flag:123> what did Putin agree to?",
                              mentions=(me, user(456)))
    typing = [i for i, r in enumerate(requests) if r.path.endswith("/typing")]
    (reply,) = _posts(requests)
    assert typing and typing[0] < requests.index(reply)
    assert reply.path == f"/channels/{CHANNEL_ID}/messages"
    assert reply.body["message_reference"]["message_id"]
    embed = _embeds(reply)[0]
    assert unescape(embed["title"]) == "what did Putin agree to?"
    assert "456" not in embed["description"]
    _verbatim(live, _embeds(reply))
    _check_all(live, requests)


async def test_a_thanks_reply_is_ignored_and_a_bare_mention_gets_usage(live: Live) -> None:
    answer = live.fake.message("(an answer)", author=BOT_ID)
    thanks = await live.say("thanks!", mentions=(BOT_USER,), reply_to=answer,
                            author=USER_ID + 3)
    assert thanks == []  # not even typing
    usage = await live.say(f"<@{BOT_ID}>", mentions=(BOT_USER,), author=USER_ID + 3)
    (reply,) = _posts(usage)
    assert "/ask" in reply.body["content"] and "How long did the call last?" in reply.body[
        "content"]
    assert not any(r.path.endswith("/typing") for r in usage)  # nothing to work on
    _check_all(live, usage)


async def test_forbidden_typing_and_a_failed_reply_are_survived(
    live: Live, caplog: pytest.LogCaptureFixture
) -> None:
    live.fake.fail[("POST", rf"/channels/{LOCKED_CHANNEL_ID}/typing")] = 403
    with caplog.at_level(logging.WARNING):
        locked = await live.say("What did Putin agree to?", channel_id=LOCKED_CHANNEL_ID,
                                author=USER_ID + 4)
    assert any("cannot show typing" in r.getMessage() for r in caplog.records)
    (reply,) = _posts(locked)
    assert _embeds(reply)  # still answered
    live.fake.fail[("POST", rf"/channels/{CHANNEL_ID}/messages")] = 503
    with caplog.at_level(logging.WARNING):
        failed = await live.say("What did Putin agree to?", author=USER_ID + 5)
    assert any("could not reply" in r.getMessage() for r in caplog.records)
    assert len(_posts(failed)) == 1
    del live.fake.fail[("POST", rf"/channels/{CHANNEL_ID}/messages")]
    retried = await live.say("What did Putin agree to?", author=USER_ID + 5)
    (answer,) = _posts(retried)  # answered at once: the failed reply cost no cooldown
    assert _embeds(answer) and "ask again" not in _content(answer)
    _check_all(live, locked + retried)


async def test_a_failed_followup_costs_no_cooldown_and_a_long_summary_is_paged(
    live: Live, caplog: pytest.LogCaptureFixture
) -> None:
    # 403: discord.py's webhook client retries a 5xx for ~20 s first (unit tests cover 5xx).
    live.fake.fail[("POST", r"/webhooks/\d+/[^/]+")] = 403
    with caplog.at_level(logging.WARNING):
        await live.slash("ask", user_id=USER_ID + 6, question="What did Putin agree to?")
    assert any("could not send the reply" in r.getMessage() for r in caplog.records)
    del live.fake.fail[("POST", r"/webhooks/\d+/[^/]+")]
    retried = _posts(await live.slash("ask", user_id=USER_ID + 6,
                                      question="What did Putin agree to?"))
    assert retried[0].body["type"] == DEFERRED and _embeds(retried[1])  # not the cooldown
    summary = _posts(await live.slash("summary", user_id=USER_ID + 7))
    pages = [e for r in summary[1:] for e in _embeds(r)]
    if len(pages) > 1:  # the overall summary is longer than one message: every page posted
        assert [e["title"].rsplit(" ", 1)[1] for e in pages] == [f"{n}/{len(pages)})"
                                                    for n in range(1, len(pages) + 1)]
    shown = {" ".join(t.split()) for t in _verbatim(live, pages)}
    points = live.engine.summary().quotes  # type: ignore[attr-defined]
    assert {" ".join(q.excerpt.text.split()) for q in points} <= shown  # every point posted


# ------------------------------------------------------------------ keeping up with the corpus

DROPPED_ID = "900_odesa_terminal"
DROPPED = (
    "Drone strike damages grain terminal in Odesa\n\n"
    "Rescue crews in the port city of Odesa said on Wednesday that a drone strike had "
    "damaged a grain terminal overnight. Officials said fourteen people were injured in the "
    "attack on the grain terminal, including two dock workers.\n"
)
DROPPED_QUESTION = "How many people were injured in the drone attack on the Odesa grain terminal?"


async def test_a_dropped_article_is_answered_without_restart_and_reindex_reports_changes(
        tmp_path, small_corpus, embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.engine import Engine

    settings = Settings(corpus=small_corpus, store=tmp_path / "idx", cooldown_seconds=0,
                        refresh_seconds=0.2)
    engine = Engine.open(settings, embedder=embedder, progress=False)
    async with running(settings, engine, monkeypatch) as live:
        (small_corpus / "articles" / f"{DROPPED_ID}.txt").write_text(DROPPED, encoding="utf-8")
        dropped, answered, failed = time.monotonic(), 0, []
        while True:
            assert time.monotonic() - dropped < 60, "the dropped article was never quoted"
            requests = await live.slash("ask", question=DROPPED_QUESTION)
            _check_all(live, requests)
            texts = _verbatim(live, [e for r in _posts(requests)[1:] for e in _embeds(r)])
            if any("fourteen people were injured" in t for t in texts):
                break
            old = _posts(await live.slash("ask", question="How long did the call last?"))
            if _verbatim(live, [e for r in old[1:] for e in _embeds(r)]):  # quoted, as before
                answered += 1
            else:
                failed.append([_content(r) for r in old])
        elapsed = time.monotonic() - dropped
        print(f"\ne2e: drop to first answer quoting it: {elapsed:.2f} s; an earlier question "
              f"asked meanwhile: {answered + len(failed)} asked, {answered} answered, "
              f"{len(failed)} failed")
        assert not failed

        refused = _posts(await live.slash("reindex", permissions="0"))
        assert len(refused) == 1 and refused[0].body["data"]["flags"] & EPHEMERAL
        assert "Manage Server" in refused[0].body["data"]["content"]

        (small_corpus / "articles" / f"{DROPPED_ID}.txt").unlink()
        requests = await live.slash("reindex")
        posts = _posts(requests)
        assert posts[0].body["type"] == DEFERRED and posts[0].body["data"]["flags"] & EPHEMERAL
        report = _content(posts[-1])
        assert f"Removed (1): `{DROPPED_ID}`" in report or "already up to date" in report
        _check_all(live, requests)
        assert DROPPED_ID not in engine.index.articles


# ------------------------------------------------------------------ votes

def _buttons(r: Request) -> list[str]:
    body = r.body if isinstance(r.body, dict) else {}
    rows = body.get("components") or []
    return [c["custom_id"] for row in rows for c in row.get("components", [])]


async def test_vote_buttons_work_and_keep_working_after_a_restart(
        seed_engine, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.feedback import FeedbackStore

    settings = Settings(cooldown_seconds=0, refresh_seconds=0, store=tmp_path)
    store = FeedbackStore.beside(tmp_path)
    async with running(settings, seed_engine, monkeypatch) as live:
        live.bot.feedback = store
        posts = _posts(await live.slash("ask", question="How long did the call last?"))
        up, down = _buttons(posts[-1])
        assert up.startswith("callbot:vote:up:") and down.startswith("callbot:vote:down:")
        sent = {**live.fake.message("", author=BOT_ID), "components": posts[-1].body["components"]}
        (ack,) = _posts(await live._run("INTERACTION_CREATE", live.fake.click(down, sent)))
        assert ack.body["type"] == MESSAGE and ack.body["data"]["flags"] & EPHEMERAL
        assert "recorded" in ack.body["data"]["content"] and _pings_nobody(ack)
    store.close()
    assert FeedbackStore.beside(tmp_path).report().down == 1
    restarted = FeedbackStore.beside(tmp_path)
    async with running(settings, seed_engine, monkeypatch) as live:  # a new process's bot
        live.bot.feedback = restarted
        (ack,) = _posts(await live._run("INTERACTION_CREATE", live.fake.click(up, sent)))
        assert "recorded" in ack.body["data"]["content"]
    report = restarted.report()
    restarted.close()
    assert (report.up, report.down, report.voted) == (1, 0, 1)  # the same vote, changed


async def test_an_answer_in_a_question_channel_opens_a_thread_named_after_it(live: Live) -> None:
    question = "How long did the call last?"
    requests = await live.say(question, author=USER_ID + 40)
    (opened,) = [r for r in requests if r.method == "POST" and r.path.endswith("/threads")]
    assert opened.path.startswith(f"/channels/{CHANNEL_ID}/messages/")
    assert opened.body["name"] == question
    (thread_id,) = live.bot.get_cog("Messages").threads  # type: ignore[union-attr]
    assert live.bot.get_cog("Messages").threads[thread_id] == question  # type: ignore[union-attr]


# ------------------------------------------------------------------ follow-ups in a thread

async def test_a_follow_up_in_the_thread_is_read_after_its_questions_even_after_a_restart(
        seed_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(cooldown_seconds=0, channel_ids=(CHANNEL_ID,), refresh_seconds=0)
    # Longer than a thread name (100): after the restart only Discord's history has it whole.
    opener = ("What did Putin agree to in the phone call with Trump on Tuesday, and what did "
              "he ask for in return from Ukraine?")
    first, second = "and what did Zelensky say about it?", "and when did he say it?"
    fake = FakeDiscord()
    await fake.start()
    try:
        async with running(settings, seed_engine, monkeypatch, fake) as live:
            (opened,) = [r for r in await live.say(opener) if r.path.endswith("/threads")]
            thread_id = int(opened.path.split("/")[-2])  # the thread is the answer's id
            assert isinstance(live.bot.get_channel(thread_id), discord.Thread)  # THREAD_CREATE
            requests = await live.say(first, channel_id=thread_id)
            (reply,) = _posts(requests)
            assert reply.path == f"/channels/{thread_id}/messages"
            assert not any(r.path.endswith("/threads") for r in requests)  # none in a thread
            _follows(reply, first, opener)
            _verbatim(live, _embeds(reply))
            _check_all(live, requests)
        async with running(settings, seed_engine, monkeypatch, fake) as live:  # restarted
            assert isinstance(live.bot.get_channel(thread_id), discord.Thread)
            requests = await live.say(second, channel_id=thread_id)
            reads = [r.path for r in requests if r.method == "GET"]
            assert f"/channels/{CHANNEL_ID}/messages/{thread_id}" in reads  # the opening answer
            assert f"/channels/{thread_id}/messages" in reads  # the thread's history
            (reply,) = _posts(requests)
            _follows(reply, second, f"{opener} {first}")  # the chain, read back from Discord
            _check_all(live, requests)
    finally:
        await fake.stop()


def _follows(reply: Request, question: str, earlier: str) -> None:
    embed = _embeds(reply)[0]
    assert unescape(embed["title"]) == question
    assert f"Read as a follow-up to: “{earlier}”" in unescape(embed["description"])


# ------------------------------------------------------------------ admins hear of broken files

async def test_a_broken_dropped_file_is_reported_once_in_the_admin_channel(
        tmp_path, small_corpus, embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.engine import Engine

    settings = Settings(corpus=small_corpus, store=tmp_path / "idx", cooldown_seconds=0,
                        refresh_seconds=0.2, admin_channel_id=ADMIN_CHANNEL_ID)
    engine = Engine.open(settings, embedder=embedder, progress=False)
    admin_path = f"/channels/{ADMIN_CHANNEL_ID}/messages"
    async with running(settings, engine, monkeypatch) as live:
        since = len(live.fake.requests)
        (small_corpus / "articles" / "late_wire.txt").write_bytes(b"caf\xe9 \xff not utf-8")
        (report,) = [r for r in await live.fake.wait_for(1, since, timeout=60)
                     if r.path == admin_path]
        text = unescape(_content(report))
        assert "late_wire.txt" in text and "previous index keeps serving" in text
        _check_all(live, [report])
        # Another change while the file is still broken: the same failure, not posted again.
        (small_corpus / "articles" / "late_wire_notes.txt").write_text("Notes.\n",
                                                                       encoding="utf-8")
        await asyncio.sleep(2.0)
        assert [r.path for r in live.fake.sent(since)] == [admin_path]
        answer = _posts(await live.slash("ask", question="How long did the call last?"))
        assert _verbatim(live, _embeds(answer[1]))  # the old index kept serving
