"""Turn a scraped page into clean text: chrome dropped, characters repaired, blocks typed.

The clean text is what every quote span points into. Cleaning removes whole lines of page
chrome, bullet glyphs and surplus whitespace, and repairs broken characters (see
`index.repair`); it never rewrites a word. The headline and section headings stay in the
text, typed as such, so they give context to retrieval but are never quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from index.repair import repair


class BlockKind(StrEnum):
    """What a block of clean text is."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    """A line of the clean text and what it is; `start`/`end` index the clean text."""

    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True)
class CleanText:
    """An article after cleaning."""

    text: str
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str | None:
        """The headline found on the page, if any."""
        for block in self.blocks:
            if block.kind is BlockKind.TITLE:
                return self.text[block.start : block.end]
        return None


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
# Lines that are page furniture wherever they appear. Matched against the whole line.
_CHROME = re.compile(
    r"""^(?:
        skip\ to\ (?:main\ )?content
      | (?:sign\ up|subscribe)\b.{0,200}
      | (?=.{0,200}$).*\b(?:sign\ up|subscribe|get|receive)\b.*\bnewsletters?\b.*
      | more\ information | archived\ in | advertisement | back\ to\ top | loading\W*
      | related(?:\ (?:articles|stories|coverage|topics))?:? | (?:previous|next)\ (?:article|story)
      | read\ more\b.{0,60} | (?:share|tweet|print|email)(?:\ this(?:\ article|\ story)?)?
      | listen\ to\ (?:this\ )?(?:article|story)\b.{0,30} | \d+\ min(?:ute)?s?\ read
      | (?:photo|image|video|graphic)(?:\ credit|\ caption)?:.{0,150} | getty\ images.{0,40}
      | follow\ us\b.* | all\ rights\ reserved.* | (?:©|copyright\b).*
      | (?:today|updated|published|posted|last\ updated)\s*:?\s*.{0,20}\d{4}.{0,20}
      | (?:\w+day,?\s+)?"""
    + _DATE
    + r"""(?:\s*[-|/·]\s*.{0,20})?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# "By Jane Doe", "By Jane Doe and John Roe, Reuters": a byline, not the article's wording.
_BYLINE = re.compile(
    r"^By (?:[A-Z][\w.'’-]+ ?){1,4}(?:(?:and|&) (?:[A-Z][\w.'’-]+ ?){1,4})?(?:, [A-Z][\w ]{0,30})?$"
)
_BULLET = re.compile(r"^[\u2022\u25cf\u25aa\u2023\u2043\u25e6*·-]\s+")
_END_PUNCT = ".!?:;\"'\u201d\u2019)…"


def _normalise(line: str) -> str:
    line = re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+", " ", line).strip()
    return _BULLET.sub("", line)


def _words(line: str) -> int:
    return len(line.split())


def _is_heading(line: str) -> bool:
    """A short line with no sentence ending, or a short line of questions only."""
    if line[-1] not in _END_PUNCT and _words(line) <= 14:
        return True
    return line.endswith("?") and _words(line) <= 20 and not re.search(r"[.!]\s", line)


def _is_header_furniture(line: str) -> bool:
    """Section labels and datelines above the headline ("Politics", "18 March 2025")."""
    return _words(line) <= 3 and line[-1] not in ".!?" or bool(_CHROME.match(line))


def clean(raw: str) -> CleanText:
    """Clean one article's raw text."""
    lines = [_normalise(line) for line in repair(raw).replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line and not _CHROME.match(line) and not _BYLINE.match(line)]
    # Header furniture: short lines before the first line that reads like a headline.
    while lines and _is_header_furniture(lines[0]):
        lines.pop(0)
    # Footer furniture: short unpunctuated lines after the last paragraph.
    while lines and _words(lines[-1]) <= 4 and lines[-1][-1] not in _END_PUNCT:
        lines.pop()

    kinds = _kinds(lines)
    blocks: list[Block] = []
    offset = 0
    for line, kind in zip(lines, kinds, strict=True):
        blocks.append(Block(kind, offset, offset + len(line)))
        offset += len(line) + 2  # blocks are separated by one blank line
    return CleanText(text="\n\n".join(lines), blocks=tuple(blocks))


def _kinds(lines: list[str]) -> list[BlockKind]:
    """Each line's kind: the headline, section headings, paragraphs. A text with no paragraph
    (a fact box: "Born 3 May 1950", "Length 48 m") is not all headings: its lines after
    the headline are its text."""
    kinds = [
        BlockKind.TITLE if i == 0 and line[-1] not in '.!?\u201d"' and _words(line) <= 30
        else BlockKind.HEADING if _is_heading(line)
        else BlockKind.PARAGRAPH
        for i, line in enumerate(lines)
    ]
    if BlockKind.PARAGRAPH not in kinds:
        kinds = [BlockKind.PARAGRAPH if k is BlockKind.HEADING else k for k in kinds]
    return kinds
