"""Cleaning on the real articles: chrome gone, headings typed, wording intact."""

from __future__ import annotations

import re

import pytest

from bot.settings import PROJECT_ROOT
from index.clean import BlockKind, clean

ARTICLES = PROJECT_ROOT / "corpus" / "articles"


def _clean(prefix: str):
    return clean(next(ARTICLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "prefix, chrome",
    [
        ("001", "Skip to content"),
        ("001", "Sign up for our weekly newsletter"),
        ("001", "More information"),
        ("001", "Archived In"),
        ("004", "Today : Mar 19, 2025"),
        ("004", "Politics"),
    ],
)
def test_page_chrome_is_removed(prefix, chrome):
    assert chrome not in _clean(prefix).text


def test_dateline_header_is_removed_and_title_found():
    c = _clean("004")
    assert c.title == "Trump And Putin Hold Crucial Talks On Ukraine Conflict"
    assert not c.text.startswith("18 March 2025")


def test_question_headings_are_headings_not_paragraphs():
    c = _clean("000")
    headings = [c.text[b.start : b.end] for b in c.blocks if b.kind is BlockKind.HEADING]
    assert "What did the White House say?" in headings
    assert "How has Zelenskyy responded?" in headings
    paragraphs = [c.text[b.start : b.end] for b in c.blocks if b.kind is BlockKind.PARAGRAPH]
    assert all(not p.endswith("?") for p in paragraphs)


def test_short_headings_without_punctuation_are_headings():
    c = _clean("003")
    headings = [c.text[b.start : b.end] for b in c.blocks if b.kind is BlockKind.HEADING]
    assert "Energy truce, but full ceasefire still uncertain" in headings
    assert c.title is None  # 003 opens with a paragraph, not a headline


def test_bullets_lose_their_glyph_and_keep_their_words():
    c = _clean("000")
    assert "\u2022" not in c.text
    assert "The U.S. and Russia will pursue an enhanced bilateral relationship." in c.text


def test_every_paragraph_is_verbatim_from_the_raw_article():
    for path in sorted(ARTICLES.glob("00[0124]_*.txt")):
        raw = _fold(path.read_text(encoding="utf-8"))
        c = clean(path.read_text(encoding="utf-8"))
        for b in c.blocks:
            assert _fold(c.text[b.start : b.end]) in raw


def test_blocks_index_the_clean_text():
    c = _clean("001")
    assert "\n\n".join(c.text[b.start : b.end] for b in c.blocks) == c.text


def test_generic_chrome_in_another_page():
    page = (
        "Bridge Reopens After Repairs\n"
        "By Jane Doe and John Roe, Reuters\n"
        "Listen to this article\n"
        "4 min read\n"
        "Photo: The bridge at dawn. (Getty)\n"
        "The bridge reopened on Monday after two years of repairs.\n"
        "The mayor wrote about the delays in her weekly newsletter.\n"
        "Sign up for our daily newsletter\n"
        "Advertisement\n"
        "Related Topics\n"
    )
    c = clean(page)
    assert c.title == "Bridge Reopens After Repairs"
    for chrome in ("By Jane Doe", "Listen to", "min read", "Photo:", "Sign up", "Advertisement",
                   "Related"):
        assert chrome not in c.text
    # An article sentence that mentions a newsletter is the article's own wording.
    assert "The mayor wrote about the delays in her weekly newsletter." in c.text


def test_a_sentence_starting_with_by_is_not_a_byline():
    c = clean("Headline Here\n\nBy Tuesday the truce had held for a week.\n")
    assert "By Tuesday the truce had held for a week." in c.text


def test_a_text_of_short_lines_only_is_text_not_headings():
    # A fact box: no line ends a sentence, yet the lines are what the article says.
    cleaned = clean("The harbour ferry in figures\n\nLaunched at the Selwyn yard on 14 May 1998"
                    "\n\nLength overall 48 metres at the waterline\n")
    kinds = [(b.kind, cleaned.text[b.start : b.end]) for b in cleaned.blocks]
    assert kinds == [(BlockKind.TITLE, "The harbour ferry in figures"),
                     (BlockKind.PARAGRAPH, "Launched at the Selwyn yard on 14 May 1998"),
                     (BlockKind.PARAGRAPH, "Length overall 48 metres at the waterline")]
