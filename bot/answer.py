"""Answer a question with verbatim sentences, or abstain.

How an answer is made:
1. hybrid search finds the passages most likely to hold the answer;
2. every quotable sentence of those passages is scored on its own (`score_candidates`): its
   cosine similarity to the question and to its passage, the share of the question's rarer
   terms it holds, and whether it holds what the question asks for (`bot.qtype`), so the
   sentence that answers wins over its neighbours;
3. the best sentences are kept while they stay close to the best score, spread over
   articles; a sentence saying the same thing as one already kept (close meaning, same
   numbers, no known conflict) is folded into it as "also reported by";
4. the disagreement the question asks about, or one between the kept quotes, is attached
   (`bot.disagreements`);
5. abstention: see `coverage` below.
"""

from __future__ import annotations

import difflib
import logging
import math
import re
from dataclasses import dataclass

import numpy as np

from bot.attribution import excerpt_of
from bot.disagreements import conflicting, flagged_among, grouped, relevant_conflicts
from bot.models import Answer, Quote
from bot.qtype import counted_thing, gives, question_focus
from index.conflicts import SentenceRef
from index.lexical import stopwords, terms, words
from index.search import CorpusIndex, PassageHit, SearchMode
from index.sentences import Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerSettings:
    """Tuning of quote selection and abstention (calibrated on the dev set, see README)."""

    passages: int = 12
    max_quotes: int = 5
    # Sentences compete while their score is within `margin` of the best one.
    margin: float = 0.30
    same_article_penalty: float = 0.08
    context_weight: float = 0.30
    term_weight: float = 0.15
    type_weight: float = 0.10
    # Same point in two articles: sentence cosine at least this (and no number conflict).
    same_fact: float = 0.62
    # Abstain when even the best sentence is this dissimilar to the question.
    min_similarity: float = 0.30
    # A question naming something the articles never mention is answered only when a
    # sentence matches it this strongly (e.g. a spelling the corpus does not use).
    unknown_name_similarity: float = 0.60
    # Share of a question's rarity-weighted words that the articles never use, above which
    # it is about something they do not cover.
    unknown_share: float = 0.6


@dataclass(frozen=True)
class Candidate:
    """A sentence considered for the answer."""

    sentence: Sentence
    similarity: float
    score: float
    coverage: float = 0.0  # share of the question's IDF-weighted terms the sentence holds


