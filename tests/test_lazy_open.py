"""An index opened for a view (no store, no BM25 up front) answers as one opened to search."""

from __future__ import annotations

from bot.engine import Engine
from bot.render import render_answer, render_disagreements, render_summary
from bot.settings import Settings


def _lazy(seed_engine, embedder) -> Engine:
    return Engine.open(Settings(store=seed_engine.live.config.path), embedder=embedder,
                       progress=False, search=False)


def test_a_view_open_leaves_the_store_and_bm25_unopened(seed_engine, embedder) -> None:
    index = _lazy(seed_engine, embedder).index
    assert index._store is None and index._vocabulary is None
    assert seed_engine.index._store is not None and seed_engine.index._vocabulary is not None


def test_views_are_the_same_from_a_lazily_opened_index(seed_engine, embedder) -> None:
    lazy = _lazy(seed_engine, embedder)
    assert render_disagreements(lazy.disagreements()) == render_disagreements(
        seed_engine.disagreements())
    assert render_summary(lazy.summary()) == render_summary(seed_engine.summary())
    assert lazy.sources() == seed_engine.sources()
    assert lazy.index._store is None  # the views never needed the vector store


def test_a_lazily_opened_index_searches_the_same(seed_engine, embedder) -> None:
    lazy = _lazy(seed_engine, embedder)
    question = "Which outlet wrote about sports?"
    assert render_answer(lazy.ask(question)) == render_answer(seed_engine.ask(question))
    assert lazy.index.store.count() == seed_engine.index.store.count() > 0
    assert lazy.index.word_df == seed_engine.index.word_df
    assert lazy.index.term_df == seed_engine.index.term_df
    assert lazy.index.lexical.vocabulary == seed_engine.index.lexical.vocabulary
