"""What each outlet says in answer to a question, compared across outlets.

For a question with an answer slot (`bot.slots`), each outlet's most relevant sentence that
holds a value filling it gives the outlet's value; the values its other found sentences give
(and bracketed restatements of its value) count as its too. Two outlets agree when one's own
value can be true together with some value of the other's (`index.values.compatible`, one
comparator per kind), so an outlet that also states the other figure (an earlier report) is
not a dissenter, while two background figures that agree, or an open bound ("over three
hours") that fits nearly anything, do not make them agree. Outlets that do not agree are
shown side by side, one or two sentences per position. Times of day are compared only
between outlets saying the same thing happened then (`index.conflicts.happened_alike`, as
the listing decides), UTC times moved into local time where the articles give one offset.
Yes/no and "who" questions use the conflicts found at index time (`index.conflicts`: a topic
said not to have come up, two actors given for one announcement), else those their own
sentences show (`bot.negation`, `bot.announcing`).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile

from bot.analysis import Question, as_amount
from bot.announcing import different_announcers
from bot.attribution import excerpt_of
from bot.count_states import closest_count, state_test
from bot.disagreements import grouped, relevant_conflicts
from bot.models import Disagreement
from bot.negation import denied_and_affirmed
from bot.qtype import Focus
from bot.relevance import Candidate
from bot.slots import FOCUS_KINDS, phrase_vectors, sentence_values, slot_values
from bot.weights import weights
from index.conflicts import DAY_SENTENCE_FLOOR, SentenceRef, happened_alike, predicate
from index.lexical import words
from index.lexicon import MONEY_UNITS, stem
from index.search import CorpusIndex
from index.sentences import Sentence
from index.value_types import Kind, Value, clause_of
from index.values import (
    bounded,
    compatible,
    in_local_time,
    local_offset,
    noun_stems,
    same_activity,
    values,
)

log = logging.getLogger(__name__)

MAX_SIDES = 6
PER_POSITION = 2  # outlets quoted for each position
# An outlet's slot sentence must clear the quote floor or rank among this many candidates.
ELIGIBLE_RANK = 12
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")  # a word with its position in the sentence


@dataclass(frozen=True)
class Found:
    """A disagreement for an answer, with the sentences that make its sides."""

    disagreement: Disagreement
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class SlotValue:
    """One outlet's answer to the question's slot."""

    candidate: Candidate
    value: Value
    others: tuple[Value, ...]  # the outlet's other values for the slot (same sentence)
    # The outlet's other (sentence, value) answers to the slot, best first: where its chosen
    # value is of another happening than the lead's, one of these may be of the same.
    alternatives: tuple[tuple[Candidate, Value], ...] = ()


def nearest_value(found: list[Value], text: str, question: Question) -> Value:
    """The value whose clause names the dimension asked ("at a depth of 10 km"), then whose
    clause, then whose surroundings (not its own words: "local time"), share most of the
    question's terms, then the one closest to such a term ("left at 06:10 and was due to
    dock in Kerrin at 09:45": "dock in Kerrin" takes 09:45), then the first. The question's
    terms are its placing ones (`Question.placing_terms`)."""
    terms = question.placing_terms
    spots = [(m.start(), m.end()) for m in _WORD.finditer(text)
             if stem(m.group(0).lower()) in terms]

    def shared(of: frozenset[str], words_of: str) -> int:
        return len(of & {stem(w) for w in words(words_of)})

    def fit(v: Value) -> tuple[int, int, int, int, int]:
        clause = clause_of(text, v.start, v.end).replace(v.text, " ")
        around = f"{text[max(0, v.start - 60) : v.start]} {text[v.end : v.end + 60]}"
        gaps = [max(v.start - end, start - v.end) for start, end in spots
                if end <= v.start or start >= v.end]
        return (shared(question.dimension_terms, clause), shared(terms, clause),
                shared(terms, around), -min(gaps, default=len(text)), -v.start)

    return max(found, key=fit)


def _outlet_value(
    index: CorpusIndex, question: Question, sentence: Sentence, found: list[Value]
) -> Value:
    """The sentence's value answering the question: of several counts, the one saying what
    the question says of the thing counted (`bot.count_states`), else the nearest."""
    if len(found) > 1 and all(v.kind is Kind.COUNT for v in found):
        return closest_count(index, question, sentence, found)
    return nearest_value(found, sentence.text, question)


def outlet_values(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> list[SlotValue]:
    """Each outlet's value for the slot, from its most relevant sentence holding one; the
    values its other found sentences give for the slot count as its too ("also says")."""
    offset = local_offset(sentence_values(index, c.sentence) for c in candidates)
    out = []
    for rows in _rows_by_outlet(index, question, candidates).values():
        eligible = [(c, found) for c, found, ok in rows if ok]
        if not eligible:
            continue
        c, found = eligible[0]
        best = _outlet_value(index, question, c.sentence, found)
        others = [v for _, found, _ in rows for v in found if v is not best]
        others += _restated(index, c.sentence, best)
        alternatives = [(e, v) for e, vs in eligible for v in vs if v is not best]
        out.append(_in_local_time(SlotValue(c, best, tuple(others), tuple(alternatives)),
                                  offset))
    return out


def _rows_by_outlet(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> dict[str, list[tuple[Candidate, list[Value], bool]]]:
    """Per outlet, its candidates holding slot values, in rank order, and whether each is
    eligible to give the outlet's value (clears the quote floor or ranks high enough)."""
    floor = weights().quote_floor
    rows: dict[str, list[tuple[Candidate, list[Value], bool]]] = {}
    for rank, c in enumerate(candidates):
        found = slot_values(index, question, c.sentence)
        if found:
            ok = _eligible(c, rank, floor)
            rows.setdefault(c.sentence.doc_id, []).append((c, found, ok))
    return rows


