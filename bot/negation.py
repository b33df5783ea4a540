"""Whether something happened: one outlet says it did not, another says it did.

For a yes/no question ("Did the mayor resign?"), the question's own words other than names
are looked for in the sentences found for it. A word is *denied* where an auxiliary's
negation governs it ("did not resign", "hasn't resigned", "never resigned", "refused to
resign") and *affirmed* where it stands with no negation before it in its clause ("resigned
on Monday"). One outlet denying a word that another affirms is a disagreement, each side
quoted. The index-time conflicts (`bot.disagreements`) are read first; this is asked only
when they hold none, so the listing's verdicts stand where it has them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis import Question
from bot.attribution import excerpt_of
from bot.models import Disagreement
from bot.relevance import Candidate
from index.lexical import terms, words
from index.lexicon import stem
from index.search import CorpusIndex
from index.sentences import Sentence
from index.value_types import clause_span

# A negation governing the next word: an auxiliary's "not", "never", a refusal.
_DENIAL = re.compile(
    r"\b(?:(?:did|does|do|has|have|had|was|were|is|are|will|would|could|can)"
    r"(?:\s+not|n[’']t)|cannot|never|refused to|declined to|failed to)\s+$",
    re.I,
)
_ANY_NEGATION = re.compile(r"\b(?:not|n[’']t|never|no|nor|neither|without|cannot)\b", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Mention:
    """A question word as one sentence uses it: denied or affirmed."""

    candidate: Candidate
    word: str  # as written
    denied: bool
    context: frozenset[str]  # the stems of the sentence's other content words


def _named_stems(question: Question) -> frozenset[str]:
    return frozenset(stem(w) for n in question.names for w in words(n))


def asked_stems(question: Question) -> frozenset[str]:
    """The question's stems that can be denied: its terms, not its names'."""
    named = _named_stems(question)
    return frozenset(t for t in question.terms if t not in named)


def mentions(candidate: Candidate, stems: frozenset[str]) -> list[Mention]:
    """Each use of an asked stem in the sentence, denied or affirmed (a word with another
    negation before it in its clause is neither: "no one said they resigned")."""
    text = candidate.sentence.text
    out = []
    for m in _WORD.finditer(text):
        if stem(m.group(0).lower()) not in stems:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        left = clause_span(text, m.start(), m.end())[0]
        context = frozenset(terms(text[: m.start()] + " " + text[m.end() :]))
        if _DENIAL.search(before):
            out.append(Mention(candidate, m.group(0), True, context))
        elif not _ANY_NEGATION.search(text[left : m.start()]):
            out.append(Mention(candidate, m.group(0), False, context))
    return out


def denied_and_affirmed(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> tuple[Disagreement, tuple[Sentence, ...]] | None:
    """The first asked word one outlet denies and another affirms, of the same thing (both
    sentences hold another word or name of the question: "Did Lind resign?": "Lind did not
    resign" / "Lind resigned"; "Does she need partners?": "she will not need partners" is
    not gainsaid by "the 121 seats needed for a majority"), with a side each."""
    stems = asked_stems(question)
    anchors = stems | _named_stems(question)
    found = [m for c in candidates for m in mentions(c, stems)]
    for denial in (m for m in found if m.denied):
        key = stem(denial.word.lower())
        doc = denial.candidate.sentence.doc_id
        shared = (anchors & denial.context) - {key}
        affirmed = next((m for m in found if not m.denied and stem(m.word.lower()) == key
                         and m.candidate.sentence.doc_id != doc
                         and shared & m.context), None)
        if affirmed is None:
            continue
        pair = (denial, affirmed)
        sentences = tuple(m.candidate.sentence for m in pair)
        return Disagreement(
            about=f"{affirmed.word} or not",
            kind="polarity",
            sides=tuple(excerpt_of(index.articles[s.doc_id], s) for s in sentences),
            confidence=round(min(m.candidate.probability for m in pair), 4),
            claims=(f"not {denial.word}", affirmed.word),
        ), sentences
    return None
