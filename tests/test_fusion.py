"""Reciprocal rank fusion and the BM25 side, without the model."""

from __future__ import annotations

import pytest

from index.lexical import LexicalIndex, terms
from index.search import RRF_K, rrf


def test_rrf_rewards_agreement_between_rankings():
    scores = rrf([["a", "b", "c"], ["b", "d"]])
    assert scores["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert scores["a"] == pytest.approx(1 / (RRF_K + 1))
    assert sorted(scores, key=lambda k: -scores[k])[0] == "b"  # in both lists beats first in one
    assert set(scores) == {"a", "b", "c", "d"}


def test_rrf_of_one_ranking_keeps_its_order():
    scores = rrf([["x", "y", "z"]])
    assert sorted(scores, key=lambda k: -scores[k]) == ["x", "y", "z"]
    assert rrf([]) == {}


def test_bm25_stems_and_ignores_question_words():
    index = LexicalIndex([
        "Russia and Ukraine will exchange 175 prisoners.",
        "The summit ended with a fishing deal.",
        "What happened next is unclear.",
    ])
    hits = index.search("How many prisoners were exchanged?", k=3)
    assert hits and hits[0][0] == 0
    assert index.search("What did they say?", k=3) == []  # nothing topical to match
    assert "exchang" in terms("exchanged") and "what" not in terms("What happened?")


def test_bm25_over_no_passages_finds_nothing():
    # A corpus whose articles are only headlines has no passages to search.
    index = LexicalIndex([])
    assert index.search("What happened?", k=3) == [] and index.vocabulary == frozenset()
