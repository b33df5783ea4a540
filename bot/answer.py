"""Answer a question with verbatim sentences, or abstain.

How an answer is made, one module per step:
1. the question is analysed once (`bot.analysis`): its vector, what it asks for, what it
   counts, its terms and names;
2. hybrid search finds the passages most likely to hold the answer (`index.search`);
3. every quotable sentence of those passages is scored by the fitted relevance model
   (`bot.relevance`);
4. the fitted coverage model decides whether the articles answer it at all (`bot.coverage`);
5. what each outlet says in answer (its answer slot) is compared across outlets
   (`bot.compare`), over more passages than are quoted from; a disagreement leads the
   answer with each side's sentence;
6. the quotes are chosen (`bot.selection`): the best sentence first, then the few that clear
   the fitted floor, spread over outlets, the same point folded in as "also reported by".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot import compare, coverage, relevance
from bot.analysis import analyse
from bot.attribution import excerpt_of
from bot.models import Answer, Quote
from bot.selection import Choice, choose
from bot.slots import FOCUS_KINDS
from index.search import CorpusIndex, SearchMode
from index.sentences import Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerSettings:
    """How many passages are searched and how many quotes an answer may show."""

    passages: int = 12
    # A question asking a value compares what each outlet says over more passages than it
    # quotes from: an outlet's value may sit below the quoted sentences.
    compared_passages: int = 18
    max_quotes: int = 4
    # Same point in two articles: sentence cosine at least this (and no number conflict).
    same_fact: float = 0.62


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
    q = analyse(question, index.encode_question(question))
    compares = q.focus in FOCUS_KINDS
    depth = settings.compared_passages if compares else settings.passages
    hits = index.search(question, q.vector, k=max(depth, settings.passages), mode=mode)
    candidates, compared = relevance.score_pools(index, q, hits, settings.passages)
    verdict = coverage.judge(index, q, candidates)
    if not verdict.covered:
        return Answer(question=question, answered=False, note=verdict.reason)
    found = compare.disagreements(index, q, compared)
    sides = [s for d in found for s in d.sentences]
    choices = choose(index, candidates, max_quotes=settings.max_quotes,
                     same_fact_floor=settings.same_fact, first=sides)
    quotes = [quote_of(index, c) for c in choices]
    return Answer(
        question=question,
        answered=True,
        quotes=tuple(quotes),
        disagreements=tuple(d.disagreement for d in found),
        note=_single_source_note(quotes),
    )


def _single_source_note(quotes: list[Quote]) -> str:
    """Say so when everything quoted comes from one outlet."""
    docs = {q.excerpt.source.doc_id for q in quotes} | {
        e.source.doc_id for q in quotes for e in q.also
    }
    if len(docs) == 1 and quotes:
        return f"Only one outlet reports this: {quotes[0].excerpt.source.label}."
    return ""
