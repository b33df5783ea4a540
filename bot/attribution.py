"""Turn index objects into the attributed answer types."""

from __future__ import annotations

from bot.models import Excerpt, Source
from index.article import Article
from index.sentences import Sentence


def source_of(article: Article) -> Source:
    """The attribution of one article."""
    return Source(
        doc_id=article.doc_id,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        url=article.url,
        opening=opening_words(article),
    )


def opening_words(article: Article, words: int = 6) -> str | None:
    """The first few words of the article's first sentence (None when it has none)."""
    first = next((s.text for s in article.sentences if s.text.strip()), "")
    return " ".join(first.split()[:words]).rstrip(",;:") or None


def excerpt_of(article: Article, sentence: Sentence, through: Sentence | None = None) -> Excerpt:
    """A sentence (or a run of sentences up to `through`) as a verbatim, attributed excerpt."""
    end = (through or sentence).end
    return Excerpt(
        source=source_of(article),
        text=article.clean_text[sentence.start : end],
        start=sentence.start,
        end=end,
    )
