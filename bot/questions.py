"""Validate questions before any search is made, and clean what chat clients add to them."""

from __future__ import annotations

import re

from bot.errors import QuestionError

DEFAULT_MAX_CHARS = 500
# Discord's longest value for a text option: the question limit can never exceed it.
DISCORD_OPTION_MAX_CHARS = 6000

# Discord syntax that is not part of a question: user, role and channel mentions, slash
# command mentions, custom emoji, timestamps, and @everyone / @here.
_DISCORD_SYNTAX = re.compile(
    r"<(?:@[!&]?\d+|#\d+|/[\w -]+:\d+|a?:\w+:\d+|t:-?\d+(?::[A-Za-z])?)>|@(?:everyone|here)\b"
)
# Terminal escape sequences (CSI, OSC, two-byte) and other control characters.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates: bytes that were not UTF-8 on the command line (surrogateescape).
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_WORDS = re.compile(r"[^\W_]{2,}")
_ASKING = re.compile(
    r"^(?:who|whom|whose|what|when|where|why|how|which|did|does|do|is|are|was|were|can|"
    r"could|will|would|should|has|have|had|tell|show|list|explain|summari[sz]e|give|"
    r"compare|describe|according)\b",
    re.IGNORECASE,
)


def strip_syntax(text: str) -> str:
    """The text without Discord mentions, custom emoji, @everyone/@here and escape codes."""
    text = _ESCAPES.sub(" ", text or "")
    text = _CONTROL.sub(" ", text)
    text = _SURROGATES.sub("\ufffd", text)
    return " ".join(_DISCORD_SYNTAX.sub(" ", text).split())


def asks_something(text: str) -> bool:
    """Does the text ask anything ("thanks!" does not): a '?' or a question or request word."""
    text = strip_syntax(text)
    return "?" in text or bool(_ASKING.match(text))


def validate_question(text: str | None, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Return the question cleaned; raise QuestionError when it cannot be searched."""
    question = strip_syntax(text or "")
    if not question:
        raise QuestionError("The question is empty: ask something about the articles.")
    if len(question) > max_chars:
        raise QuestionError(
            f"The question is {len(question)} characters long; the limit is {max_chars}. "
            "Ask one shorter question at a time."
        )
    if not _WORDS.search(question):
        raise QuestionError("The question has no words to search for.")
    return question
