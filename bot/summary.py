"""Extractive, attributed summaries: overall, of one article, or on one topic.

Every point is one article sentence quoted at its exact span; nothing is paraphrased.

Method (overall summary), all over the sentence vectors stored in the index:
1. **Candidates**: quotable sentences that can stand alone (enough words, not a lead-in ending
   in ":", not a fragment starting mid-quote or lower-case, not overly long for a digest).
2. **Salience: cross-document degree centrality** (the continuous degree variant of LexRank,
   Erkan & Radev 2004, counted over *articles* rather than sentences): a sentence scores, for
   every other article, how far its closest sentence there exceeds a cosine floor. A point that
   several outlets report is what the coverage agrees matters, and counting one match per
   article keeps one long article restating itself from outvoting the others. Tried first and
   rejected: PageRank-style LexRank over the whole graph (kept in `lexrank` for single
   articles): across articles it rewards long, vague "hub" sentences that touch every thread
   and misses specific facts (numbers, names) that several outlets repeat.
   The score is then multiplied by a lead prior, 1 / (1 + paragraph) ** lead_power, because
   news is written in inverted-pyramid order (the lead baseline is hard to beat on news), and
   damped for sentences opening with a bare pronoun ("He said ..." alone does not say who).
3. **Selection: MMR** (Carbonell & Goldstein 1998) over those scores, with cosine to the
   already chosen points as the redundancy term; a sentence at `distinct` cosine to a chosen
   one is never a new point, and sentences far below the best score are not considered, so MMR
   cannot fill the digest with outliers merely because they are unlike everything else.
4. **Merging**: for each chosen sentence, the closest sentence of every other article is folded
   into the point's `also` when it says the same thing (cosine threshold, numbers compatible),
   which gives the consensus count "reported by N of M outlets". Close sentences whose numbers
   conflict, and looser neighbours, are handed with the point to `disagreements_for`, so a point
   the outlets report incompatibly carries the disagreement.

Per article: cross-document agreement says little about what one article stresses, so there
the salience is biased LexRank (PageRank over the article's own cosine graph, the random jump
preferring the lead) and MMR; the points are then shown in the article's own order.

Per topic: the topic text is embedded once; a sentence is about the topic when its cosine to
the topic plus a bonus for containing the topic's terms (IDF-weighted, stemmed) clears a bar.
Abstention reuses `bot.coverage` over the hybrid search candidates, exactly as `ask`.

Speed and caching: nothing is re-embedded (only a topic's text, once). The overall summary is
cached per loaded index in a `WeakKeyDictionary` keyed by the `CorpusIndex` object: a rebuilt or
refreshed index is a new object, so the cache is rebuilt with it and never outlives it.
`Engine.warm_up` (the Discord bot's start) computes it in the background. A topic summary
tokenises only the sentences that could still be shown (`_topic_scores`), and the closest
sentence of every article is found in one pass over the stored vectors (`_layout`).
"""

from __future__ import annotations

import heapq
import logging
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot import coverage, relevance
from bot.analysis import analyse
from bot.attribution import excerpt_of, source_of
from bot.disagreements import conflicting
from bot.errors import QuestionError, UnknownSourceError
from bot.models import Disagreement, Quote, Summary
from bot.questions import DEFAULT_MAX_CHARS
from bot.relevance import idf
from bot.selection import numbers_in
from index.article import Article
from index.lexical import terms
from index.search import CorpusIndex
from index.sentences import Sentence

log = logging.getLogger(__name__)

DisagreementsFor = Callable[[list[Sentence]], list[Disagreement]]

_PRONOUNS = frozenset(
    ["he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "its",
     "their", "them", "him", "we", "i"]
)
_WORD = re.compile(r"[^\W_]+")


def _no_disagreements(sentences: list[Sentence]) -> list[Disagreement]:
    return []


