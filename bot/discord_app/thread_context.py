"""The questions asked earlier in a follow-up thread, read back from Discord's history.

The bot opens a thread under an answer; the thread's id is that answer's id, and the answer
is a reply to the question that opened the thread. So after a restart the opening question
is the message the thread's starter message replies to, and the later ones are the users'
messages in the thread. The thread's name (the question, shortened) is the last fallback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50  # messages of a thread read back (one request; follow-ups use the last few)

ReadQuestion = Callable[[discord.Message], str | None]


async def opening_question(thread: discord.Thread, read: ReadQuestion) -> str:
    """The question the thread's answer was for: from its starter message, else the name."""
    parent = thread.parent
    if isinstance(parent, discord.TextChannel):
        try:
            starter = await parent.fetch_message(thread.id)
        except discord.HTTPException as exc:
            log.info("cannot read the start of thread %s (%s): using its name", thread.id, exc)
        else:
            resolved = starter.reference.resolved if starter.reference else None
            question = read(resolved) if isinstance(resolved, discord.Message) else None
            if question:
                return question
    return thread.name


async def later_questions(thread: discord.Thread, before: discord.Message,
                          read: ReadQuestion) -> list[str]:
    """The questions asked in the thread before `before`, oldest first (bots' messages skipped)."""
    try:
        messages = [m async for m in thread.history(limit=HISTORY_LIMIT, before=before)]
    except discord.HTTPException as exc:
        log.warning("cannot read the history of thread %s: %s", thread.id, exc)
        return []
    questions = (read(m) for m in reversed(messages) if not m.author.bot)
    return [q for q in questions if q]
