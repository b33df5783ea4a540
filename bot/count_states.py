"""What a sentence says happened to the things it counts ("12 people were killed and 30
were injured": the dead and the injured are different answers to "how many people…").

A count's *state phrase* is its few words around it, short of the values either side
(`index.claims.count_phrase`); it is met with what the question says of the thing it asks
(`Question.phrase`, "people died in the"). Two uses:
- of several counts of the thing asked in one sentence, the outlet's answer is the one whose
  phrase is closest to the question's, by embedding (as `bot.slots` meets counted nouns);
- outlets' counts are compared only when of the state asked: by the state words both name
  (`index.claims.count_states`: killed, injured, missing, rescued, aboard, arrested), else,
  where the lead's sentence itself tells states apart ("12 killed and 30 injured"), by
  being nearer the lead count's phrase than its rivals'. The listing decides the same way
  (`index.conflicts`).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.analysis import Question
from bot.slots import phrase_vectors, sentence_values
from index.claims import count_phrase, count_states, rivals_of
from index.lexical import words
from index.search import CorpusIndex
from index.sentences import Sentence
from index.values import Kind, Value


def _phrase(index: CorpusIndex, sentence: Sentence, v: Value) -> str:
    return count_phrase(sentence.text, v, sentence_values(index, sentence))


def closest_count(
    index: CorpusIndex, question: Question, sentence: Sentence, counts: list[Value]
) -> Value:
    """Of several counts of the thing asked in one sentence, the one counting the word the
    question asks ("what is the toll?": "the toll rose to nine", not "two bodies"), then the
    one whose phrase says most nearly what the question says of it ("how many died?": "12
    people were killed", not "30 people were injured"); the first on a tie."""
    phrases = [_phrase(index, sentence, v) for v in counts]
    vectors = phrase_vectors(index, [question.phrase, *phrases])
    asked = set(words(question.slot))
    fit = [(bool(asked & set(words(v.noun))), float(vectors[question.phrase] @ vectors[p]))
           for v, p in zip(counts, phrases, strict=True)]
    return counts[max(range(len(counts)), key=lambda i: (*fit[i], -i))]


def state_test(
    index: CorpusIndex, question: Question, sentence: Sentence, lead: Value
) -> Callable[[Sentence, Value], bool] | None:
    """Is a count of the state asked? A count naming a state (`index.claims.count_states`:
    killed, injured, missing…) is when it names the question's, or the lead count's where
    the question names none. One naming none is not when the question names a state ("how
    many were hurt?" / "crews pulled 85 people from their homes"), else is when nearer the
    lead's phrase than those of the lead sentence's rivals (`index.claims.rivals_of`: "at
    least 12 killed and 30 injured"). The lead count itself always is. None for a value
    that is no count, or when there is nothing to tell states apart by."""
    if lead.kind is not Kind.COUNT:
        return None
    lead_phrase = _phrase(index, sentence, lead)
    asked = question.states or count_states(lead_phrase)
    rivals = rivals_of(sentence.text, lead, sentence_values(index, sentence))
    if not asked and not rivals:
        return None
    rival_phrases = [_phrase(index, sentence, v) for v in rivals]

    def of_the_state(other: Sentence, v: Value) -> bool:
        if other == sentence and (v.low, v.high) == (lead.low, lead.high):
            return True
        phrase = _phrase(index, other, v)
        named = count_states(phrase)
        if asked and named:
            return bool(named & asked)
        if question.states:  # asked in words: a count naming no state may be of any
            return False
        if other == sentence:
            return (v.low, v.high) == (lead.low, lead.high)
        vectors = phrase_vectors(index, [lead_phrase, phrase, *rival_phrases])
        to_lead = float(vectors[lead_phrase] @ vectors[phrase])
        return all(to_lead >= float(vectors[r] @ vectors[phrase]) for r in rival_phrases)

    return of_the_state
