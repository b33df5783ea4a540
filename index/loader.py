"""Open a ready-to-search index, building or repairing it from the corpus when needed."""

from __future__ import annotations

import logging

from index import conflicts
from index.build import IndexConfig, build, load_articles, open_store, read_manifest, staleness
from index.corpus import load_corpus
from index.embed import Embedder
from index.errors import IndexError_, StoreUnavailableError
from index.search import CorpusIndex

log = logging.getLogger(__name__)


class IndexStaleError(IndexError_):
    """The index does not match the corpus and building was not allowed."""


def _load(config: IndexConfig, embedder: Embedder) -> CorpusIndex:
    manifest = read_manifest(config.path)
    if manifest is None:
        raise ValueError("index manifest vanished")
    articles, vectors = load_articles(config, manifest)
    store = open_store(config.store)
    expected = sum(d["passages"] for d in manifest["docs"].values())
    if store.count() != expected:
        raise ValueError(f"vector store holds {store.count()} passages, manifest says {expected}")
    conflict_file = config.path / conflicts.CONFLICTS_FILE
    if not conflict_file.exists():
        raise ValueError(f"{conflict_file} is missing")
    return CorpusIndex(articles, vectors, store, embedder, conflicts.load(conflict_file))


def open_index(
    config: IndexConfig, embedder: Embedder, *, auto_build: bool = True, progress: bool = True
) -> CorpusIndex:
    """Load the index; refresh it first when stale, rebuild it when it is corrupt."""
    raws = load_corpus(config.corpus)
    reason = staleness(config, embedder.name, raws)
    if reason is not None:
        if not auto_build:
            raise IndexStaleError(f"the index at {config.path} is stale: {reason}")
        log.info("index at %s needs building: %s", config.path, reason)
        # build() takes the folder's lock; a build finished meanwhile by another process
        # leaves nothing to re-embed, so this is cheap.
        build(config, embedder, progress=progress)
    try:
        return _load(config, embedder)
    except StoreUnavailableError:
        if config.store.remote:
            raise  # a server that is down is not fixed by rebuilding
        log.warning("local vector store unreadable: rebuilding the index from the corpus")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("index at %s is corrupt (%s): rebuilding it from the corpus", config.path, exc)
    build(config, embedder, rebuild=True, progress=progress)
    return _load(config, embedder)