_VERB_FORM = re.compile(r"(?:ed|ing)$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _close_word(word: str, same_start: list[str]) -> bool:
    """True when the corpus has a spelling variant ("Zelensky" / "Zelenskyy")."""
    if len(word) < 5:
        return False
    return bool(difflib.get_close_matches(word, same_start, n=1, cutoff=0.8))


def _known_word(word: str, index: CorpusIndex, *, name: bool = False) -> bool:
    """Is the word (or its stem) in the articles? A name also in a close spelling."""
    w = words(word)
    if not w:
        return True
    w0 = w[0]
    if w0 in index.word_df or any(t in index.term_df for t in terms(w0)):
        return True
    return name and _close_word(w0, index.words_like(w0))


def _as_written(question: str, words_: list[str]) -> str:
    """The words as the question spells them ('xi' → 'Xi'), for messages."""
    out = []
    for w in dict.fromkeys(words_):
        m = re.search(rf"\b{re.escape(w)}\b", question, re.IGNORECASE)
        out.append(m.group(0) if m else w)
    return ", ".join(out)


def _content_words(question: str) -> dict[str, bool]:
    """The question's words that carry its topic, each with whether it is capitalised."""
    stop = stopwords()
    out: dict[str, bool] = {}
    for token in re.findall(r"[^\W_][\w'’-]*", question):
        for w in words(token):
            if w not in stop and len(w) > 2:
                out[w] = out.get(w, False) or token[0].isupper()
    return out


def _word_idf(index: CorpusIndex, word: str) -> float:
    stems = terms(word)
    return max((idf(index, t) for t in stems), default=idf(index, ""))


def unknown_names(question: str, index: CorpusIndex) -> list[str]:
    """Capitalised words of the question (names, places) that no article contains."""
    stop = stopwords()
    missing = []
    for token in re.findall(r"[^\W\d_][\w'’.-]*", question):
        if not token[0].isupper():
            continue
        for word in words(token):
            if word in stop or len(word) < 2 or word in index.word_df:
                continue
            if not _close_word(word, index.words_like(word)):
                missing.append(word)
    return missing


def idf(index: CorpusIndex, term: str) -> float:
    """Inverse document frequency of a stemmed term over the articles."""
    n = len(index.articles)
    return math.log(1 + (n + 1) / (index.term_df.get(term, 0) + 0.5))


def numbers_in(text: str) -> set[str]:
    """The numerals written in a text."""
    return set(_NUMBER.findall(text))


def score_candidates(
    index: CorpusIndex,
    question: str,
    vector: np.ndarray,
    hits: list[PassageHit],
    settings: AnswerSettings,
) -> list[Candidate]:
    """Score every quotable sentence of the hit passages.

    score = cosine(sentence, question)
          + context_weight * cosine(best passage holding it, question)  # "he said" sentences
          + term_weight * share of the question's IDF mass the sentence contains
          + type_weight if the sentence holds what the question asks for (duration, number…)
    """
    context: dict[tuple[str, int], float] = {}
    for hit in hits:
        members = index.passage_sentences(hit.passage)
        mean = index.sentence_vectors[[index.sentence_row(s) for s in members]].mean(axis=0)
        sim = float(mean @ vector) / (float(np.linalg.norm(mean)) or 1.0)
        for s in members:
            key = (s.doc_id, s.index)
            context[key] = max(context.get(key, -1.0), sim)
    unique = [s for hit in hits for s in index.passage_sentences(hit.passage) if s.quotable]
    unique = list({(s.doc_id, s.index): s for s in unique}.values())
    if not unique:
        return []
    sims = index.sentence_vectors[[index.sentence_row(s) for s in unique]] @ vector
    q_terms = set(terms(question))
    weights = {t: idf(index, t) for t in q_terms}
    total = sum(weights.values()) or 1.0
    wanted = gives(question_focus(question))
    out = []
    for s, sim in zip(unique, sims, strict=True):
        s_terms = index.sentence_terms(s)
        covered = sum(w for t, w in weights.items() if t in s_terms) / total
        typed = 1.0 if wanted is not None and wanted.search(s.text) else 0.0
        score = (
            float(sim)
            + settings.context_weight * context[(s.doc_id, s.index)]
            + settings.term_weight * covered
            + settings.type_weight * typed
        )
        out.append(Candidate(s, float(sim), score, covered))
    out.sort(key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.index))
    return out


def same_fact(index: CorpusIndex, a: Sentence, b: Sentence, threshold: float) -> bool:
    """Two articles' sentences that report one point: close in meaning, same numbers,
    and not a known conflict."""
    if a.doc_id == b.doc_id:
        return False
    cos = float(index.sentence_vector(a) @ index.sentence_vector(b))
    if cos < threshold or conflicting(index, a, b):
        return False
    na, nb = numbers_in(a.text), numbers_in(b.text)
    if na or nb:
        return na == nb
    return cos >= threshold + 0.1  # without a number to anchor it, ask for closer wording


@dataclass(frozen=True)
class Choice:
    """A sentence chosen for an answer, with the other articles' sentences on the same point."""

    lead: Sentence
    score: float
    also: tuple[Sentence, ...] = ()