def _in_local_time(sv: SlotValue, offset: float | None) -> SlotValue:
    """UTC times moved to local time where the articles give the offset, so "13:10 UTC"
    meets another outlet's "21:10" ("21:10 (13:10 GMT)" elsewhere gives +8 h)."""
    return SlotValue(sv.candidate, in_local_time(sv.value, offset),
                     tuple(in_local_time(v, offset) for v in sv.others),
                     tuple((c, in_local_time(v, offset)) for c, v in sv.alternatives))


def _restated(index: CorpusIndex, sentence: Sentence, value: Value) -> list[Value]:
    """The bracketed restatements of a value ("21:10 (13:10 GMT)"): no slot value of their
    own, but what the outlet says too, so another outlet's "13:10 UTC" agrees with it."""
    found = sentence_values(index, sentence)
    after = [v for v in found if v.start >= value.end]
    return list(takewhile(lambda v: v.converted and v.kind is value.kind, after))


def _clause_terms(c: Candidate, v: Value) -> set[str]:
    return {stem(w) for w in words(clause_of(c.sentence.text, v.start, v.end))}


def of_one_dimension(
    index: CorpusIndex, question: Question, found: list[SlotValue]
) -> list[SlotValue]:
    """Measures: where the most relevant outlet's clause names the dimension asked ("at a
    depth of 10 km" for "how deep"), each outlet's measure in a clause naming it too (or its
    alternative that does); "felt 300 kilometres away" is a distance, not a depth. Where it
    names none, no outlet's measure of a thing the question does not name: "18 inches of
    rain fell" is no height of the storm surge. Sums of money: `_of_one_sum`."""
    if not found or found[0].value.kind is not Kind.MEASURE:
        return found
    if found[0].value.unit in MONEY_UNITS:
        return _of_one_sum(index, question, found)
    asked = question.placing_terms - question.dimension_terms
    wanted = question.dimension_terms & _clause_terms(found[0].candidate, found[0].value)

    def fits(c: Candidate, v: Value) -> bool:
        if wanted:
            return bool(wanted & _clause_terms(c, v))
        return not v.noun or bool(noun_stems(v.noun) & asked)

    return _each_fitting(found, fits) if wanted or asked else found


