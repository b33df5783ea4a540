"""Find claims that conflict across articles, at index time.

Pairs are found through the vector store, never all pairs: each sentence that makes a
checkable claim asks chroma for its nearest passages, and only sentences of those passages
from other articles that are about the same thing (sentence cosine above a floor) are
compared. Comparisons, each with its own guard against false alarms:

- values (`index.values`, parsed and compared exactly as answers compare them): two values
  that could fill one question's slot (`same_slot`: counts of one thing, both of the event
  reported, not bracketed restatements) and cannot both be true (`compatible`), one rule
  per kind in `_VALUE_RULES`:
  - counts, measures, durations ("three hours" / "nearly three hours"; "210 dead" / "224
    dead") where what they are of ("talks" / "discussions") is close in meaning;
  - times of day in sentences about one event, where what happened then ("left the pier at" /
    "cast off at") is close in meaning;
  - days: a weekday, or a date resolved to its weekday with the article's year, that
    differs in two sentences about one event (two different explicit dates need
    near-identical sentences: they are usually two events);
- polarity: one article says a topic was not talked about, another reports it demanded;
- actor: the same announcement attributed to dissimilar actors;
- reported: an article that itself says the accounts differ or are disputed.

"The same thing" is decided by embeddings of sentences and claim contexts, so the code
holds no list of events, names or topics: it works on any corpus.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index.article import Article
from index.claims import (
    announcers,
    count_phrase,
    different_states,
    different_subjects,
    measured,
    negated_mentions,
    reports_disagreement,
    total_scope,
    year_of,
)
from index.embed import Embedder
from index.lexical import stopwords, terms
from index.lexicon import SAYING_VERBS
from index.sentences import Sentence
from index.store import VectorStore
from index.value_types import Kind, Value, clause_of, clause_span
from index.values import bounded, compatible, describe, same_slot, stands_for_event, values

log = logging.getLogger(__name__)

CONFLICTS_FILE = "conflicts.json"
NEIGHBOURS = 12  # nearest passages asked of the store per claim-bearing sentence
PAIR_FLOOR = 0.35  # sentences less similar than this are about different things
# Floors on the mean of sentence similarity and context similarity (what two quantities
# measure, "talks" / "discussions"; the words around a negated mention vs the other sentence).
CONTEXT_FLOOR = 0.45
DAY_SENTENCE_FLOOR = 0.55  # two days (or times) conflict only in sentences about one event
# Two times of day are of one event when what happened at them (`predicate`) is this
# similar: set on the tune split's time pairs (aircrash), 11 of 12 same-event pairs at or
# above it, 1 of 7 others, when predicates were whole clauses; kept when they became the
# words next to the time (checked on every labelled set and on WikiContradict).
TIME_CLAUSE_FLOOR = 0.46
PREDICATE_BEFORE, PREDICATE_AFTER = 5, 2  # words of the clause before and after the time
_STATEMENT_WORDS = 3  # words before a day that may hold the verb of saying it dates
_CLAUSE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
SAME_SENTENCE = 0.80
POLARITY_FLOOR = 0.40
POLARITY_CONTEXT_FLOOR = 0.38
SAME_EVENT = 0.60  # announcements: the two sentences report one event
SAME_ACTOR = 0.55  # two actor names this similar are one actor (e.g. a capital, a govt)
_WINDOW = 50  # characters of context either side of a claim
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|without|absent|omit\w*|lack\w*)\b|n[’']t\b", re.IGNORECASE
)
_PRONOUNS = {"he", "she"}
# The side saying a topic did come up must say it was demanded or set as a condition;
# "discussions about" alone is too loose (it often reports remarks made before or after).
_DEMAND_VERBS = re.compile(
    r"\b(?:demand|condition|insist|reiterat|stipulat|requir|outlin|urg)\w*"
    r"|\bcall(?:ed|s|ing)? for\b|\bpress(?:ed|es|ing)? for\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class SentenceRef:
    """A sentence by article and position."""

    doc_id: str
    index: int


@dataclass(frozen=True)
class Conflict:
    """Sentences of different articles whose claims cannot all be true."""

    # "duration" | "number" | "time" | "day" | "scope" | "polarity" | "actor" | "reported"
    kind: str
    about: str
    confidence: float
    sides: tuple[SentenceRef, ...]
    claims: tuple[str, ...]  # what each side claims, e.g. "over three hours"
    # The topic term of a polarity conflict, the unit of a quantity, the figure (as terms) of
    # the count a scope conflict places.
    term: str = ""

    def to_json(self) -> dict:
        """Plain JSON for conflicts.json."""
        data = asdict(self)
        data["sides"] = [[r.doc_id, r.index] for r in self.sides]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Conflict:
        """Read back from conflicts.json."""
        return cls(
            kind=data["kind"],
            about=data["about"],
            confidence=float(data["confidence"]),
            sides=tuple(SentenceRef(d, int(i)) for d, i in data["sides"]),
            claims=tuple(data["claims"]),
            term=data.get("term", ""),
        )


@dataclass(frozen=True)
class _Claims:
    values: tuple[Value, ...]  # those that stand for the event reported
    every: tuple[Value, ...]  # all of the sentence's values (they bound a count's phrase)
    negations: tuple[tuple[str, int, int], ...]
    actors: tuple[tuple[str, str], ...]
    # The sentence's terms if it can be the side saying a topic was raised (no negation, a
    # demand verb), else None: decided once per sentence rather than once per pair.
    raised: frozenset[str] | None
    # Counts said to be inside or beside a total: (count, "inside" | "beside", the total).
    scoped: tuple[tuple[Value, str, Value], ...] = ()


class _Context:
    """Embeddings of claim contexts and actor names, computed once each, on demand; a
    context that is a whole sentence (the raised side of a polarity pair) has its vector."""

    def __init__(self, embedder: Embedder, known: dict[str, np.ndarray]) -> None:
        self._embedder = embedder
        self._cache = known

    def prefetch(self, texts: Sequence[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            for text, vec in zip(todo, self._embedder.encode(todo), strict=True):
                self._cache[text] = vec

    def sim(self, a: str, b: str) -> float:
        self.prefetch([a, b])
        return float(self._cache[a] @ self._cache[b])


def _window(text: str, start: int, end: int) -> str:
    return text[max(0, start - _WINDOW) : end + _WINDOW]


def _resolve(subject: str, article: Article, index: int) -> str | None:
    """Resolve 'He'/'She' to the first capitalised name of the previous sentence."""
    if subject.lower() not in _PRONOUNS:
        return None if subject.lower() in {"they", "it"} else subject
    for prev in reversed(article.sentences[max(0, index - 2) : index]):
        m = re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*", prev.text)
        if m and m.group(0).lower() not in {"the", "a", "an", "he", "she", "they", "it"}:
            return m.group(0)
    return None


def _scoped(text: str, found: tuple[Value, ...], earlier: tuple[Value, ...]
            ) -> tuple[tuple[Value, str, Value], ...]:
    """The sentence's counts said to be inside or beside a total (`claims.total_scope`), each
    with that total: the last count before it in the sentence, else in the sentence before."""
    out = []
    for v in found:
        before = [t for t in found if t.end <= v.start and t.kind is Kind.COUNT]
        before = before or [t for t in earlier if t.kind is Kind.COUNT]
        scope = total_scope(text, v, before)
        if scope and bounded(v) and bounded(before[-1]):
            out.append((v, scope, before[-1]))
    return tuple(out)


def _claims(article: Article, year: int | None) -> dict[int, _Claims]:
    out = {}
    earlier: tuple[Value, ...] = ()
    for s in article.sentences:
        if not s.quotable:
            continue
        actors = []
        for subject, verb in announcers(s.text):
            resolved = _resolve(subject, article, s.index)
            if resolved:
                actors.append((resolved, verb))
        negations = tuple(negated_mentions(s.text))
        every = tuple(values(s.text, year, article.published))
        standing = tuple(v for v in every if stands_for_event(v))
        out[s.index] = _Claims(
            values=standing,
            every=every,
            negations=negations,
            actors=tuple(actors),
            raised=_raised_terms(s.text, negations),
            scoped=_scoped(s.text, standing, earlier),
        )
        earlier = standing
    return out


def _negative(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _raised_terms(text: str, negations: tuple) -> frozenset[str] | None:
    """The terms of a sentence that can say a topic was demanded, None if it cannot."""
    if negations or _negative(text) or not _DEMAND_VERBS.search(text):
        return None
    return frozenset(terms(text))


@dataclass(frozen=True)
class _Pending:
    """A possible conflict waiting for its context embeddings."""

    kind: str
    about: str
    a: tuple[str, int]
    b: tuple[str, int]
    claim_a: str
    claim_b: str
    term: str
    sentence_sim: float
    # Pairs of texts; the closest pair decides whether both claims are about the same thing.
    context: tuple[tuple[str, str], ...]
    floor: float


def _ref(s: Sentence) -> tuple[str, int]:
    return (s.doc_id, s.index)


def _what(text: str, v: Value) -> str:
    """What a value is of: a count's clause ("140 prisoners will be freed"), else what it
    measures ("talks" in "three hours of talks")."""
    return clause_of(text, v.start, v.end) if v.kind is Kind.COUNT else measured(text, v)


def _quantity(sa: Sentence, sb: Sentence, va: Value, vb: Value, sim: float) -> _Pending:
    """Counts, measures, durations: what each is of ("talks" / "discussions") decides; the
    words around them were tried and let "45-day pause" meet "three hours"."""
    kind = "duration" if va.kind is Kind.DURATION else "number"
    claims = describe(va), describe(vb)
    return _Pending(kind, " vs ".join(claims), _ref(sa), _ref(sb), *claims, va.unit or va.noun,
                    sim, ((_what(sa.text, va), _what(sb.text, vb)),), CONTEXT_FLOOR)


def _day(sa: Sentence, sb: Sentence, va: Value, vb: Value, sim: float) -> _Pending | None:
    """A day differs only in sentences about one event; two explicit dates in similar
    sentences are usually two events (a meeting, then an acceptance), so dates alone need
    near-identical sentences (the reporting error is a weekday)."""
    both_dates = va.unit == vb.unit == "date"
    if sim < DAY_SENTENCE_FLOOR or (both_dates and sim < SAME_SENTENCE):
        return None
    if statement_day(sa.text, va) or statement_day(sb.text, vb):
        return None
    return _Pending("day", f"the day: {va.text} vs {vb.text}", _ref(sa), _ref(sb), va.text,
                    vb.text, "", sim, (), 0.0)


def statement_day(text: str, v: Value) -> bool:
    """Does the day date a statement ("officials said on Tuesday", "told reporters on
    Monday"): a verb of saying among the few words before it in its clause?"""
    left, _ = clause_span(text, v.start, v.end)
    before = _CLAUSE_WORD.findall(text[left : v.start])[-_STATEMENT_WORDS:]
    return any(w.lower() in SAYING_VERBS for w in before)


def _predicate_word(word: str) -> bool:
    """A word that may say what happened: lower case, not a letter of "a.m." or a name."""
    return word[0].islower() and len(word) > 1


def predicate(text: str, v: Value) -> str:
    """What happened at the value's time: the few words of its clause just before it and
    right after it, without names and figures ("cast off from the pier at"), since every
    sentence of a story shares its names; the rest of a long clause ("the storm that had
    closed the port overnight eased and the ferry cast off at 9:10") says what else was so,
    not what happened then."""
    left, right = clause_span(text, v.start, v.end)
    before = [w for w in _CLAUSE_WORD.findall(text[left : v.start]) if _predicate_word(w)]
    after = [w for w in _CLAUSE_WORD.findall(text[v.end : right]) if _predicate_word(w)]
    return " ".join(before[-PREDICATE_BEFORE:] + after[:PREDICATE_AFTER])


def happened_alike(a: np.ndarray, b: np.ndarray) -> bool:
    """Do two times' predicates (embedded) say the same thing happened then?"""
    return float(a @ b) >= TIME_CLAUSE_FLOOR


def _clock(sa: Sentence, sb: Sentence, va: Value, vb: Value, sim: float) -> _Pending | None:
    """A time of day: sentences about one event saying the same thing happened then."""
    if sim < DAY_SENTENCE_FLOOR:
        return None
    context = (predicate(sa.text, va), predicate(sb.text, vb))
    return _Pending("time", f"the time: {va.text} vs {vb.text}", _ref(sa), _ref(sb), va.text,
                    vb.text, "", sim, (context,), TIME_CLAUSE_FLOOR)


# One comparator per kind of value; each returns a pending conflict or None.
_VALUE_RULES: dict[Kind, Callable[[Sentence, Sentence, Value, Value, float], _Pending | None]] = {
    Kind.COUNT: _quantity,
    Kind.MEASURE: _quantity,
    Kind.DURATION: _quantity,
    Kind.CLOCK: _clock,
    Kind.DAY: _day,
}


def _of_one_state(sa: Sentence, sb: Sentence, ca: _Claims, cb: _Claims, va: Value,
                  vb: Value) -> bool:
    """Are two values no counts, or counts of one state (`index.claims.different_states`:
    "killed 12" / "30 were hurt" are not), as answers decide (`bot.count_states`)?"""
    if va.kind is not Kind.COUNT:
        return True
    pa, pb = count_phrase(sa.text, va, ca.every), count_phrase(sb.text, vb, cb.every)
    return not different_states(pa, pb)


# Values whose sentences may give them for different names ("the Greens won 5.9 percent" /
# "Civic Renewal took 47.3 percent"); times and days are matched by what happened then.
_QUANTITIES = frozenset((Kind.COUNT, Kind.MEASURE, Kind.DURATION))


def _value_conflicts(sa: Sentence, sb: Sentence, ca: _Claims, cb: _Claims, sim: float
                     ) -> list[_Pending]:
    """Pairs of one slot that cannot both be true, unless either value agrees with one of
    the other sentence's (both give 9:10 beside other times: no dispute), as answers decide
    (`bot.compare`); an open bound ("over three hours" fits "45 days") agrees with too much
    to count. Quantities said of different names (`claims.different_subjects`) are not of
    one slot."""
    pairs = [(va, vb, compatible(va, vb)) for va in ca.values for vb in cb.values
             if same_slot(va, vb)]
    agreeing = {id(v) for va, vb, verdict in pairs if verdict and bounded(va) and bounded(vb)
                for v in (va, vb)}
    return [
        p
        for va, vb, verdict in pairs
        if verdict is False and id(va) not in agreeing and id(vb) not in agreeing
        and _of_one_state(sa, sb, ca, cb, va, vb)
        and not (va.kind in _QUANTITIES and different_subjects(sa.text, va, sb.text, vb))
        if (p := _VALUE_RULES[va.kind](sa, sb, va, vb, sim)) is not None
    ]


_SCOPE_SAID = {"inside": "within", "beside": "in addition to"}


def _scope_conflicts(sa: Sentence, sb: Sentence, ca: _Claims, cb: _Claims, sim: float
                     ) -> list[_Pending]:
    """One count said to be inside a total by one sentence and beside the same total by the
    other ("175 prisoners, including 23 injured" / "175 … Additionally, 23 injured"): the
    totals they make differ. What the counts are of must be close in meaning, as for
    quantities."""
    out = []
    for va, scope_a, ta in ca.scoped:
        for vb, scope_b, tb in cb.scoped:
            same = compatible(va, vb) is True and compatible(ta, tb) is True
            if scope_a == scope_b or not same:
                continue
            claims = tuple(f"{v.text} {_SCOPE_SAID[sc]} {t.text}"
                           for v, sc, t in ((va, scope_a, ta), (vb, scope_b, tb)))
            figures = " ".join(dict.fromkeys(terms(f"{va.text} {vb.text}")))
            out.append(_Pending(
                "scope", f"whether the {describe(va)} are part of the {describe(ta)}",
                _ref(sa), _ref(sb), *claims, figures, sim,
                ((_what(sa.text, va), _what(sb.text, vb)),), CONTEXT_FLOOR))
    return out


def _compare(sa: Sentence, sb: Sentence, ca: _Claims, cb: _Claims, sim: float) -> list[_Pending]:
    """Claims of two sentences that cannot both hold, pending a context check."""
    a, b = _ref(sa), _ref(sb)
    out = _value_conflicts(sa, sb, ca, cb, sim) + _scope_conflicts(sa, sb, ca, cb, sim)
    for pos, cn, sn, sp, flip in ((cb, ca, sa, sb, False), (ca, cb, sb, sa, True)):
        sp_terms = pos.raised
        if sim < POLARITY_FLOOR or sp_terms is None:
            continue
        for obj, start, end in cn.negations:
            obj_terms = terms(obj)
            first = obj.split()[0].lower()
            if not obj_terms or first in stopwords() or obj_terms[0] not in sp_terms:
                continue
            claims = (f"{obj}: not discussed", f"{obj}: raised")
            out.append(
                _Pending(
                    "polarity",
                    f"whether {obj} came up",
                    a,
                    b,
                    *(claims[::-1] if flip else claims),
                    obj_terms[0],
                    sim,
                    ((_window(sn.text, start, end), sp.text),),
                    POLARITY_CONTEXT_FLOOR,
                )
            )
    if sim >= SAME_EVENT:
        for actor_a, verb in ca.actors:
            for actor_b, verb_b in cb.actors:
                if set(actor_a.lower().split()) & set(actor_b.lower().split()):
                    continue
                out.append(
                    _Pending(
                        "actor",
                        f"who {verb} it: {actor_a} vs {actor_b}",
                        a,
                        b,
                        f"{actor_a} {verb}",
                        f"{actor_b} {verb_b}",
                        "",
                        sim,
                        ((actor_a, actor_b),),
                        -1.0,  # decided below: actors must be *dissimilar*
                    )
                )
    return out


def _texts(p: _Pending) -> tuple[tuple[str, str], ...]:
    """Every pair of texts whose similarity decides a pending conflict."""
    return p.context


def _score(p: _Pending, context: float) -> float | None:
    """The confidence of a pending conflict given its context similarity, None to drop it."""
    if p.kind == "actor":  # the two actors must be dissimilar
        return None if context >= SAME_ACTOR else p.sentence_sim
    if p.kind == "day":  # the words around a weekday say little: the sentence decides
        return p.sentence_sim
    # Times: sentences about one flight, one march… hold several events' times; only what
    # happened at them ("cast off at" / "left the pier at") tells one event.
    if p.kind == "time":
        return context if context >= p.floor else None
    score = 0.5 * (context + p.sentence_sim)
    return None if score < p.floor else score


def detect(
    articles: Sequence[Article],
    sentence_vectors: np.ndarray,
    store: VectorStore,
    embedder: Embedder,
) -> list[Conflict]:
    """Every conflict between articles, most confident first."""
    by_id = {a.doc_id: a for a in articles}
    rows: dict[tuple[str, int], int] = {}
    for a in articles:
        for s in a.sentences:
            rows[(a.doc_id, s.index)] = len(rows)
    claims = {a.doc_id: _claims(a, year_of(a.clean_text, a.published)) for a in articles}
    by_pid = {p.id: p for a in articles for p in a.passages}
    # Only sentences that make a checkable claim look for neighbours.
    askers = [
        (doc_id, i)
        for doc_id, per in claims.items()
        for i, c in per.items()
        if c.values or c.negations or c.actors
    ]
    pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    if askers:
        vecs = sentence_vectors[[rows[k] for k in askers]]
        # Ids only: by_pid maps a passage to its article, chroma's metadata is not needed.
        neighbours = store.query_many(vecs, NEIGHBOURS, with_doc_ids=False)
        for key, hits in zip(askers, neighbours, strict=True):
            for hit in hits:
                q = by_pid.get(hit.id)
                if q is None or q.doc_id == key[0] or hit.similarity < PAIR_FLOOR:
                    continue
                for j in range(q.first_sentence, q.last_sentence + 1):
                    other = (q.doc_id, j)
                    if j in claims[q.doc_id]:
                        pairs.add((key, other) if key < other else (other, key))
    pending: list[_Pending] = []
    for ka, kb in sorted(pairs):
        sim = float(sentence_vectors[rows[ka]] @ sentence_vectors[rows[kb]])
        if sim < PAIR_FLOOR:
            continue
        sa, sb = by_id[ka[0]].sentences[ka[1]], by_id[kb[0]].sentences[kb[1]]
        pending += _compare(sa, sb, claims[ka[0]][ka[1]], claims[kb[0]][kb[1]], sim)
    ctx = _Context(embedder, {by_id[k[0]].sentences[k[1]].text: sentence_vectors[row]
                              for k, row in rows.items()})
    ctx.prefetch([t for p in pending for pair in _texts(p) for t in pair])  # one batch
    found: dict[tuple, Conflict] = {}
    for p in pending:
        score = _score(p, max((ctx.sim(*pair) for pair in p.context), default=0.0))
        if score is None:
            continue
        key = (p.kind, p.a, p.b)
        if key in found and found[key].confidence >= score:
            continue
        found[key] = Conflict(
            kind=p.kind,
            about=p.about,
            confidence=round(min(1.0, score), 4),
            sides=(SentenceRef(*p.a), SentenceRef(*p.b)),
            claims=(p.claim_a, p.claim_b),
            term=p.term,
        )
    conflicts = list(found.values())
    for a in articles:
        for s in a.sentences:
            if s.quotable and reports_disagreement(s.text):
                conflicts.append(
                    Conflict(
                        kind="reported",
                        about=f"accounts differ, as {a.label} reports",
                        confidence=0.5,
                        sides=(SentenceRef(a.doc_id, s.index),),
                        claims=("reports differing accounts",),
                    )
                )
    conflicts.sort(key=lambda c: (-c.confidence, c.kind, c.sides))
    log.info(
        "conflicts: %d sentences asked, %d pairs compared, %d conflicts",
        len(askers),
        len(pairs),
        len(conflicts),
    )
    return conflicts


def save(path: Path, conflicts: Sequence[Conflict]) -> None:
    """Write conflicts.json."""
    path.write_text(json.dumps([c.to_json() for c in conflicts], ensure_ascii=False), "utf-8")


def load(path: Path) -> list[Conflict]:
    """Read conflicts.json (missing file: no conflicts known)."""
    if not path.exists():
        return []
    return [Conflict.from_json(d) for d in json.loads(path.read_text("utf-8"))]
