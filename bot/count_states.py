"""What a sentence says happened to the things it counts ("12 people were killed and 30
were injured": the dead and the injured are different answers to "how many people…").

A count's *state phrase* is its few words around it, short of the values either side; it is
met with what the question says of the thing it asks (`Question.phrase`, "people died in
the") by embedding, as `bot.slots` meets counted nouns. Two uses:
- of several counts of the thing asked in one sentence, the outlet's answer is the one whose
  phrase is closest to the question's;
- where the most relevant outlet's sentence itself tells two states apart (its other counts
  of the thing asked), another outlet's count is compared with it only when its phrase is
  nearer the lead's than those rivals' ("killed 12 people" is not a count of the injured).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.analysis import Question
from bot.slots import phrase_vectors, sentence_values
from index.search import CorpusIndex
from index.sentences import Sentence
from index.values import Value, count_phrase, rivals_of


def _phrase(index: CorpusIndex, sentence: Sentence, v: Value) -> str:
    return count_phrase(sentence.text, v, sentence_values(index, sentence))


def closest_count(
    index: CorpusIndex, question: Question, sentence: Sentence, counts: list[Value]
) -> Value:
    """Of several counts of the thing asked in one sentence, the one whose phrase says most
    nearly what the question says of it ("how many died?": "12 people were killed", not
    "30 people were injured"); the first on a tie."""
    phrases = [_phrase(index, sentence, v) for v in counts]
    vectors = phrase_vectors(index, [question.phrase, *phrases])
    fit = [float(vectors[question.phrase] @ vectors[p]) for p in phrases]
    return counts[max(range(len(counts)), key=lambda i: (fit[i], -i))]


def state_test(
    index: CorpusIndex, sentence: Sentence, lead: Value
) -> Callable[[Sentence, Value], bool] | None:
    """Is a count of the lead count's state? None when the lead's sentence has no rival
    (`index.values.rivals_of`: "at least 12 killed and 30 injured")."""
    rivals = rivals_of(sentence.text, lead, sentence_values(index, sentence))
    if not rivals:
        return None
    lead_phrase = _phrase(index, sentence, lead)
    rival_phrases = [_phrase(index, sentence, v) for v in rivals]

    def of_the_state(other: Sentence, v: Value) -> bool:
        if other == sentence:
            return (v.low, v.high) == (lead.low, lead.high)
        phrase = _phrase(index, other, v)
        vectors = phrase_vectors(index, [lead_phrase, phrase, *rival_phrases])
        to_lead = float(vectors[lead_phrase] @ vectors[phrase])
        return all(to_lead >= float(vectors[r] @ vectors[phrase]) for r in rival_phrases)

    return of_the_state
