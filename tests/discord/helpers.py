"""Fakes for the Discord layer, in the style of python-discord/bot's tests/helpers.py.

Interactions, messages, channels and the bot are specced against discord.py's own classes
(`create_autospec(..., instance=True)` / `MagicMock(spec=...)`): an attribute the real class
lacks raises AttributeError, and a method called with an argument its real signature does not
take raises TypeError, so a test cannot pass against an API discord.py does not have. They get
just enough behaviour (response state, call order); the engine is a plain fake that returns
the real dataclasses from bot.models. Nothing here connects to Discord or loads a model.

Note: tests/discord must never get an __init__.py, or it would shadow the discord package.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from unittest.mock import MagicMock, create_autospec

import discord

from bot.corpus_info import read_corpus_info
from bot.discord_app.client import CallBot
from bot.discord_app.cooldown import UserCooldown
from bot.discord_app.runner import AsyncEngine
from bot.errors import UnknownSourceError
from bot.models import (
    Answer,
    Disagreement,
    Excerpt,
    Quote,
    Source,
    SourceInfo,
    Summary,
)
from bot.questions import validate_question
from bot.settings import Settings
from index.refresh import RefreshReport

BOT_ID = 999_000_111


# --- real dataclasses -------------------------------------------------------------------------

def make_source(i: int = 1, *, outlet: str | None = None, title: str | None = None,
                url: str | None = "https://example.com/article") -> Source:
    """A Source with sensible defaults."""
    return Source(
        doc_id=f"00{i}_abcdef{i:02d}",
        outlet=outlet if outlet is not None else f"Outlet {i}",
        title=title if title is not None else f"Headline number {i}",
        published=date(2025, 3, 19),
        url=url,
    )


def make_excerpt(text: str, i: int = 1, **source: Any) -> Excerpt:
    """An Excerpt whose span is consistent with its text."""
    return Excerpt(source=make_source(i, **source), text=text, start=100, end=100 + len(text))


def make_quote(text: str, i: int = 1, also: tuple[int, ...] = (), **source: Any) -> Quote:
    """A Quote; `also` lists the numbers of other sources reporting it."""
    return Quote(
        excerpt=make_excerpt(text, i, **source),
        score=0.5,
        also=tuple(make_excerpt(text, j) for j in also),
    )


def make_disagreement(
    about: str = "how long the call lasted",
    sides: tuple[str, ...] = ("more than three hours", "90 minutes"),
) -> Disagreement:
    """A Disagreement with one side per text, each from a different source."""
    return Disagreement(
        about=about,
        kind="number",
        sides=tuple(make_excerpt(t, i + 1) for i, t in enumerate(sides)),
    )


def make_answer(question: str = "How long did the call last?", *, quotes: tuple[Quote, ...] | None
                = None, disagreements: tuple[Disagreement, ...] = ()) -> Answer:
    """An answered Answer (one quote by default)."""
    if quotes is None:
        quotes = (make_quote("The call lasted more than three hours, the White House said.",
                             also=(2,)),)
    return Answer(question=question, answered=True, quotes=quotes, disagreements=disagreements)


# --- the engine -------------------------------------------------------------------------------

@dataclass
class FakeEngine:
    """A synchronous engine double: records calls and the threads they ran in."""

    answer: Answer | None = None
    summary_result: Summary | None = None
    disagreements_result: list[Disagreement] = field(default_factory=list)
    sources_result: list[SourceInfo] = field(default_factory=list)
    refresh_result: RefreshReport | None = None
    error: BaseException | None = None
    delay: float = 0.0
    max_chars: int = Settings.max_question_chars
    calls: list[tuple[str, tuple, dict]] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)

    def _enter(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append((name, args, kwargs))
        self.threads.append(threading.get_ident())
        if self.delay:
            time.sleep(self.delay)  # stands in for embedding the question: blocks its thread
        if self.error is not None:
            raise self.error

    def ask(self, question: str, earlier: str | None = None) -> Answer:
        """Validate like the real engine, then return the canned answer."""
        text = validate_question(question, self.max_chars)
        self._enter("ask", question, **({"earlier": earlier} if earlier else {}))
        return self.answer or make_answer(text)

    def summary(self, source: str | None = None, topic: str | None = None) -> Summary:
        """The canned summary; UnknownSourceError for source 'nowhere'."""
        self._enter("summary", source=source, topic=topic)
        if source == "nowhere":
            raise UnknownSourceError("No article matches 'nowhere'. /sources lists them.")
        return self.summary_result or Summary(
            heading="Summary", answered=True,
            quotes=(make_quote("The leaders agreed to a 45-day pause on port strikes."),),
            total_sources=5,
        )

    def disagreements(self) -> list[Disagreement]:
        """The canned disagreements."""
        self._enter("disagreements")
        return self.disagreements_result

    def sources(self) -> list[SourceInfo]:
        """The canned sources."""
        self._enter("sources")
        return self.sources_result

    def refresh(self) -> RefreshReport:
        """The canned refresh report (nothing changed by default)."""
        self._enter("refresh")
        return self.refresh_result or RefreshReport((), (), (), (), 10, 10, "g1")

    def names(self) -> list[str]:
        """Names of the methods called, in order."""
        return [name for name, _, _ in self.calls]


def make_sources(n: int = 5) -> list[SourceInfo]:
    """n SourceInfo rows with distinct outlets."""
    outlets = ["EL PAÍS USA Edition", "Reuters", "Al Jazeera", "Kyiv Independent", "BBC"]
    return [
        SourceInfo(make_source(i + 1, outlet=outlets[i % len(outlets)] + ("" if i < 5 else f" {i}"),
                               title=f"Trump and Putin call, take {i + 1}"),
                   passages=10 + i, sentences=40 + i)
        for i in range(n)
    ]


# --- Discord objects --------------------------------------------------------------------------

def is_no_mentions(value: object) -> bool:
    """True for an AllowedMentions that lets nobody be pinged (it has no __eq__)."""
    return isinstance(value, discord.AllowedMentions) and not any(
        (value.everyone, value.users, value.roles, value.replied_user)
    )


def make_bot(engine: FakeEngine | None = None, settings: Settings | None = None,
             clock: Any = None) -> MagicMock:
    """A CallBot double carrying what the cogs use: settings, cooldown, engine, user, tree."""
    settings = settings or Settings(cooldown_seconds=10)
    bot = MagicMock(spec=CallBot, name="CallBot")
    bot.settings = settings
    bot.corpus_info = read_corpus_info(settings.corpus)
    bot.cooldown = (UserCooldown(settings.cooldown_seconds, clock) if clock
                    else UserCooldown(settings.cooldown_seconds))
    bot.engine = AsyncEngine(engine or FakeEngine())
    bot.user = create_autospec(discord.ClientUser, instance=True, id=BOT_ID, bot=True)
    bot.user.name = "callbot"
    bot.feedback = None  # no vote buttons unless a test gives a FeedbackStore
    return bot


def http_error(status: int, cls: type[discord.HTTPException] = discord.HTTPException,
               message: str = "error") -> discord.HTTPException:
    """A discord.py HTTP error as its HTTP client raises it (403 → Forbidden, 5xx → …)."""
    response = type("Response", (), {"status": status, "reason": message})()
    return cls(response, message)


def make_user(user_id: int, *, bot: bool = False) -> MagicMock:
    """A guild member double."""
    return create_autospec(discord.Member, instance=True, id=user_id, bot=bot)


def make_interaction(*, user_id: int = 1234, command: str = "ask") -> MagicMock:
    """A fake Interaction: response.defer/send_message, followup.send, delete_original_response.

    `interaction.events` records ("defer" | "send_message" | "followup" | "delete", kwargs)
    in call order; `response.is_done()` turns true once the interaction was responded to.
    The response is specced on InteractionResponse, the follow-up webhook on Webhook.
    """
    interaction = create_autospec(discord.Interaction, instance=True)
    interaction.user = make_user(user_id)
    interaction.command = create_autospec(discord.app_commands.Command, instance=True)
    interaction.command.name = command
    interaction.response = create_autospec(discord.InteractionResponse, instance=True)
    interaction.followup = create_autospec(discord.Webhook, instance=True)
    events: list[tuple[str, dict]] = []
    state = {"done": False}

    def record(name: str, done: bool = False):
        def effect(*args: Any, **kwargs: Any) -> None:
            if done and state["done"]:
                raise discord.InteractionResponded(interaction)
            events.append((name, {"args": args, **kwargs}))
            if done:
                state["done"] = True
        return effect

    interaction.response.is_done.side_effect = lambda: state["done"]
    interaction.response.defer.side_effect = record("defer", done=True)
    interaction.response.send_message.side_effect = record("send_message", done=True)
    interaction.followup.send.side_effect = record("followup")
    interaction.delete_original_response.side_effect = record("delete")
    interaction.events = events
    return interaction


def event_names(interaction: MagicMock) -> list[str]:
    """The kinds of responses an interaction got, in order."""
    return [name for name, _ in interaction.events]


def sent(interaction: MagicMock) -> list[dict]:
    """The kwargs (and args) of every message sent through the interaction."""
    return [kw for name, kw in interaction.events if name in ("send_message", "followup")]


class Typing:
    """`channel.typing()`: an async context manager that records entries or raises."""

    def __init__(self) -> None:
        self.entered = 0
        self.error: BaseException | None = None

    async def __aenter__(self) -> None:
        if self.error is not None:
            raise self.error
        self.entered += 1

    async def __aexit__(self, *exc: object) -> None:
        return None


def make_message(content: str, *, author_id: int = 4321, author_bot: bool = False,
                 channel_id: int = 555, parent_id: int | None = None,
                 mentions: tuple[Any, ...] = (), role_mentions: tuple[Any, ...] = (),
                 self_role_id: int | None = None, reply_to: Any = None) -> MagicMock:
    """A guild Message double whose reply() is recorded; channel.typing() is an async CM.

    `reply_to`: the message this one replies to (its `reference.resolved`).
    """
    message = create_autospec(discord.Message, instance=True)
    message.id = 777
    message.content = content
    message.author = make_user(author_id, bot=author_bot)
    message.channel = create_autospec(discord.TextChannel, instance=True)
    message.channel.id = channel_id
    message.channel.parent_id = parent_id  # threads have one; a double may carry it anyway
    message.channel.typing_cm = Typing()
    message.channel.typing.return_value = message.channel.typing_cm
    message.mentions = list(mentions)
    message.role_mentions = list(role_mentions)
    message.guild = create_autospec(discord.Guild, instance=True)
    message.guild.self_role = (create_autospec(discord.Role, instance=True, id=self_role_id)
                               if self_role_id else None)
    if reply_to is not None:
        message.reference = create_autospec(discord.MessageReference, instance=True)
        message.reference.resolved = reply_to
    else:
        message.reference = None
    return message


def mention_of_bot(bot: MagicMock) -> MagicMock:
    """The user object Discord puts in message.mentions for the bot."""
    return make_user(bot.user.id, bot=True)


# --- rendered text ----------------------------------------------------------------------------

def unescape(text: str) -> str:
    """Undo Discord backslash escapes: what a reader sees."""
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def quoted_texts(markdown: str) -> list[str]:
    """The texts of the block quotes in rendered Markdown, unescaped (consecutive '> ' lines)."""
    quotes: list[str] = []
    current: list[str] | None = None
    for line in markdown.split("\n"):
        if line.startswith("> "):
            current = [] if current is None else current
            current.append(line[2:])
        elif current is not None:
            quotes.append(unescape("\n".join(current)))
            current = None
    if current is not None:
        quotes.append(unescape("\n".join(current)))
    return quotes


def utf16(text: str | None) -> int:
    """Length in UTF-16 code units."""
    return len((text or "").encode("utf-16-le")) // 2


def assert_within_limits(embed: discord.Embed) -> None:
    """Every Discord embed limit, in code points and in UTF-16 units."""
    for measure in (len, utf16):
        assert measure(embed.title or "") <= 256
        assert measure(embed.description or "") <= 4096
        assert len(embed.fields) <= 25
        for f in embed.fields:
            assert 0 < measure(f.name or "") <= 256
            assert 0 < measure(f.value or "") <= 1024
        assert measure(embed.footer.text or "") <= 2048
        total = (measure(embed.title or "") + measure(embed.description or "")
                 + sum(measure(f.name) + measure(f.value) for f in embed.fields)
                 + measure(embed.footer.text or ""))
        assert total <= 6000
    assert len(embed) <= 6000