def _of_one_sum(
    index: CorpusIndex, question: Question, found: list[SlotValue]
) -> list[SlotValue]:
    """Sums of money are of what is said of them: each outlet's sum is one whose clause holds
    a word of the question (not a name) that the lead's clause holds too ("how much must he
    pay?": "must pay a fine of 1.2m"), or whose predicate says what the lead's says
    ("fined him 1.5m" / "a fine of 1.2m", as times are matched: `happened_alike`). "The
    confiscation of 6.8m in assets" is another sum."""
    first = found[0]
    named = {stem(w) for name in question.names for w in words(name)}
    asked = question.placing_terms - question.dimension_terms - named
    wanted = asked & _clause_terms(first.candidate, first.value)
    lead = predicate(first.candidate.sentence.text, first.value)

    def fits(c: Candidate, v: Value) -> bool:
        if wanted & _clause_terms(c, v):
            return True
        said = predicate(c.sentence.text, v)
        if not lead or not said:
            return False
        vectors = phrase_vectors(index, [lead, said])
        return happened_alike(vectors[lead], vectors[said])

    return _each_fitting(found, fits)


def _each_fitting(
    found: list[SlotValue], fits: Callable[[Candidate, Value], bool]
) -> list[SlotValue]:
    """Each outlet's first value that fits, its own or an alternative (`_switched`); an
    outlet with none is left out."""
    out = []
    for sv in found:
        fitting = [(c, v) for c, v in [(sv.candidate, sv.value), *sv.alternatives] if fits(c, v)]
        if fitting:
            out.append(_switched(sv, *fitting[0]))
    return out


def of_one_state(
    index: CorpusIndex, question: Question, found: list[SlotValue]
) -> list[SlotValue]:
    """Counts: each outlet's count of the state asked ("how many were injured?" compares
    the injured, not the dead or the rescued: `bot.count_states.state_test`); an outlet with
    none is left out of the comparison, and its other counts count as its too only when of
    that state."""
    if not found:
        return found
    lead = found[0]
    test = state_test(index, question, lead.candidate.sentence, lead.value)
    if test is None:
        return found
    out = []
    for sv in found:
        options = [(sv.candidate, sv.value), *sv.alternatives]
        alike = [(c, v) for c, v in options if test(c.sentence, v)]
        if alike:
            out.append(_narrowed(sv, alike))
    return out


def of_one_happening(index: CorpusIndex, found: list[SlotValue]) -> list[SlotValue]:
    """Times, days and durations: each outlet's value of the same happening as the most
    relevant outlet's ("cast off at" / "left the pier at", not "docked at"; "three hours of
    talks", not "a pause that will last 45 days"), decided as the listing decides
    (`index.conflicts.happened_alike`; days also only in sentences about one event,
    `DAY_SENTENCE_FLOOR`); a time with no words telling what happened then ("At 9:10, …")
    by its sentence alone. An outlet whose value is of another happening gives its
    alternative of the same one instead; without one, a time or a day is left out of the
    comparison, a duration (often said without a verb: "after three hours") is kept."""
    if not found or found[0].value.kind not in (Kind.CLOCK, Kind.DURATION, Kind.DAY):
        return found
    first = found[0]
    lead = predicate(first.candidate.sentence.text, first.value)
    one_event = _about_one_event(index, first)
    out = []
    for sv in found:
        options = [(sv.candidate, sv.value), *sv.alternatives]
        texts = [predicate(c.sentence.text, v) if lead else "" for c, v in options]
        vectors = phrase_vectors(index, [lead, *filter(None, texts)]) if lead else {}
        alike = [i for i, (t, (c, _)) in enumerate(zip(texts, options, strict=True))
                 if (not t or happened_alike(vectors[lead], vectors[t])) and one_event(c)]
        if alike:
            out.append(_narrowed(sv, [options[i] for i in alike]))
        elif sv.value.kind is Kind.DURATION:
            out.append(sv)
    return out


def _narrowed(sv: SlotValue, alike: list[tuple[Candidate, Value]]) -> SlotValue:
    """The outlet's first value of the lead's happening or state; its other values count as
    its too only when of that happening or state too, or restating one ("(13:10 GMT)"): an
    outlet's "contact was lost at 09:45" does not make its "due to dock at 09:30" agree with
    a 09:45. A duration keeps them (said without a verb, it has no happening to check)."""
    chosen = _switched(sv, *alike[0])
    if chosen.value.kind is Kind.DURATION:
        return chosen
    same = [v for _, v in alike]
    others = tuple(v for v in chosen.others if v.converted or v in same)
    return SlotValue(chosen.candidate, chosen.value, others, chosen.alternatives)


