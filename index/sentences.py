"""Sentence boundaries with character spans into the clean text (pysbd)."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import pysbd
from pysbd.lang.english import English

from index.clean import BlockKind, CleanText

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]{2,}")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: `text == clean_text[start:end]`."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    heading: str | None
    quotable: bool


# pysbd builds a pattern per abbreviation it looks for (about 700 over a few articles), more
# than the `re` module keeps compiled (512): each article compiled them all again, which was
# a third of splitting. A bigger cache changes no result.
_REGEX_CACHE = 4096


# Non-ASCII letters that re.IGNORECASE matches to ASCII letters (the `re` module's docs).
_ASCII_FOLDING = "\u0130\u0131\u017f\u212a"


class _Abbreviations(English.AbbreviationReplacer):
    """pysbd's English abbreviation pass, skipping abbreviations that cannot change a line.

    pysbd runs two regex searches per abbreviation found anywhere in a line ("is" in
    "this", "co" in "could": about 20 a paragraph), yet it only ever replaces a period
    right after one (case-sensitively, at the match). A letters-only abbreviation that the
    lowered line never has followed by a period changes nothing, so it is skipped before the
    searches (splitting 40% faster). Lines with one of the non-ASCII letters `re.IGNORECASE`
    equates with ASCII ones, and abbreviations with dots, take pysbd's path: no result changes.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        """pysbd's method, on the abbreviations that can replace a period in `text`."""
        if any(c in text for c in _ASCII_FOLDING):
            return super().search_for_abbreviations_in_string(text)
        lowered = text.lower()
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            if stripped.isalpha() and f"{stripped}." not in lowered:
                continue
            text = self._replace_one(text, stripped)
        return text

    def _replace_one(self, text: str, stripped: str) -> str:
        """pysbd's loop body for one abbreviation (same patterns, same order)."""
        abbrev_match = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
        if not abbrev_match:
            return text
        char_array = re.findall(r"(?<={" + str(re.escape(stripped)) + "} ).{1}", text)
        for ind, match in enumerate(abbrev_match):
            text = self.scan_for_replacements(text, match, ind, char_array)
        return text


class _FastEnglish(English):
    """pysbd's English rules with the abbreviation pass above."""

    AbbreviationReplacer = _Abbreviations


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    re._MAXCACHE = max(re._MAXCACHE, _REGEX_CACHE)  # read by `re` on every compile
    segmenter = pysbd.Segmenter(language="en", clean=False)
    segmenter.language_module = _FastEnglish
    return segmenter


_CLOSERS = "\u201d\u2019\"')]"


def _spans(block_text: str) -> list[tuple[int, int]]:
    """Sentence spans inside one block, located in the block text itself."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(block_text):
        piece = piece.strip()
        if not piece:
            continue
        at = block_text.find(piece, cursor)
        if at < 0:  # pysbd altered the piece: fall back to the rest of the block as one span
            log.debug("segmenter piece not found verbatim; keeping the remainder whole")
            rest = block_text[cursor:].strip()
            if rest:
                at = block_text.index(rest, cursor)
                spans.append((at, at + len(rest)))
            break
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    return _reattach_closers(block_text, spans)


def _reattach_closers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give a closing quote that the segmenter put at the start of the next sentence back to
    the sentence it closes ('…goodwill.' + '” Further…' → '…goodwill.”' + 'Further…')."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        moved = start
        while out and moved < end and text[moved] in _CLOSERS and out[-1][1] == moved:
            moved += 1
            out[-1] = (out[-1][0], moved)
        while moved < end and text[moved].isspace():
            moved += 1
        if moved < end:
            out.append((moved, end))
    return out


def _is_quotable(text: str) -> bool:
    """Questions and fragments without words are never quoted as answers."""
    return not text.rstrip("\u201d\"' )").endswith("?") and len(_WORD.findall(text)) >= 3


def split_sentences(doc_id: str, clean: CleanText) -> list[Sentence]:
    """Split every paragraph block into sentences; headings become context, not sentences."""
    sentences: list[Sentence] = []
    heading: str | None = None
    paragraph = -1
    for block in clean.blocks:
        block_text = clean.text[block.start : block.end]
        if block.kind is BlockKind.HEADING:
            heading = block_text
            continue
        if block.kind is BlockKind.TITLE:
            continue
        paragraph += 1
        for start, end in _spans(block_text):
            text = block_text[start:end]
            sentences.append(
                Sentence(
                    doc_id=doc_id,
                    index=len(sentences),
                    start=block.start + start,
                    end=block.start + end,
                    text=text,
                    paragraph=paragraph,
                    heading=heading,
                    quotable=_is_quotable(text),
                )
            )
    return sentences
