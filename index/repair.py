"""Repair broken characters without touching wording.

Two kinds of damage are repaired:
- classic mojibake (UTF-8 read as cp1252, "â€™"), which ftfy undoes exactly;
- stand-in characters: when a page's quotes, apostrophes and dashes were decoded in the
  wrong code page and the lost bytes dropped, each of ’ “ ” — becomes one foreign character
  (e.g. Thai "โ", U+0E42) or U+FFFD. The original bytes are gone, so the character is
  decided from its context: between letters before a contraction/possessive ending it is an
  apostrophe, between words otherwise a dash; at the start of a word an opening quote; after
  a word or punctuation a closing quote (or a plural possessive apostrophe).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import ftfy

APOSTROPHE, OPEN_QUOTE, CLOSE_QUOTE, DASH = "\u2019", "\u201c", "\u201d", "\u2014"
REPLACEMENT = "\ufffd"
_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)(?![^\W\d_])", re.IGNORECASE)


@functools.cache  # asked once per character of every article: a few hundred distinct ones
def _script(ch: str) -> str | None:
    """The script word of a letter's Unicode name ('LATIN', 'THAI', …), None for non-letters."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def find_stand_ins(text: str) -> set[str]:
    """Characters that stand in for lost punctuation in a mostly Latin text.

    A stand-in is a letter of another script that never touches a letter of its own
    script anywhere in the text: real words in that script would (Thai text is runs of
    Thai letters), a decoding accident replacing single punctuation marks does not.
    """
    found = {REPLACEMENT} if REPLACEMENT in text else set()
    scripts = [_script(ch) for ch in text]
    letters = [s for s in scripts if s is not None]
    if not letters or letters.count("LATIN") / len(letters) < 0.5:
        return found
    isolated: dict[str, bool] = {}
    for i, (ch, script) in enumerate(zip(text, scripts, strict=True)):
        if script is None or script == "LATIN":
            continue
        before = scripts[i - 1] if i else None
        after = scripts[i + 1] if i + 1 < len(text) else None
        alone = before != script and after != script
        isolated[ch] = isolated.get(ch, True) and alone
    return found | {ch for ch, alone in isolated.items() if alone}


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _decide(text: str, i: int, open_quote: bool) -> str:
    before = text[i - 1] if i else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if _is_word(before) and _is_word(after):
        return APOSTROPHE if _CONTRACTION.match(text, i + 1) else DASH
    if before.isspace() and after.isspace():
        return DASH
    if (before.isspace() or before in "([{-—") and not after.isspace():
        return OPEN_QUOTE
    if _is_word(before) and not open_quote and before.lower() == "s":
        return APOSTROPHE  # plural possessive: "soldiers’ lives"
    return CLOSE_QUOTE


def replace_stand_ins(text: str, stand_ins: set[str]) -> str:
    """Replace each stand-in character by the punctuation its context calls for."""
    if not stand_ins:
        return text
    out = []
    open_quote = False
    for i, ch in enumerate(text):
        if ch == "\n":
            open_quote = False  # quotes do not run across paragraphs here
        if ch not in stand_ins:
            out.append(ch)
            continue
        fixed = _decide(text, i, open_quote)
        if fixed == OPEN_QUOTE:
            open_quote = True
        elif fixed == CLOSE_QUOTE:
            open_quote = False
        out.append(fixed)
    return "".join(out)


def repair(text: str) -> str:
    """Undo mojibake and replace stand-in characters; wording is never changed."""
    text = ftfy.fix_text(
        text,
        uncurl_quotes=False,  # curly quotes are the article's own punctuation
        fix_character_width=False,
        fix_latin_ligatures=True,
        normalization="NFC",
    )
    return replace_stand_ins(text, find_stand_ins(text))
