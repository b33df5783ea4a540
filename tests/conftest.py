"""Shared fixtures: the real model loads once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

SEED_CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session", autouse=True)
def shared_encoder_dir(tmp_path_factory) -> Iterator[Path]:
    """One ONNX export for every store the tests build (exporting takes seconds each)."""
    folder = tmp_path_factory.mktemp("encoder")
    saved = os.environ.get("CALLBOT_ENCODER_DIR")
    os.environ["CALLBOT_ENCODER_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("CALLBOT_ENCODER_DIR", None)
    else:
        os.environ["CALLBOT_ENCODER_DIR"] = saved


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


@pytest.fixture()
def small_corpus(corpus_copy: Path) -> Path:
    """Two seed articles and no manifest: quick to index."""
    for path in (corpus_copy / "articles").iterdir():
        if not path.name.startswith(("001", "003")):
            path.unlink()
    (corpus_copy / "sources.toml").unlink()
    return corpus_copy


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A real chroma server on a free loopback port, one per test module."""
    from bench.chroma_server import ChromaServerError, chroma_server

    try:
        ctx = chroma_server(tmp_path_factory.mktemp("chroma-data"))
        running = ctx.__enter__()
    except ChromaServerError as exc:
        pytest.skip(f"a chroma server cannot start on this machine: {exc}")
    try:
        yield running
    finally:
        ctx.__exit__(None, None, None)