def choose_sentences(
    index: CorpusIndex,
    candidates: list[Candidate],
    settings: AnswerSettings,
    first: list[Sentence] | None = None,
) -> list[Choice]:
    """Pick the best sentences greedily, spreading them over articles.

    `first` are sentences that must be shown (the sides of a disagreement the question is
    about); they take the first places. Candidates within `margin` of the best score
    compete; each pick lowers the score of further sentences from the same article by
    `same_article_penalty`, so an answer shows several outlets when several report on it.
    A sentence saying the same thing as a kept one (see `same_fact`) is folded into it as
    "also reported by" instead of repeated; sentences known to conflict are never folded.
    """
    if not candidates and not first:
        return []
    by_key = {(c.sentence.doc_id, c.sentence.index): c for c in candidates}
    groups: list[tuple[Candidate, list[Sentence]]] = []
    per_doc: dict[str, int] = {}
    for s in first or []:
        cand = by_key.get((s.doc_id, s.index)) or Candidate(s, 0.0, 0.0)
        groups.append((cand, []))
        per_doc[s.doc_id] = per_doc.get(s.doc_id, 0) + 1
    shown = {(lead.sentence.doc_id, lead.sentence.index) for lead, _ in groups}
    floor = candidates[0].score - settings.margin if candidates else 0.0
    pool = [
        c
        for c in candidates
        if c.score >= floor
        and (c.similarity >= settings.min_similarity or c.coverage >= 0.99)
        and (c.sentence.doc_id, c.sentence.index) not in shown
    ]

    def adjusted(c: Candidate) -> float:
        return c.score - settings.same_article_penalty * per_doc.get(c.sentence.doc_id, 0)

    while pool and len(groups) < max(settings.max_quotes, len(first or [])):
        best = max(pool, key=adjusted)
        pool.remove(best)
        if adjusted(best) < floor:
            break
        for lead, also in groups:
            if same_fact(index, lead.sentence, best.sentence, settings.same_fact):
                if best.sentence.doc_id not in {lead.sentence.doc_id} | {s.doc_id for s in also}:
                    also.append(best.sentence)
                break
        else:
            groups.append((best, []))
            per_doc[best.sentence.doc_id] = per_doc.get(best.sentence.doc_id, 0) + 1
    # Other articles reporting a kept point, even if they scored below the pool.
    for lead, also in groups:
        seen = {lead.sentence.doc_id} | {s.doc_id for s in also}
        for cand in candidates:
            if cand.sentence.doc_id not in seen and same_fact(
                index, lead.sentence, cand.sentence, settings.same_fact
            ):
                also.append(cand.sentence)
                seen.add(cand.sentence.doc_id)
    return [Choice(lead.sentence, round(lead.score, 4), tuple(also)) for lead, also in groups]


_OPENS = '\u201c"'
_CLOSES = '\u201d"'
_MAX_EXTENDED = 600


def _only_quotation(s: Sentence) -> bool:
    """A sentence that is nothing but a quotation: '“Trying … productive.”'."""
    t = s.text.strip()
    return (
        t[:1] in _OPENS
        and t.rstrip(".!?")[-1:] in _CLOSES
        and sum(t.count(c) for c in _OPENS + _CLOSES) == 2
    )


def quote_span(index: CorpusIndex, s: Sentence) -> tuple[Sentence, Sentence]:
    """The sentences a quote should span so that a quotation keeps its speaker.

    A sentence that is only a quotation is shown with the sentence before it (which says who
    speaks); a quoted speaker's sentence takes along a quotation-only sentence that follows.
    The excerpt stays verbatim: it is the clean text from the first to the last sentence.
    """
    sentences = index.articles[s.doc_id].sentences
    first = last = s
    if _only_quotation(s) and s.index > 0:
        prev = sentences[s.index - 1]
        if prev.paragraph == s.paragraph and s.end - prev.start <= _MAX_EXTENDED:
            first = prev
    if s.index + 1 < len(sentences):
        nxt = sentences[s.index + 1]
        if (
            nxt.paragraph == s.paragraph
            and _only_quotation(nxt)
            and nxt.end - first.start <= _MAX_EXTENDED
        ):
            last = nxt
    return first, last


def quote_of(index: CorpusIndex, choice: Choice) -> Quote:
    """A chosen sentence as an attributed quote (extended to keep a quotation's speaker)."""
    first, last = quote_span(index, choice.lead)
    return Quote(
        excerpt=excerpt_of(index.articles[first.doc_id], first, last),
        score=choice.score,
        also=tuple(excerpt_of(index.articles[s.doc_id], s) for s in choice.also),
    )


def answer_question(
    index: CorpusIndex,
    question: str,
    settings: AnswerSettings = AnswerSettings(),
    mode: SearchMode = SearchMode.FUSED,
) -> Answer:
    """Answer one (already validated) question from the index."""
    vector = index.encode_question(question)
    hits = index.search(question, vector, k=settings.passages, mode=mode)
    candidates = score_candidates(index, question, vector, hits, settings)
    reason = coverage(index, question, candidates, settings)
    if reason:
        return Answer(question=question, answered=False, note=reason)
    retrieved = {SentenceRef(c.sentence.doc_id, c.sentence.index) for c in candidates}
    known = relevant_conflicts(index, question, vector, retrieved)
    sides = _sides_in_order(index, known, candidates, settings.max_quotes)
    choices = choose_sentences(index, candidates, settings, first=sides)
    quotes = [quote_of(index, c) for c in choices]
    shown = {id(c) for c in known}
    leads = [c.lead for c in choices]
    among = [c for c in flagged_among(index, question, leads) if id(c) not in shown]
    # What the question asks about first, then conflicts between the quotes chosen.
    disagreements = grouped(index, known) + grouped(index, among)
    return Answer(
        question=question,
        answered=True,
        quotes=tuple(quotes),
        disagreements=tuple(disagreements),
        note=_single_source_note(quotes),
    )


