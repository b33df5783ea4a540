"""Which generation is live: the local pointer (embedded) or the server's pointer (server)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from index import generations, manifest
from index.errors import StoreUnavailableError
from index.remote import ServerMeta, ServerPointer
from index.store import StoreConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Live:
    """A complete generation ready to load: its local folder, manifest and collection."""

    generation: str
    folder: Path
    manifest: dict
    collection: str


def connect(store: StoreConfig) -> ServerMeta | None:
    """The server's pointer and lock (None for an embedded store); raises when it is down."""
    if not store.remote:
        return None
    import chromadb  # heavy: imported on demand

    try:
        client = chromadb.HttpClient(
            host=store.host, port=store.port,
            settings=chromadb.Settings(anonymized_telemetry=False),
        )
        client.heartbeat()
    except Exception as exc:
        raise StoreUnavailableError(
            f"cannot open the vector store at {store.describe()}: {exc}"
        ) from exc
    return ServerMeta(client, store.collection, store.describe())


def chroma_config(store: StoreConfig, live: Live) -> StoreConfig:
    """Where a generation's vectors are: its own chroma folder, or its server collection."""
    path = store.path if store.remote else live.folder / "chroma"
    return StoreConfig(path=path, host=store.host, port=store.port, collection=live.collection)


def _local(store: Path, generation: str) -> Live | None:
    folder = generations.folder(store, generation)
    found = manifest.read(folder)
    if found is None:
        return None
    return Live(generation, folder, found, found["collection"])


def _by_digest(store: Path, pointer: ServerPointer) -> Live | None:
    """The local generation holding the articles the server generation was built from."""
    live = generations.read_pointer(store)
    candidates = ([live] if live else []) + generations.listed(store)[::-1]
    for gen in candidates:
        found = _local(store, gen)
        if found is not None and found.manifest["digest"] == pointer.digest:
            return Live(gen, found.folder, found.manifest, pointer.collection)
    return None


def resolve(store: StoreConfig, meta: ServerMeta | None) -> Live | None:
    """The live generation, or None when there is none complete (or no local files for it)."""
    if meta is None:
        gen = generations.read_pointer(store.path)
        return _local(store.path, gen) if gen else None
    pointer = meta.pointer()
    return _by_digest(store.path, pointer) if pointer else None
