"""Group sentences into overlapping passages, the unit that is embedded and searched."""

from __future__ import annotations

from dataclasses import dataclass

from index.sentences import Sentence


@dataclass(frozen=True)
class ChunkSettings:
    """How sentences are grouped; recorded in the index so a change triggers a rebuild."""

    sentences_per_passage: int = 3
    overlap: int = 1

    def __post_init__(self) -> None:
        if self.sentences_per_passage < 1 or not 0 <= self.overlap < self.sentences_per_passage:
            raise ValueError("need sentences_per_passage >= 1 and 0 <= overlap < it")


@dataclass(frozen=True)
class Passage:
    """A few consecutive sentences of one article; `start`/`end` index its clean text."""

    doc_id: str
    index: int
    first_sentence: int
    last_sentence: int  # inclusive
    start: int
    end: int
    text: str
    heading: str | None

    @property
    def id(self) -> str:
        """Stable id within the index."""
        return f"{self.doc_id}#p{self.index}"

    @property
    def search_text(self) -> str:
        """What BM25 indexes: the section heading gives the passage its topic."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


def make_passages(
    clean_text: str, sentences: list[Sentence], settings: ChunkSettings
) -> list[Passage]:
    """Slide a window of sentences over each section; windows never cross a heading."""
    passages: list[Passage] = []
    step = settings.sentences_per_passage - settings.overlap
    section: list[Sentence] = []

    def flush() -> None:
        n = len(section)
        starts = range(0, max(n - settings.overlap, 1), step) if n else range(0)
        for a in starts:
            group = section[a : a + settings.sentences_per_passage]
            first, last = group[0], group[-1]
            passages.append(
                Passage(
                    doc_id=first.doc_id,
                    index=len(passages),
                    first_sentence=first.index,
                    last_sentence=last.index,
                    start=first.start,
                    end=last.end,
                    text=clean_text[first.start : last.end],
                    heading=first.heading,
                )
            )
        section.clear()

    for sentence in sentences:
        if section and sentence.heading != section[-1].heading:
            flush()
        section.append(sentence)
    flush()
    return passages
