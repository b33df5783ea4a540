"""The answer types every adapter renders (CLI text, JSON, Discord embeds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Source:
    """Who published an article, as the corpus manifest (or the page) shows it."""

    doc_id: str
    outlet: str | None
    title: str | None
    published: date | None
    url: str | None
    # The article's first words, to name an article that shows no outlet or headline.
    opening: str | None = None

    @property
    def label(self) -> str:
        """How a reader sees the article named: see `readable_name`."""
        return readable_name(self.outlet, self.title, self.url, self.opening)


def readable_name(
    outlet: str | None, title: str | None, url: str | None, opening: str | None
) -> str:
    """Outlet, else headline, else the site of its URL, else its opening words; never a file id.

    Everything comes from the article or its manifest entry: nothing is invented.
    """
    if outlet or title:
        return outlet or title or ""
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    if opening:
        return f"untitled article “{opening}…”"
    return "an untitled article"


@dataclass(frozen=True)
class Excerpt:
    """A verbatim span of one article's clean text: `text == clean_text[start:end]`."""

    source: Source
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """An excerpt chosen for an answer; `also` holds other outlets reporting the same point."""

    excerpt: Excerpt
    score: float
    also: tuple[Excerpt, ...] = ()

    @property
    def count(self) -> int:
        """How many articles report this point."""
        return 1 + len(self.also)


@dataclass(frozen=True)
class Disagreement:
    """Articles that report the same thing incompatibly, one verbatim side per position."""

    about: str
    kind: str
    sides: tuple[Excerpt, ...]
    confidence: float = 1.0
    claims: tuple[str, ...] = ()  # what each side claims ("over three hours"), aligned with sides


@dataclass(frozen=True)
class Answer:
    """The reply to one question, or an abstention (`answered` false, no quotes)."""

    question: str
    answered: bool
    quotes: tuple[Quote, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    note: str = ""
    follows: str | None = None  # the earlier question this one was read as a follow-up to


@dataclass(frozen=True)
class Summary:
    """An extractive digest: overall, of one outlet, or on one topic."""

    heading: str
    answered: bool
    quotes: tuple[Quote, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    note: str = ""
    total_sources: int = 0
    # "overall", "source" (one article) or "topic"; `subject` is the article label or topic.
    kind: str = "overall"
    subject: str | None = None


@dataclass(frozen=True)
class SourceInfo:
    """One article of the corpus, for `sources`."""

    source: Source
    passages: int
    sentences: int