@dataclass(frozen=True)
class SummarySettings:
    """Tuning of the summaries (chosen on the seed corpus, see the module docstring)."""

    max_points: int = 12
    max_source_points: int = 8
    max_candidates: int = 3000
    # A candidate must stand alone, and be short enough for a digest.
    min_words: int = 8
    max_chars: int = 330
    # Overall: an article supports a sentence by how far its closest sentence exceeds this.
    support_floor: float = 0.5
    # Lets a single-outlet sentence (no support) still compete, on its lead position alone.
    support_base: float = 0.05
    # Sentences scoring below this share of the best are not candidates for MMR.
    min_share: float = 0.1
    # Per article: LexRank edges are cosines above `edge_floor`; damping as in PageRank.
    edge_floor: float = 0.35
    damping: float = 0.85
    # Prior weight of a sentence in paragraph p: 1 / (1 + p) ** lead_power.
    lead_power: float = 0.3
    pronoun_penalty: float = 0.8
    # Brevity prior (150 / max(150, chars)) ** brevity_power: a digest fits one embed, so a
    # short sentence stating a point beats a long one that crowds out the next point
    # (0.5 took the seed digest from 9 to 11 of 16 key facts in 10 quotes instead of 9).
    brevity_power: float = 0.5
    # MMR trade-off between salience and redundancy with the chosen points, and the cosine
    # at which a sentence is too close to a chosen one to be a point of its own.
    mmr_lambda: float = 0.5
    distinct: float = 0.56
    # Two sentences of different articles at this cosine (and compatible numbers) are one
    # point. Lower than the answer engine's, as outlets paraphrase rather than repeat.
    same_point: float = 0.66
    # Sentences of other articles this close to a point are checked for conflicts with it.
    related: float = 0.55
    # Topic: keep a sentence when cosine + term_weight * (share of topic terms) >= topic_bar
    # and its cosine alone is at least topic_floor.
    topic_passages: int = 20
    topic_term_weight: float = 0.3
    topic_bar: float = 0.5
    topic_floor: float = 0.2
    topic_per_outlet: int = 3
    topic_max_points: int = 12


def summarize(
    index: CorpusIndex,
    *,
    source: str | None = None,
    topic: str | None = None,
    disagreements_for: DisagreementsFor = _no_disagreements,
    settings: SummarySettings | None = None,
) -> Summary:
    """Overall summary, or of one article (`source`), or on one topic (`topic`), or both."""
    settings = settings or SummarySettings()
    article = resolve_source(index, source) if source is not None else None
    if topic is not None:
        return topic_summary(index, validate_topic(topic), disagreements_for, settings, article)
    if article is not None:
        return source_summary(index, article, settings)
    return overall_summary(index, disagreements_for, settings)


# ------------------------------------------------------------------------------ validation


def _fold(text: str) -> str:
    """Case-, accent- and space-insensitive form for matching names typed by a user."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _choice(article: Article) -> str:
    names = [n for n in (article.outlet, article.title) if n]
    return f"{article.doc_id} ({' / '.join(names)})" if names else article.doc_id


def resolve_source(index: CorpusIndex, name: str) -> Article:
    """The one article `name` designates: doc id, or a prefix of its id, outlet or title."""
    wanted = _fold(name or "")
    articles = list(index.articles.values())
    if wanted:
        fields = [(a, [_fold(f) for f in (a.doc_id, a.outlet, a.title) if f]) for a in articles]
        # An exact name wins over a longer one it is a prefix of ("AP" vs "AP News").
        exact = [a for a, names in fields if wanted in names]
        matches = exact or [a for a, names in fields if any(n.startswith(wanted) for n in names)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "; ".join(_choice(a) for a in matches)
            raise UnknownSourceError(
                f"“{name}” matches {len(matches)} articles: {listed}. Give more of the name "
                "or a doc id."
            )
    listed = "; ".join(_choice(a) for a in articles) or "(the index is empty)"
    raise UnknownSourceError(
        f"No article matches “{name}”. Choose a doc id, outlet or title (a prefix is enough): "
        f"{listed}."
    )


def validate_topic(topic: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The topic stripped; raise QuestionError when it is empty, too long or has no words."""
    text = " ".join((topic or "").split())
    if not text:
        raise QuestionError("The topic is empty: give a subject, e.g. a name or a few words.")
    if len(text) > max_chars:
        raise QuestionError(f"The topic is {len(text)} characters long; the limit is {max_chars}.")
    if not re.search(r"[^\W_]{2,}", text):
        raise QuestionError("The topic has no words to look for.")
    return text