def _about_one_event(index: CorpusIndex, lead: SlotValue) -> Callable[[Candidate], bool]:
    """For days: is a sentence about the lead's event (`DAY_SENTENCE_FLOOR`, as the listing
    decides)? A story's, or an article's, sentences hold the dates of many events."""
    if lead.value.kind is not Kind.DAY:
        return lambda c: True
    vector = index.sentence_vector(lead.candidate.sentence)
    return lambda c: float(vector @ index.sentence_vector(c.sentence)) >= DAY_SENTENCE_FLOOR


def _eligible(c: Candidate, rank: int, floor: float) -> bool:
    """May this candidate give an outlet's answer: it clears the quote floor or ranks among
    the first ELIGIBLE_RANK?"""
    return c.probability >= floor or rank < ELIGIBLE_RANK


def _switched(sv: SlotValue, candidate: Candidate, value: Value) -> SlotValue:
    """The outlet's answer taken from another of its sentences or values (the same one
    given again: unchanged)."""
    if value is sv.value:
        return sv
    others = tuple(v for v in (sv.value, *sv.others) if v is not value)
    rest = tuple((c, v) for c, v in sv.alternatives if v is not value)
    return SlotValue(candidate, value, others, ((sv.candidate, sv.value), *rest))


def of_one_kind(question: Question, found: list[SlotValue]) -> list[SlotValue]:
    """Each outlet's value of the same kind as the most relevant outlet's, of the same
    event, taken from its other values where its first is not: a "when" question answered
    with a time by one outlet and a day by another is not a dispute ("at 3:40 a.m. on
    Tuesday" gives its time against a time), nor is a figure of an earlier event the
    question names ("the 2011 storm") against one of this event. The lead is the most
    relevant value counting the thing asked, if one does ("how many cases?": "2,340
    cases", not "a case fatality rate of 1.8%")."""
    if not found:
        return found
    lead = next((sv.value for sv in found if noun_stems(sv.value.noun) & question.slot_terms),
                found[0].value)
    return _each_fitting(found, lambda _, v: v.kind is lead.kind
                         and v.other_year == lead.other_year and same_activity(v, lead))


def _agrees(a: SlotValue, b: SlotValue) -> bool:
    """Can both outlets be right: one's value agrees with some value of the other's, or none
    of those can be compared (no alarm)? Two background figures agreeing ("45 days" in both,
    beside "over three hours" and "nearly three hours") do not make the outlets agree, nor does
    an open bound that fits nearly anything ("over three hours" fits "45 days")."""
    pairs = [(a.value, vb) for vb in (b.value, *b.others)]
    pairs += [(va, b.value) for va in a.others]
    verdicts = [(compatible(x, y), x, y) for x, y in pairs]  # the first: their own values
    if verdicts[0][0] or all(v is None for v, *_ in verdicts):
        return True
    return any(v and bounded(x) and bounded(y) for v, x, y in verdicts)


def anchor(group: list[SlotValue]) -> SlotValue:
    """What a position says: its first bounded value ("16" in "at least 14" and "16"), else
    its first."""
    return next((sv for sv in group if bounded(sv.value)), group[0])


def positions(found: list[SlotValue]) -> list[list[SlotValue]]:
    """Outlets grouped by compatible values, in order of their best sentence; an open bound
    ("at least 14") takes the first bounded value it agrees with as what its group says, so
    "16" and "14" do not both join it."""
    groups: list[list[SlotValue]] = []
    for sv in found:
        for group in groups:
            if _agrees(anchor(group), sv):
                group.append(sv)
                break
        else:
            groups.append([sv])
    return groups


