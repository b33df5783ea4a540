"""What a sentence says happened to the things it counts ("12 people were killed and 30
were injured": the dead and the injured are different answers to "how many people…").

A count's *state phrase* is its few words around it, short of the values either side
(`index.claims.count_phrase`); it is met with what the question says of the thing it asks
(`Question.phrase`, "people died in the"). Two uses:
- of several counts of the thing asked in one sentence, the outlet's answer is the one whose
  phrase is closest to the question's, by embedding (as `bot.slots` meets counted nouns);
- outlets' counts are compared only when of the state asked, or of the lead count's where
  the question names none (`index.claims.states_of`: killed, injured, missing, rescued,
  evacuated, aboard, arrested; a count naming none counts all the things there, as
  "aboard" does). The listing decides the same way (`index.conflicts`).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.analysis import Question
from bot.slots import phrase_vectors, sentence_values
from index.claims import count_phrase, states_of
from index.lexical import words
from index.lexicon import GENERIC_SLOT_WORDS
from index.search import CorpusIndex
from index.sentences import Sentence
from index.value_types import Kind, Value


def _phrase(index: CorpusIndex, sentence: Sentence, v: Value) -> str:
    return count_phrase(sentence.text, v, sentence_values(index, sentence))


def closest_count(
    index: CorpusIndex, question: Question, sentence: Sentence, counts: list[Value]
) -> Value:
    """Of several counts of the thing asked in one sentence, the one counting the word the
    question asks ("what is the toll?": "the toll rose to nine", not "two bodies"), then a
    total ("how many died?": the toll, not the bodies found), then the one whose phrase
    says most nearly what the question says of it ("how many died?": "12 people were
    killed", not "30 people were injured"); the first on a tie."""
    phrases = [_phrase(index, sentence, v) for v in counts]
    vectors = phrase_vectors(index, [question.phrase, *phrases])
    asked = set(words(question.slot))
    fit = [(bool(asked & set(words(v.noun))), v.noun in GENERIC_SLOT_WORDS,
            float(vectors[question.phrase] @ vectors[p]))
           for v, p in zip(counts, phrases, strict=True)]
    return counts[max(range(len(counts)), key=lambda i: (*fit[i], -i))]


def state_test(
    index: CorpusIndex, question: Question, sentence: Sentence, lead: Value
) -> Callable[[Sentence, Value], bool] | None:
    """Is a count of the state asked: the question's states, or the lead count's where the
    question names none (`index.claims.states_of`: killed, injured, missing…, or all the
    things counted when a phrase names no state)? The lead count itself always is. None for
    a value that is no count."""
    if lead.kind is not Kind.COUNT:
        return None
    asked = question.states or states_of(_phrase(index, sentence, lead))

    def of_the_state(other: Sentence, v: Value) -> bool:
        if other == sentence and (v.low, v.high) == (lead.low, lead.high):
            return True
        return bool(states_of(_phrase(index, other, v)) & asked)

    return of_the_state
