"""Open a ready-to-search index, building or repairing it from the corpus when needed."""

from __future__ import annotations

import functools
import logging

from index import conflicts, live, records, storedir
from index.build import IndexConfig, build, staleness
from index.corpus import load_corpus
from index.embed import Embedder
from index.errors import CorruptIndexError, IndexError_, StoreUnavailableError
from index.live import Live
from index.remote import ServerMeta
from index.search import CorpusIndex
from index.store import VectorStore

log = logging.getLogger(__name__)


class IndexStaleError(IndexError_):
    """The index does not match the corpus and building was not allowed."""


def open_store(config: IndexConfig, current: Live) -> VectorStore:
    """The generation's vector store, checked to hold one vector per passage."""
    store = VectorStore(live.chroma_config(config.store, current), create=False)
    expected = sum(d["passages"] for d in current.manifest["docs"].values())
    if store.count() != expected:
        raise CorruptIndexError(f"vector store holds {store.count()} passages, expected {expected}")
    return store


def load(config: IndexConfig, current: Live, embedder: Embedder, *,
         search: bool = True) -> CorpusIndex:
    """Load one generation, verifying its files and its vector count; writes nothing.

    With `search` false (a command that only lists or summarises), the vector store, BM25
    and the vocabulary are left to be opened on first use, if any.
    """
    docs = current.manifest["docs"]
    articles, vectors = records.load_articles(current.folder, docs, config.chunking)
    store = open_store(config, current) if search else functools.partial(
        open_store, config, current)
    conflict_file = current.folder / conflicts.CONFLICTS_FILE
    if not conflict_file.exists():
        raise CorruptIndexError(f"{conflict_file} is missing")
    index = CorpusIndex(articles, vectors, store, embedder, conflicts.load(conflict_file))
    if search:
        index.vocabulary  # built now, while the model loads in the background  # noqa: B018
    return index


def _server_down(meta: ServerMeta | None) -> bool:
    if meta is None:
        return False
    try:
        meta.client.heartbeat()
    except Exception:
        return True
    return False


def fresh_live(config: IndexConfig, model: str) -> Live | None:
    """The live generation when it matches the corpus and `model`, else None; loads nothing.

    Any fault (no index, a broken corpus, a server down) gives None: opening the index
    reports it, or repairs it.
    """
    try:
        storedir.check_store(config.path)
        raws = load_corpus(config.corpus)
        current = live.resolve(config.store, live.connect(config.store))
        if current is None or staleness(config, model, raws, current) is not None:
            return None
        return current
    except Exception as exc:  # noqa: BLE001 - opening the index reports it properly
        log.debug("no fresh live generation: %s", exc)
        return None


def open_live(config: IndexConfig, embedder: Embedder, *, auto_build: bool = True,
              progress: bool = True, search: bool = True) -> tuple[CorpusIndex, Live]:
    """The live generation, loaded; refreshed first when stale, rebuilt when corrupt.

    `search` false: see `load` (the vector store is checked on first use, not here).
    """
    storedir.check_store(config.path)
    raws = load_corpus(config.corpus)
    meta = live.connect(config.store)
    current = live.resolve(config.store, meta)
    reason = staleness(config, embedder.name, raws, current)
    if reason is not None:
        if not auto_build:
            raise IndexStaleError(f"the index at {config.path} is stale: {reason}")
        log.info("index at %s needs building: %s", config.path, reason)
        # build() takes the store's lock; a build finished meanwhile by another process
        # leaves nothing to do, so this is cheap.
        build(config, embedder, progress=progress)
        current = live.resolve(config.store, meta)
    try:
        if current is None:
            raise CorruptIndexError("no live generation after building")
        return load(config, current, embedder, search=search), current
    except StoreUnavailableError:
        if _server_down(meta):
            raise  # a server that is down is not fixed by rebuilding
        log.warning("vector store unreadable: rebuilding the index from the corpus")
    except (CorruptIndexError, OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("index at %s is corrupt (%s): rebuilding it from the corpus", config.path, exc)
    build(config, embedder, rebuild=True, progress=progress)
    current = live.resolve(config.store, meta)
    if current is None:
        raise CorruptIndexError(f"the index at {config.path} could not be rebuilt")
    return load(config, current, embedder, search=search), current


def open_index(
    config: IndexConfig, embedder: Embedder, *, auto_build: bool = True, progress: bool = True
) -> CorpusIndex:
    """Load the index; refresh it first when stale, rebuild it when it is corrupt."""
    return open_live(config, embedder, auto_build=auto_build, progress=progress)[0]
