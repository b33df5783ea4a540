"""Whether something happened: denied by one outlet, affirmed by another (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.analysis import analyse
from bot.negation import asked_stems, mentions
from bot.relevance import Candidate
from index.sentences import Sentence


def _candidate(text: str, doc: str = "700_a") -> Candidate:
    return Candidate(Sentence(doc, 0, 0, len(text), text, 0, None, True), 0.5, 0.5, 1.0, 0.5)


@pytest.mark.parametrize("text, denied", [
    ("The mayor did not resign.", [True]),
    ("The mayor hasn't resigned yet.", [True]),
    ("She refused to resign on Monday.", [True]),
    ("The mayor resigned on Monday.", [False]),
    ("No one said that the mayor resigned.", []),  # neither: another negation before it
])
def test_a_word_is_denied_or_affirmed_by_what_governs_it(text, denied):
    question = analyse("Did the mayor resign?", np.zeros(3))
    found = mentions(_candidate(text), asked_stems(question))
    assert [m.denied for m in found if m.word.startswith("resign")] == denied


def test_names_are_not_asked_words():
    question = analyse("Did Mara Quill concede?", np.zeros(3))
    assert asked_stems(question) == {"conced"}


def test_a_denial_is_gainsaid_only_by_the_same_thing_affirmed():
    from bot.negation import denied_and_affirmed

    question = analyse("Does Quill need a coalition partner?", np.zeros(3))
    denial = _candidate("Quill will not need coalition partners.", "700_a")
    other = _candidate("The party won 128 seats, seven more than the 121 needed for a majority.",
                       "701_b")
    # The index is read only to quote a disagreement's sides: there is none here.
    assert denied_and_affirmed(None, question, [denial, other]) is None
    said = mentions(_candidate("Quill needed coalition partners.", "702_c"), asked_stems(question))
    denied = mentions(denial, asked_stems(question))
    assert not said[0].denied and said[0].context & denied[0].context