# ------------------------------------------------------------------------------ scoring


def standalone(sentence: Sentence, settings: SummarySettings) -> bool:
    """Whether a sentence can be quoted alone as a summary point."""
    text = sentence.text.strip()
    if not sentence.quotable or not text or len(text) > settings.max_chars:
        return False
    if len(_WORD.findall(text)) < settings.min_words or text.endswith(":"):
        return False
    # A fragment left by the splitter starts mid-sentence or with a closing quote.
    first = text[0]
    return first.isupper() or first.isdigit() or first in "“\"‘'(["


def _opens_with_pronoun(text: str) -> bool:
    first = _WORD.search(text)
    return bool(first) and first.group(0).lower() in _PRONOUNS


def lexrank(sims: np.ndarray, prior: np.ndarray, settings: SummarySettings) -> np.ndarray:
    """Biased continuous LexRank: personalised PageRank over the thresholded cosine graph."""
    if len(prior) == 0:
        return np.zeros(0)
    weights = np.clip(sims - settings.edge_floor, 0.0, None).astype(np.float64)
    np.fill_diagonal(weights, 0.0)
    jump = prior / prior.sum()
    out_weight = weights.sum(axis=1, keepdims=True)
    dangling = out_weight[:, 0] == 0
    transition = np.divide(weights, out_weight, out=np.zeros_like(weights), where=out_weight > 0)
    rank = jump.copy()
    for _ in range(200):
        # A sentence with no edges hands its mass to the jump vector, as in PageRank.
        spread = rank @ transition + rank[dangling].sum() * jump
        new = (1 - settings.damping) * jump + settings.damping * spread
        if np.abs(new - rank).sum() < 1e-10:
            return new
        rank = new
    return rank


def cross_support(sims: np.ndarray, docs: Sequence[str], floor: float) -> np.ndarray:
    """Per sentence: sum over the other articles of (best cosine there - floor), if positive."""
    if len(docs) == 0:
        return np.zeros(0)
    doc_arr = np.asarray(docs)
    order = np.argsort(doc_arr, kind="stable")
    sorted_docs = doc_arr[order]
    starts = np.flatnonzero(np.r_[True, sorted_docs[1:] != sorted_docs[:-1]])
    # Best cosine of each sentence (rows) in each article (columns), in one pass.
    best = np.maximum.reduceat(sims[:, order], starts, axis=1)
    own = np.searchsorted(sorted_docs[starts], doc_arr)
    best[np.arange(len(doc_arr)), own] = floor  # an article does not support its own sentences
    return np.clip(best - floor, 0.0, None).sum(axis=1)


def mmr(
    relevance: np.ndarray,
    sims: np.ndarray,
    k: int,
    lam: float,
    distinct: float,
    min_share: float = 0.0,
) -> list[int]:
    """Maximal marginal relevance; a candidate at `distinct` cosine to a chosen one is skipped."""
    chosen: list[int] = []
    if len(relevance) == 0:
        return chosen
    top = float(relevance.max()) or 1.0
    rel = relevance / top
    redundancy = np.zeros(len(rel))
    available = rel >= min_share
    while len(chosen) < k and available.any():
        score = np.where(available, lam * rel - (1 - lam) * redundancy, -np.inf)
        best = int(np.argmax(score))
        chosen.append(best)
        available[best] = False
        redundancy = np.maximum(redundancy, sims[best])
        available &= redundancy < distinct
    return chosen


