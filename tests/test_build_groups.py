"""A build in several encode groups stores every article and conflict as parsed afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

import index.build as build_module
from bot.settings import Settings
from index import conflicts, live, records
from index.article import process
from index.corpus import load_corpus
from index.store import VectorStore

pytestmark = pytest.mark.integration


def test_a_build_in_several_groups_stores_what_fresh_parsing_gives(
    tmp_path: Path, corpus_copy: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "ENCODE_SENTENCES", 40)  # several groups
    config = Settings(corpus=corpus_copy, store=tmp_path / "idx").index_config()
    build_module.build(config, embedder, rebuild=True, progress=False)
    current = live.resolve(config.store, None)
    assert current is not None
    articles, vectors = records.load_articles(current.folder, current.manifest["docs"],
                                              config.chunking)
    fresh = {r.doc_id: process(r, config.chunking) for r in load_corpus(corpus_copy)}
    assert [a.doc_id for a in articles] == sorted(fresh)
    for article in articles:
        expected = fresh[article.doc_id]
        assert article.clean_text == expected.clean_text
        assert article.sentences == expected.sentences
        assert article.passages == expected.passages
    assert vectors.shape == (sum(len(a.sentences) for a in articles), 384)
    store = VectorStore(live.chroma_config(config.store, current), create=False)
    assert store.count() == sum(len(a.passages) for a in articles)
    saved = conflicts.load(current.folder / conflicts.CONFLICTS_FILE)
    assert saved == conflicts.detect(articles, vectors, store, embedder)
    assert saved  # the seed articles disagree: the comparison is not vacuous
