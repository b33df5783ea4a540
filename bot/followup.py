"""Follow-up questions: does a question stand alone, and what it means after an earlier one."""

from __future__ import annotations

import re
from collections.abc import Sequence

# "and how many were hurt?", "what about Russia?", "also, when?"
LEADS = re.compile(r"^(and|but|also|so|then|what about|how about|and what about)\b", re.I)
# Words that point back to something named earlier ("what did the Kremlin say about it?").
POINTERS = re.compile(r"\b(it|its|they|them|their|he|him|his|she|her|this|these|those)\b",
                      re.I)
MIN_WORDS = 3


def stands_alone(question: str) -> bool:
    """False when the question leans on an earlier one (a leading 'and', a pronoun, 2 words)."""
    text = question.strip()
    words = re.findall(r"\w+", text)
    return not (LEADS.match(text) or POINTERS.search(text) or len(words) < MIN_WORDS)


def in_context(earlier: str, question: str, max_chars: int) -> str:
    """The question searched: the earlier question, then this one (within `max_chars`)."""
    combined = f"{earlier.strip()} {question.strip()}"
    if len(combined) <= max_chars:
        return combined
    room = max(0, max_chars - len(question.strip()) - 1)
    return f"{earlier.strip()[:room]} {question.strip()}".strip()


def follows_note(earlier: str) -> str:
    """The line an answer carries when it was read as a follow-up."""
    return f"Read as a follow-up to: “{earlier}”"


# A follow-up is read after the last question that stood alone and at most this many
# follow-ups asked since, so a chain ("and Zelensky?", "when did he say it?") keeps its thread.
MAX_FOLLOW_UPS = 2


def context_of(earlier: Sequence[str]) -> str | None:
    """The earlier questions a follow-up is read after, oldest first, as one text (or None).

    That is the most recent question that stood alone (the first one when none did) and the
    follow-ups asked after it, the last `MAX_FOLLOW_UPS` of them.
    """
    questions = [q.strip() for q in earlier if q and q.strip()]
    if not questions:
        return None
    start = next((i for i in range(len(questions) - 1, -1, -1) if stands_alone(questions[i])), 0)
    anchor, *since = questions[start:]
    return " ".join([anchor, *since[-MAX_FOLLOW_UPS:]]) if since else anchor
