"""Shared fixtures: the real model loads once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

SEED_CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2, loaded once."""
    from index.embed import SentenceTransformerEmbedder

    model = SentenceTransformerEmbedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory, embedder):
    """An engine over the five seed articles, indexed into a temporary folder."""
    from bot.engine import Engine
    from bot.settings import Settings

    store = tmp_path_factory.mktemp("seed") / "index"
    return Engine.open(Settings(store=store), embedder=embedder, progress=False)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target
