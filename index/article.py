"""A processed article: metadata, clean text, sentences and passages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from index.clean import clean
from index.corpus import RawArticle
from index.passages import ChunkSettings, Passage, make_passages
from index.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Article:
    """One article ready to search and quote."""

    doc_id: str
    sha256: str
    outlet: str | None
    title: str | None
    published: date | None
    url: str | None
    clean_text: str
    sentences: tuple[Sentence, ...]
    passages: tuple[Passage, ...]

    @property
    def label(self) -> str:
        """How the article is named to a reader: outlet, else headline, else file name."""
        return self.outlet or self.title or self.doc_id


def process(raw: RawArticle, chunking: ChunkSettings) -> Article:
    """Clean, split and chunk one raw article."""
    cleaned = clean(raw.raw_text)
    sentences = split_sentences(raw.doc_id, cleaned)
    return assemble(raw, cleaned.text, cleaned.title, sentences, chunking)


def assemble(
    raw: RawArticle | None,
    clean_text: str,
    found_title: str | None,
    sentences: list[Sentence],
    chunking: ChunkSettings,
    *,
    doc_id: str | None = None,
    sha256: str | None = None,
    meta: dict | None = None,
) -> Article:
    """Build an Article from its parts (fresh from the corpus or read back from the index)."""
    if raw is not None:
        doc_id, sha256 = raw.doc_id, raw.sha256
        meta = {
            "outlet": raw.meta.outlet,
            "title": raw.meta.title,
            "published": raw.meta.published,
            "url": raw.meta.url,
        }
    assert doc_id is not None and sha256 is not None and meta is not None
    return Article(
        doc_id=doc_id,
        sha256=sha256,
        outlet=meta["outlet"],
        title=meta["title"] or found_title,
        published=meta["published"],
        url=meta["url"],
        clean_text=clean_text,
        sentences=tuple(sentences),
        passages=tuple(make_passages(clean_text, sentences, chunking)),
    )
