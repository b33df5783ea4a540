"""Validate questions before any search is made."""

from __future__ import annotations

import re

from bot.errors import QuestionError

DEFAULT_MAX_CHARS = 500


def validate_question(text: str | None, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Return the question stripped; raise QuestionError when it cannot be searched."""
    question = " ".join((text or "").split())
    if not question:
        raise QuestionError("The question is empty: ask something about the coverage of the call.")
    if len(question) > max_chars:
        raise QuestionError(
            f"The question is {len(question)} characters long; the limit is {max_chars}. "
            "Ask one shorter question at a time."
        )
    if not re.search(r"[^\W_]{2,}", question):
        raise QuestionError("The question has no words to search for.")
    return question