def _lead_prior(sentences: list[Sentence], settings: SummarySettings) -> np.ndarray:
    return np.array([1.0 / (1 + s.paragraph) ** settings.lead_power for s in sentences])


def _pronoun_damping(sentences: list[Sentence], settings: SummarySettings) -> np.ndarray:
    return np.array(
        [settings.pronoun_penalty if _opens_with_pronoun(s.text) else 1.0 for s in sentences]
    )


def _cosines(index: CorpusIndex, sentences: list[Sentence]) -> np.ndarray:
    vectors = index.sentence_vectors[[index.sentence_row(s) for s in sentences]]
    return vectors @ vectors.T


def overall_salience(
    index: CorpusIndex, sentences: list[Sentence], settings: SummarySettings
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-document support x lead, brevity and pronoun priors, and the cosine matrix."""
    sims = _cosines(index, sentences)
    support = cross_support(sims, [s.doc_id for s in sentences], settings.support_floor)
    score = (support + settings.support_base) * _lead_prior(sentences, settings)
    brevity = np.array([(150 / max(150, len(s.text))) ** settings.brevity_power
                        for s in sentences])
    return score * _pronoun_damping(sentences, settings) * brevity, sims


def article_salience(
    index: CorpusIndex, sentences: list[Sentence], settings: SummarySettings
) -> tuple[np.ndarray, np.ndarray]:
    """Lead-biased LexRank inside one article, and the cosine matrix."""
    sims = _cosines(index, sentences)
    rank = lexrank(sims, _lead_prior(sentences, settings), settings)
    # Damped after the walk: a pronoun-led sentence still passes its votes on to its
    # neighbours, it is only a worse quote on its own.
    return rank * _pronoun_damping(sentences, settings), sims


def numbers_compatible(a: str, b: str) -> bool:
    """False when both sentences state numbers and share none (e.g. "90 minutes" / "2 hours")."""
    na, nb = numbers_in(a), numbers_in(b)
    return not (na and nb and not na & nb)


# ------------------------------------------------------------------------------ overall


_CACHE: weakref.WeakKeyDictionary[CorpusIndex, dict[tuple, Summary]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LOCK = threading.Lock()


def overall_summary(
    index: CorpusIndex,
    disagreements_for: DisagreementsFor = _no_disagreements,
    settings: SummarySettings | None = None,
) -> Summary:
    """The key points of the whole coverage, merged across outlets (cached per index)."""
    settings = settings or SummarySettings()
    key = (disagreements_for, settings)
    # One computation per index at a time: a call made while `Engine.warm_up` precomputes
    # waits for that result instead of computing it a second time.
    with _computing(index):
        with _CACHE_LOCK:
            cached = _CACHE.get(index, {}).get(key)
        if cached is not None:
            return cached
        summary = _overall(index, disagreements_for, settings)
        with _CACHE_LOCK:
            _CACHE.setdefault(index, {})[key] = summary
    return summary


_LOCKS: weakref.WeakKeyDictionary[CorpusIndex, threading.Lock] = weakref.WeakKeyDictionary()


def _computing(index: CorpusIndex) -> threading.Lock:
    with _CACHE_LOCK:
        return _LOCKS.setdefault(index, threading.Lock())


def _overall(
    index: CorpusIndex, disagreements_for: DisagreementsFor, settings: SummarySettings
) -> Summary:
    total = len(index.articles)
    heading = f"Key points of the coverage ({total} article{'s' if total != 1 else ''})"
    candidates = [s for s in index.sentences if standalone(s, settings)]
    if not candidates:
        candidates = [s for s in index.sentences if s.quotable]
    if not candidates:
        return Summary(heading=heading, answered=False, total_sources=total,
                       note="The index holds no sentence to summarise.")
    if len(candidates) > settings.max_candidates:
        # The cosine matrix is quadratic: on a large corpus keep the articles' leads, where
        # news puts its key facts (inverted pyramid).
        candidates = sorted(candidates, key=lambda s: s.paragraph)[: settings.max_candidates]
    rank, sims = overall_salience(index, candidates, settings)
    chosen = mmr(rank, sims, settings.max_points, settings.mmr_lambda, settings.distinct,
                 settings.min_share)
    top = float(rank.max()) or 1.0
    quotes: list[Quote] = []
    disagreements: list[Disagreement] = []
    for i in chosen:
        lead = candidates[i]
        also, related = same_point_elsewhere(index, lead, settings)
        group = [lead, *also, *related]
        found = disagreements_for(group) if len({s.doc_id for s in group}) > 1 else []
        quotes.append(
            Quote(
                excerpt=excerpt_of(index.articles[lead.doc_id], lead),
                score=round(float(rank[i]) / top, 4),
                also=tuple(excerpt_of(index.articles[s.doc_id], s) for s in also),
            )
        )
        disagreements.extend(found)
    log.debug("overall summary: %d points from %d candidates", len(quotes), len(candidates))
    return Summary(
        heading=heading,
        answered=True,
        quotes=tuple(quotes),
        disagreements=_unique(disagreements),
        total_sources=total,
        kind="overall",
    )


@dataclass(frozen=True)
class _Layout:
    """Per loaded index: which sentence rows are quotable, and each article's run of rows."""

    quotable: np.ndarray  # bool per row of `index.sentence_vectors`
    topic_pool: np.ndarray  # quotable and not opening with a closing quote
    starts: np.ndarray  # first row of each article that has sentences
    articles: tuple[Article, ...]  # those articles, in the same order


_LAYOUTS: weakref.WeakKeyDictionary[CorpusIndex, _Layout] = weakref.WeakKeyDictionary()


def _layout(index: CorpusIndex) -> _Layout:
    """Computed once per loaded index (index.sentences is in article order)."""
    with _CACHE_LOCK:
        found = _LAYOUTS.get(index)
    if found is not None:
        return found
    quotable = np.fromiter((s.quotable for s in index.sentences), bool, len(index.sentences))
    lengths = np.array([len(a.sentences) for a in index.articles.values()], dtype=np.int64)
    starts = (np.cumsum(lengths) - lengths)[lengths > 0]
    articles = tuple(a for a in index.articles.values() if a.sentences)
    opens_closed = np.fromiter((s.text.strip()[:1] in ("”", "’") for s in index.sentences),
                               bool, len(index.sentences))
    found = _Layout(quotable, quotable & ~opens_closed, starts, articles)
    with _CACHE_LOCK:
        _LAYOUTS[index] = found
    return found


def same_point_elsewhere(
    index: CorpusIndex, lead: Sentence, settings: SummarySettings
) -> tuple[list[Sentence], list[Sentence]]:
    """Per other article, its closest sentence: (same point, related but not the same)."""
    # One product over every sentence, then the best per article in one pass (each article
    # is one contiguous run of rows); only articles that come close are looked at one by one.
    layout = _layout(index)
    also: list[Sentence] = []
    related: list[Sentence] = []
    if not len(layout.starts):
        return also, related
    cos = np.where(layout.quotable, index.sentence_vectors @ index.sentence_vector(lead),
                   -np.inf)
    best_per_article = np.maximum.reduceat(cos, layout.starts)
    for k in np.flatnonzero(best_per_article >= settings.related):
        article = layout.articles[k]
        if article.doc_id == lead.doc_id:
            continue
        start = int(layout.starts[k])
        best = int(np.argmax(cos[start : start + len(article.sentences)]))
        other, value = article.sentences[best], float(cos[start + best])
        if (
            value >= settings.same_point
            and numbers_compatible(lead.text, other.text)
            and not conflicting(index, lead, other)
        ):
            also.append(other)
        else:
            related.append(other)
    return also, related


def _unique(found: list[Disagreement]) -> tuple[Disagreement, ...]:
    """Disagreements without repeats (several points may surface the same conflict)."""
    seen: dict[tuple, Disagreement] = {}
    for d in found:
        sides = frozenset((s.source.doc_id, s.start, s.end) for s in d.sides)
        seen.setdefault((d.about, sides), d)
    return tuple(seen.values())


# ------------------------------------------------------------------------------ per article


def source_summary(
    index: CorpusIndex, article: Article, settings: SummarySettings | None = None
) -> Summary:
    """One article's own key points, in the article's order."""
    settings = settings or SummarySettings()
    total = len(index.articles)
    heading = f"Key points from {source_of(article).label}"
    candidates = [s for s in article.sentences if standalone(s, settings)]
    if not candidates:
        candidates = [s for s in article.sentences if s.quotable]
    if not candidates:
        return Summary(heading=heading, answered=False, total_sources=total, kind="source",
                       subject=source_of(article).label,
                       note=f"{source_of(article).label} has no sentence that can be quoted.")
    rank, sims = article_salience(index, candidates, settings)
    # Long articles get more points, short ones at least a few.
    k = min(settings.max_source_points, max(3, len(candidates) // 5))
    chosen = sorted(mmr(rank, sims, k, settings.mmr_lambda, settings.distinct, settings.min_share))
    top = float(rank.max()) or 1.0
    quotes = tuple(
        Quote(excerpt=excerpt_of(article, candidates[i]), score=round(float(rank[i]) / top, 4))
        for i in chosen
    )
    return Summary(heading=heading, answered=True, quotes=quotes, total_sources=total,
                   kind="source", subject=source_of(article).label)


# ------------------------------------------------------------------------------ per topic


def _topic_scores(
    close: np.ndarray,
    sims: np.ndarray,
    doc_of: Callable[[int], str],
    score_of: Callable[[int], tuple[float, Sentence] | None],
    settings: SummarySettings,
) -> list[tuple[float, Sentence]]:
    """`score_of` for the `close` rows that can reach the summary, in row order.

    Only sentences that could be kept are scored (tokenising is the cost on a large corpus):
    rows go by falling cosine, and a row scores at most its cosine + `topic_term_weight`.
    A row is skipped when that bound is below its outlet's `topic_per_outlet`-th best score,
    or below `cut` (the `topic_max_points`-th best outlet score so far, which only rises)
    while its outlet's best is below `cut` too: that outlet cannot be among those shown.
    """
    per, outlets = settings.topic_per_outlet, settings.topic_max_points
    tops: dict[str, list[float]] = {}  # per outlet, its best scores so far (descending)
    scored: list[tuple[int, float, Sentence]] = []
    cut, stale = -np.inf, 0
    for i in close[np.argsort(-sims[close], kind="stable")]:
        bound = float(sims[i]) + settings.topic_term_weight
        if stale and (bound < cut or stale > 64):  # a stale cut is lower: still safe
            cut, stale = _nth_best([t[0] for t in tops.values()], outlets), 0
        top = tops.get(doc_of(int(i)), [])
        if (len(top) >= per and bound < top[-1]) or (bound < cut and (not top or top[0] < cut)):
            continue
        found = score_of(int(i))
        if found is None:
            continue
        score, s = found
        top = tops.setdefault(s.doc_id, [])
        top.append(score)
        top.sort(reverse=True)
        del top[per:]
        scored.append((int(i), score, s))
        stale += 1
    return [(score, s) for _, score, s in sorted(scored, key=lambda x: x[0])]


def topic_points(scored: list[tuple[float, Sentence]], settings: SummarySettings
                 ) -> list[tuple[float, Sentence]]:
    """The points shown: outlets by their best score, each its best few in article order."""
    by_doc: dict[str, list[tuple[float, Sentence]]] = {}
    for score, s in sorted(scored, key=lambda x: -x[0]):
        by_doc.setdefault(s.doc_id, []).append((score, s))
    kept: list[tuple[float, Sentence]] = []
    for doc_id in sorted(by_doc, key=lambda d: -by_doc[d][0][0]):
        best = by_doc[doc_id][: settings.topic_per_outlet]
        kept.extend(sorted(best, key=lambda x: x[1].index))
    return kept[: settings.topic_max_points]


def _nth_best(values: list[float], n: int) -> float:
    """The n-th largest value, or -inf when there are fewer."""
    return heapq.nlargest(n, values)[-1] if len(values) >= n else -np.inf


def _topic_rows(index: CorpusIndex, article: Article | None) -> slice:
    """The rows of `index.sentence_vectors` a topic summary looks at (a contiguous run)."""
    if article is None:
        return slice(0, len(index.sentences))
    if not article.sentences:
        return slice(0, 0)
    start = index.sentence_row(article.sentences[0])
    return slice(start, start + len(article.sentences))


def topic_summary(
    index: CorpusIndex,
    topic: str,
    disagreements_for: DisagreementsFor = _no_disagreements,
    settings: SummarySettings | None = None,
    article: Article | None = None,
) -> Summary:
    """What each outlet says about `topic`, grouped by outlet; abstains when none covers it."""
    settings = settings or SummarySettings()
    total = len(index.articles)
    where = f" in {source_of(article).label}" if article else ": what each outlet reports"
    heading = f"On “{topic}”{where}"

    def abstain(note: str) -> Summary:
        return Summary(heading=heading, answered=False, note=note, total_sources=total,
                       kind="topic", subject=topic)

    # Same abstention as `ask`: the fitted coverage model over the same search.
    q = analyse(topic, index.encode_question(topic))
    hits = index.search(topic, q.vector, k=settings.topic_passages)
    verdict = coverage.judge(index, q, relevance.score(index, q, hits))
    if not verdict.covered:
        return abstain(verdict.reason)
    vector = q.vector

    rows = _topic_rows(index, article)
    pool = _layout(index).topic_pool[rows]
    if not pool.any():
        return abstain("The articles do not cover this topic.")
    sims = index.sentence_vectors[rows] @ vector
    weights = {t: idf(index, t) for t in set(terms(topic))}
    total_weight = sum(weights.values()) or 1.0
    # The term bonus is at most topic_term_weight: sentences too far to reach the bar with it
    # are dropped by one vector comparison before any tokenising (large corpora).
    reach = max(settings.topic_floor, settings.topic_bar - settings.topic_term_weight)
    close = np.flatnonzero(pool & (sims >= reach))

    def score_of(i: int) -> tuple[float, Sentence] | None:
        s, sim = index.sentences[rows.start + i], sims[i]
        present = index.sentence_terms(s)
        share = sum(w for t, w in weights.items() if t in present) / total_weight
        score = float(sim) + settings.topic_term_weight * share
        return (score, s) if score >= settings.topic_bar and sim >= settings.topic_floor else None

    scored = _topic_scores(close, sims, lambda i: index.sentences[rows.start + i].doc_id,
                           score_of, settings)
    if not scored:
        return abstain(f"No article has a sentence clearly about “{topic}”.")

    kept = topic_points(scored, settings)
    sentences = [s for _, s in kept]
    conflicts = disagreements_for(sentences) if len({s.doc_id for s in sentences}) > 1 else []
    quotes = tuple(
        Quote(excerpt=excerpt_of(index.articles[s.doc_id], s), score=round(score, 4))
        for score, s in kept
    )
    return Summary(heading=heading, answered=True, quotes=quotes,
                   disagreements=_unique(conflicts), total_sources=total, kind="topic",
                   subject=topic)