def _sides_in_order(
    index: CorpusIndex, conflicts: list, candidates: list[Candidate], limit: int
) -> list[Sentence]:
    """The conflicts' sentences to quote: one per article, every position first, best-scoring
    first, at most `limit`."""
    score = {(c.sentence.doc_id, c.sentence.index): c.score for c in candidates}
    claim_of: dict[SentenceRef, str] = {}
    for c in conflicts:
        for ref, claim in zip(c.sides, c.claims, strict=True):
            claim_of.setdefault(ref, claim)
    ranked = sorted(claim_of, key=lambda r: (-score.get((r.doc_id, r.index), 0.0), r))
    out: list[SentenceRef] = []
    for only_new_claims in (True, False):
        for ref in ranked:
            if len(out) >= limit:
                break
            taken = {r.doc_id for r in out}, {claim_of[r] for r in out}
            if ref in out or ref.doc_id in taken[0]:
                continue
            if only_new_claims and claim_of[ref] in taken[1]:
                continue
            out.append(ref)
    return [index.articles[r.doc_id].sentences[r.index] for r in out]


def _single_source_note(quotes: list[Quote]) -> str:
    """Say so when everything quoted comes from one outlet."""
    docs = {q.excerpt.source.doc_id for q in quotes} | {
        e.source.doc_id for q in quotes for e in q.also
    }
    if len(docs) == 1 and quotes:
        return f"Only one outlet reports this: {quotes[0].excerpt.source.label}."
    return ""


def coverage(
    index: CorpusIndex, question: str, candidates: list[Candidate], settings: AnswerSettings
) -> str | None:
    """Why the articles do not cover the question, or None when they do.

    Two signals, calibrated on the dev set: (a) the question names someone or something
    (a capitalised word) that no article contains, in any spelling close to it, and no
    sentence matches the question strongly; (b) even the best sentence is far from the
    question in embedding space, or the question shares no content term with the corpus.
    """
    best = candidates[0].similarity if candidates else 0.0
    missing = unknown_names(question, index)
    if missing and best < settings.unknown_name_similarity:
        names = _as_written(question, missing)
        return f"The articles do not cover this: none of them mentions {names}."
    content = _content_words(question)
    if not content:
        return "The question is too general: name what it is about."
    unknown = [w for w, cap in content.items() if not _known_word(w, index, name=cap)]
    if len(unknown) == len(content):
        return "The articles do not cover this: none of its words appear in them."
    # Inflected verbs ("died", "swapped") name events that articles word differently
    # ("killed", "exchange"); the search judges those. Names and things decide coverage.
    topical = {w: cap for w, cap in content.items() if cap or not _VERB_FORM.search(w)}
    unknown = [w for w in unknown if w in topical]
    if unknown and best < settings.unknown_name_similarity:
        # Weigh the words by rarity: an unknown word is rarer than any known one, so a
        # question whose specific words are unknown ("what did Putin say about tariffs")
        # is about something the articles do not mention.
        rarest = idf(index, "")
        weight = {w: rarest if w in unknown else _word_idf(index, w) for w in topical}
        share = sum(weight[w] for w in unknown) / sum(weight.values())
        if share >= settings.unknown_share:
            names = _as_written(question, unknown)
            return f"The articles do not cover this: none of them mentions {names}."
    counted = counted_thing(question)
    if counted and not _known_word(counted, index):
        counted = _as_written(question, [counted])
        return f"The articles do not cover this: none of them mentions {counted}."
    # A sentence holding every rare term of the question ("February 28") covers it even
    # when the embedding, weak on dates and numbers, finds it far.
    lexical = max((c.coverage for c in candidates[:5]), default=0.0)
    if best < settings.min_similarity and lexical < 0.99:
        return "The articles do not cover this question."
    return None
