"""Questions asked in channels: when the bot is mentioned, or anything in configured channels.

The bot answers with a reply to the question's message: a reply keeps the question visible
right above the answer and works in every channel type (threads and forum posts included).
In question channels the answer also opens a thread (`CALLBOT_THREADS`) where follow-ups are
read after the thread's earlier questions. `mention_author=False`: the asker is not pinged.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord_app.embeds import fit_content, shorten
from bot.discord_app.replies import (
    GENERIC_ERROR,
    NO_MENTIONS,
    cooldown_text,
    page_messages,
    usage_text,
)
from bot.discord_app.thread_context import later_questions, opening_question
from bot.discord_app.votes import view_for
from bot.errors import CallbotError, QuestionError
from bot.followup import context_of, stands_alone
from bot.presentation import answer_presentation
from bot.questions import asks_something, validate_question

if TYPE_CHECKING:
    from bot.discord_app.client import CallBot

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100  # Discord's limit for a thread name


class ChannelQuestions(commands.Cog, name="Messages"):
    """Answers mentions and every message in the configured question channels."""

    def __init__(self, bot: CallBot) -> None:
        self.bot = bot
        self.channel_ids = frozenset(bot.settings.channel_ids)
        self.threads: dict[int, str] = {}  # thread id → the question it follows up

    def _mentions_me(self, message: discord.Message) -> bool:
        me = self.bot.user
        if me is None:
            return False
        if any(user.id == me.id for user in message.mentions):
            return True
        # Typing "@callbot" sometimes picks the bot's managed role instead of the bot user.
        role = getattr(message.guild, "self_role", None) if message.guild else None
        return role is not None and any(r.id == role.id for r in message.role_mentions)

    def _in_question_channel(self, message: discord.Message) -> bool:
        channel = message.channel
        return channel.id in self.channel_ids or getattr(channel, "parent_id", None) in (
            self.channel_ids
        )

    def _strip_mentions(self, message: discord.Message) -> str:
        text = message.content or ""
        me = self.bot.user
        if me is not None:
            text = re.sub(rf"<@!?{me.id}>", " ", text)
        role = getattr(message.guild, "self_role", None) if message.guild else None
        if role is not None:
            text = re.sub(rf"<@&{role.id}>", " ", text)
        return " ".join(text.split())

    def _replies_to_me(self, message: discord.Message) -> bool:
        """Is the message a reply to one of the bot's messages?"""
        me = self.bot.user
        ref = message.reference
        resolved = getattr(ref, "resolved", None) if ref is not None else None
        author = getattr(resolved, "author", None)
        return me is not None and author is not None and author.id == me.id

    def _names_me(self, message: discord.Message) -> bool:
        """Does the text itself mention the bot (not only the reply's implicit mention)?"""
        return self._strip_mentions(message) != " ".join((message.content or "").split())

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot: None to ignore it, '' for a bare mention."""
        me = self.bot.user
        if message.author.bot or (me is not None and message.author.id == me.id):
            return None
        mentioned = self._mentions_me(message)
        if not mentioned and not self._in_question_channel(message):
            return None
        question = self._strip_mentions(message)
        if self._replies_to_me(message) and not self._names_me(message):
            # "thanks!" under an answer is not a question; "and on Friday?" is.
            return question if asks_something(question) else None
        if not question and not mentioned:
            # Images, stickers, or no Message Content intent: nothing was asked.
            return None
        return question

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a question asked by mention or in a question channel."""
        question = self.question_in(message)
        if question is None:
            return
        if not question:
            name = self.bot.user.name if self.bot.user else "callbot"
            await self._reply(message, content=usage_text(name, self.bot.corpus_info))
            return
        try:  # cheap checks first: nothing is started for a question that cannot be asked
            question = validate_question(question, self.bot.settings.max_question_chars)
        except QuestionError as exc:
            await self._reply(message, content=str(exc))
            return
        user_id = message.author.id
        wait = self.bot.cooldown.retry_after(user_id)
        if wait:
            await self._reply(message, content=cooldown_text(wait), delete_after=max(5.0, wait))
            return
        if not await self._answer(message, question):
            self.bot.cooldown.reset(user_id)  # nothing arrived: the cooldown is not used up

    async def _answer(self, message: discord.Message, question: str) -> bool:
        """Show typing, answer and reply with every page; False when nothing was delivered."""
        async with contextlib.AsyncExitStack() as stack:
            try:  # "callbot is typing…" while the engine works
                await stack.enter_async_context(message.channel.typing())
            except discord.HTTPException as exc:
                log.warning("cannot show typing in channel %s: %s", message.channel.id, exc)
            try:  # the thread's history is read only for a question that leans on it
                earlier = None if stands_alone(question) else await self.earlier_in(message)
                answer = await self.bot.engine.ask(question, earlier=earlier)
            except CallbotError as exc:
                return await self._reply(message, content=str(exc)) is not None and not isinstance(
                    exc, QuestionError)
            except Exception:
                log.exception("question from message %s failed", message.id)
                return await self._reply(message, content=GENERIC_ERROR) is not None
        view = await view_for(self.bot.feedback, question, answer)
        first, *more = page_messages(answer_presentation(answer), view)
        reply = await self._reply(message, **first)
        if reply is None:
            return False
        for kwargs in more:
            await self._send(message, **kwargs)
        await self._open_thread(message, reply, answer.question)
        return True

    async def earlier_in(self, message: discord.Message) -> str | None:
        """In a thread of a question channel: the earlier questions a follow-up is read after."""
        channel = message.channel
        if not isinstance(channel, discord.Thread) or channel.parent_id not in self.channel_ids:
            return None
        opener = self.threads.get(channel.id)
        if opener is None:  # not opened in this run: read it back from Discord
            opener = self.threads[channel.id] = await opening_question(channel, self.asked_in)
        return context_of([opener, *await later_questions(channel, message, self.asked_in)])

    def asked_in(self, message: discord.Message) -> str | None:
        """The valid question an earlier message asked the bot ("thanks!" asks none), or None."""
        question = self.question_in(message)
        if not question or not asks_something(question):
            return None
        try:
            return validate_question(question, self.bot.settings.max_question_chars)
        except QuestionError:
            return None

    async def _open_thread(self, message: discord.Message, reply: discord.Message,
                           question: str) -> None:
        """Open a thread under an answer in a question channel, named after the question."""
        if not self.bot.settings.threads or message.channel.id not in self.channel_ids:
            return
        try:
            thread = await reply.create_thread(name=shorten(question, THREAD_NAME_LIMIT))
        except discord.HTTPException as exc:
            log.warning("could not open a thread in channel %s: %s", message.channel.id, exc)
            return
        self.threads[thread.id] = question

    async def _send(self, message: discord.Message, **kwargs: object) -> bool:
        try:
            await message.channel.send(allowed_mentions=NO_MENTIONS, **kwargs)  # type: ignore[arg-type]
        except discord.HTTPException as exc:
            log.warning("could not send to channel %s: %s", message.channel.id, exc)
            return False
        return True

    async def _reply(
        self,
        message: discord.Message,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        delete_after: float | None = None,
        view: discord.ui.View | None = None,
    ) -> discord.Message | None:
        """Reply without pinging anyone; None (logged) when Discord refused it."""
        try:
            return await message.reply(
                content=fit_content(content) if content else None,
                embed=embed,
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
                delete_after=delete_after,
                **({"view": view} if view is not None else {}),
            )
        except discord.HTTPException as exc:
            # Deleted question, or missing Send Messages / Embed Links here: log and move on.
            log.warning("could not reply to message %s in channel %s: %s",
                        message.id, message.channel.id, exc)
            return None