def _as_reported(index: CorpusIndex, groups: list[list[SlotValue]]) -> str:
    """'4 → six as reported (16 Sep → 17 Sep)' when two positions on a count or measure
    split by publication day, every outlet of one published before every outlet of the other
    (a figure updated as reports came in: still shown side by side); else ''."""
    if len(groups) != 2 or groups[0][0].value.kind not in (Kind.COUNT, Kind.MEASURE):
        return ""
    days = [[index.articles[sv.candidate.sentence.doc_id].published for sv in g] for g in groups]
    if any(d is None for ds in days for d in ds):
        return ""
    (first, first_days), (then, then_days) = sorted(
        zip(groups, days, strict=True), key=lambda gd: min(gd[1]))
    if max(first_days) >= min(then_days):
        return ""
    start, end = max(first_days), min(then_days)
    return (f"{anchor(first).value.text} → {anchor(then).value.text} as reported "
            f"({start.day} {start:%b} → {end.day} {end:%b})")


def _value_disagreement(
    index: CorpusIndex, question: Question, groups: list[list[SlotValue]]
) -> Found:
    chosen = [sv for g in groups for sv in g[:PER_POSITION]][:MAX_SIDES]
    label = question.slot or chosen[0].value.kind.value
    about = f"{label}: " + (_as_reported(index, groups) or " vs ".join(
        anchor(g).value.text for g in groups[:MAX_SIDES]))
    sentences = tuple(sv.candidate.sentence for sv in chosen)
    return Found(
        Disagreement(
            about=about,
            kind=chosen[0].value.kind.value,
            sides=tuple(excerpt_of(index.articles[s.doc_id], s) for s in sentences),
            confidence=round(min(sv.candidate.probability for sv in chosen), 4),
            claims=tuple(sv.value.text for sv in chosen),
        ),
        sentences,
    )


def _known_conflicts(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> list[Found]:
    """Yes/no and "who" questions: the index-time conflicts about what they ask."""
    retrieved = {SentenceRef(c.sentence.doc_id, c.sentence.index) for c in candidates}
    conflicts = relevant_conflicts(index, question.text, question.vector, retrieved)
    out = []
    for d in grouped(index, conflicts):
        sentences = tuple(
            index.articles[e.source.doc_id].sentences[_sentence_at(index, e.source.doc_id, e.start)]
            for e in d.sides
        )
        out.append(Found(d, sentences))
    return out


def _unknown_to_the_listing(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> list[Found]:
    """Yes/no and "who announced" questions the listing knows nothing of, among the eligible
    sentences (as for values): one outlet denying what another affirms (`bot.negation`), or
    naming another announcer (`bot.announcing`)."""
    floor = weights().quote_floor
    eligible = [c for rank, c in enumerate(candidates) if _eligible(c, rank, floor)]
    check = denied_and_affirmed if question.focus is Focus.POLARITY else different_announcers
    found = check(index, question, eligible)
    return [Found(*found)] if found else []


def _sentence_at(index: CorpusIndex, doc_id: str, start: int) -> int:
    return next(s.index for s in index.articles[doc_id].sentences if s.start == start)


def disagreements(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> list[Found]:
    """The disagreement between outlets about what the question asks, if there is one."""
    if question.focus not in FOCUS_KINDS:
        if question.focus in (Focus.POLARITY, Focus.ACTOR):
            known = _known_conflicts(index, question, candidates)
            return known or _unknown_to_the_listing(index, question, candidates)
        if question.subject:  # "what was the turnout?": figures for it, if outlets give any
            return _value_disagreements(index, as_amount(question), candidates)
        return []
    found = _value_disagreements(index, question, candidates)
    if not found and question.focus is Focus.DAY:
        return _weekday_conflicts(index, question, candidates)
    return found


def _weekday_conflicts(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> list[Found]:
    """A day question whose most relevant sentence dates no event other outlets date ("the
    eye passed over the town on Tuesday"): the listing's weekday disagreement about it, if
    any ("made landfall on Tuesday" / "on Wednesday"). Not its dates: in sentences alike,
    dates of years are often of several events of a history."""
    known = _known_conflicts(index, question, candidates)
    weekdays = [f for f in known if all(
        v.unit == "weekday" for claim in f.disagreement.claims for v in values(claim))]
    return weekdays[:1]


def _value_disagreements(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> list[Found]:
    """Outlets giving values for the question's slot that cannot all be right."""
    found = of_one_kind(question, outlet_values(index, question, candidates))
    found = of_one_state(index, question, of_one_happening(index, found))
    groups = positions(of_one_dimension(index, question, found))
    if len(groups) < 2:
        return []
    return [_value_disagreement(index, question, groups)]
