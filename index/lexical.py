"""BM25 over passages (bm25s), with the tokenizer shared by the vocabulary checks."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence

import numpy as np

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@functools.cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.cache
def stopwords() -> frozenset[str]:
    """English stopwords (bm25s's list) plus question words that carry no topic."""
    from bm25s.stopwords import STOPWORDS_EN

    extra = {"did", "does", "do", "what", "who", "whom", "whose", "which", "when", "where",
             "why", "how", "many", "much", "say", "said", "says", "tell", "told", "about",
             "s", "t", "happen", "happened"}
    return frozenset(STOPWORDS_EN) | frozenset(extra)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, possessive "’s" removed."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = re.sub(r"['’]s$", "", tok).replace("’", "'")
        out.append(tok)
    return out


def terms(text: str) -> list[str]:
    """Stemmed content terms: what BM25 matches on."""
    stop = stopwords()
    return _stemmer().stemWords([w for w in words(text) if w not in stop])


class LexicalIndex:
    """BM25 over a list of texts, addressed by position."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self._n = len(texts)
        corpus = [terms(t) or ["\u2205"] for t in texts]  # bm25s rejects empty documents
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)
        self.vocabulary = frozenset(t for doc in corpus for t in doc)

    def search(self, text: str, k: int) -> list[tuple[int, float]]:
        """Positions and BM25 scores of the best `k` texts with a positive score."""
        query = [t for t in terms(text) if t in self.vocabulary]
        if not query or not self._n:
            return []
        k = min(k, self._n)
        ids, scores = self._bm25.retrieve([query], k=k, show_progress=False, n_threads=1)
        return [
            (int(i), float(s))
            for i, s in zip(np.asarray(ids)[0], np.asarray(scores)[0], strict=True)
            if s > 0
        ]
