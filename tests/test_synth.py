"""The synthetic corpus generator, the warm-view timer's topic picker, and how the build
groups articles to encode."""

from __future__ import annotations

from pathlib import Path

import pytest

import index.build
from bench.synth import Material, SentencePool, generate_corpus, labelled_corpora, load_material
from bench.views import frequent_names
from index.article import process
from index.build import _encode_groups
from index.corpus import load_corpus
from index.passages import ChunkSettings
from index.sentences import Sentence


def _material() -> Material:
    first = SentencePool("first", tuple(f"First pool sentence number {i}." for i in range(9)))
    second = SentencePool("second", tuple(f"Second pool sentence number {i}." for i in range(9)))
    return Material((first, second), lengths=(20, 40))


def test_material_draws_on_every_labelled_corpus(tmp_path: Path) -> None:
    corpora = labelled_corpora(tmp_path)
    material = load_material(corpora)
    assert len(corpora) >= 2 and len(material.pools) == len(corpora)
    assert all(len(p.sentences) == len(set(p.sentences)) > 10 for p in material.pools)
    first = load_corpus(corpora[0])
    assert sorted(material.lengths) == sorted(
        len(process(r, ChunkSettings()).sentences) for r in first)


def test_an_article_count_is_met_exactly_with_lengths_in_range(tmp_path: Path) -> None:
    material = _material()
    n, _ = generate_corpus(None, tmp_path, articles=12, seed=3, material=material)
    raws = load_corpus(tmp_path)
    assert n == len(raws) == 12
    counts = [len(process(r, ChunkSettings()).sentences) for r in raws]
    assert all(10 <= c <= 60 for c in counts), counts
    # every article draws on one pool only, and both pools are used
    used = {("First" in r.raw_text, "Second" in r.raw_text) for r in raws}
    assert used == {(True, False), (False, True)}


def test_a_passage_target_or_an_article_count_is_required(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_corpus(None, tmp_path, material=_material())


def _sentence(text: str) -> Sentence:
    return Sentence("d", 0, 0, len(text), text, 0, None, True)


def test_frequent_names_skip_the_first_word() -> None:
    sentences = [_sentence("Officials met Ramos and Ortega."), _sentence("Later Ramos spoke."),
                 _sentence("Ortega left before Ramos.")]
    assert frequent_names(sentences, k=2) == ["Ramos", "Ortega"]


def test_articles_are_split_in_order_and_grouped(corpus_copy: Path, monkeypatch) -> None:
    raws = load_corpus(corpus_copy)
    groups = list(_encode_groups(raws, ChunkSettings()))
    assert len(groups) == 1  # the seed corpus is one encode call
    assert [r.doc_id for r, _ in groups[0]] == [r.doc_id for r in raws]
    assert all(a == process(r, ChunkSettings()) for r, a in groups[0])
    monkeypatch.setattr(index.build, "ENCODE_SENTENCES", 1)
    groups = list(_encode_groups(raws, ChunkSettings()))
    assert [[r.doc_id for r, _ in g] for g in groups] == [[r.doc_id] for r in raws]


def test_a_failed_split_is_raised_to_the_builder(corpus_copy: Path, monkeypatch) -> None:
    def broken(raw, chunking):
        raise RuntimeError(f"cannot split {raw.doc_id}")

    monkeypatch.setattr(index.build, "process", broken)
    with pytest.raises(RuntimeError, match="cannot split"):
        list(_encode_groups(load_corpus(corpus_copy), ChunkSettings()))
