"""BM25 over passages (bm25s), with the tokenizer shared by the vocabulary checks."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence

import numpy as np

from index.lexicon import stemmer

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@functools.cache
def stopwords() -> frozenset[str]:
    """English stopwords (bm25s's list) plus question words that carry no topic."""
    from bm25s.stopwords import STOPWORDS_EN

    # Words that frame a question rather than name its topic.
    extra = {"did", "does", "do", "what", "who", "whom", "whose", "which", "when", "where",
             "why", "how", "many", "much", "say", "said", "says", "tell", "told", "about",
             "s", "t", "happen", "happened", "happening", "going", "matter", "matters",
             "think", "thinks", "know", "mean", "means", "explain", "describe", "please"}
    return frozenset(STOPWORDS_EN) | frozenset(extra)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, possessive "’s" removed."""
    # str methods instead of a re.sub per token: 3x faster, and this runs over every
    # passage at load time and every candidate sentence per question.
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok.endswith(("'s", "’s")):
            tok = tok[:-2]
        if "’" in tok:
            tok = tok.replace("’", "'")
        out.append(tok)
    return out


def terms(text: str) -> list[str]:
    """Stemmed content terms: what BM25 matches on."""
    stop = stopwords()
    return stemmer().stemWords([w for w in words(text) if w not in stop])


def term_set(distinct_words: set[str] | frozenset[str]) -> set[str]:
    """The distinct terms of a set of distinct words (each word stemmed once)."""
    stop = stopwords()
    return set(stemmer().stemWords([w for w in distinct_words if w not in stop]))


class LexicalIndex:
    """BM25 over a list of texts, addressed by position."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        # bm25s sets its logger to DEBUG on import; let the application's level apply.
        logging.getLogger("bm25s").setLevel(logging.NOTSET)

        self._n = len(texts)
        corpus = [terms(t) or ["\u2205"] for t in texts]  # bm25s rejects empty documents
        self._bm25 = bm25s.BM25()
        if corpus:  # and an empty corpus (articles that are only a headline)
            self._bm25.index(corpus, show_progress=False)
        self.vocabulary = frozenset(t for doc in corpus for t in doc)

    def search(self, text: str, k: int) -> list[tuple[int, float]]:
        """Positions and BM25 scores of the best `k` texts with a positive score."""
        query = [t for t in terms(text) if t in self.vocabulary]
        if not query or not self._n:
            return []
        # Score directly and take the top k with argpartition: `retrieve` adds a thread
        # pool and a progress bar per call (about 1 ms), and its top-k is the same selection.
        scores = self._bm25.get_scores(query)
        k = min(k, self._n)
        top = np.argpartition(-scores, k - 1)[:k] if k < self._n else np.arange(self._n)
        top = top[np.lexsort((top, -scores[top]))]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
