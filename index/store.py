"""The chroma collection of passage vectors: embedded (PersistentClient) or a chroma server."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import StoreUnavailableError, StoreWriteError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreConfig:
    """Where the vectors live: a local folder, or a chroma server when `host` is set."""

    path: Path
    host: str | None = None
    port: int = 8000
    collection: str = "callbot-passages"

    @property
    def remote(self) -> bool:
        """True when a chroma server is used."""
        return bool(self.host)

    def describe(self) -> str:
        """Where the store is, for messages."""
        return f"chroma server {self.host}:{self.port}" if self.host else f"{self.path}"


@dataclass(frozen=True)
class VectorHit:
    """One nearest neighbour: its id, its document id and cosine similarity."""

    id: str
    doc_id: str | None  # None when the query skipped metadata (`with_doc_ids=False`)
    similarity: float


def forget_local_client(path: Path) -> None:
    """Drop chroma's cached client of one local folder (a generation that was replaced)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(path), None)


def _readonly_copy(path: Path) -> Path:
    """A private copy of a read-only embedded store (chroma opens its files for writing)."""
    tmp = Path(tempfile.mkdtemp(prefix="callbot-ro-chroma-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    shutil.copytree(path, tmp / "chroma")
    log.info("the store %s is read-only: serving from a private copy", path)
    return tmp / "chroma"


def _client(config: StoreConfig, *, create: bool) -> Any:
    import chromadb  # heavy: imported on demand

    settings = chromadb.Settings(anonymized_telemetry=False)
    try:
        if config.remote:
            client = chromadb.HttpClient(host=config.host, port=config.port, settings=settings)
            client.heartbeat()
            return client
        if create:
            config.path.mkdir(parents=True, exist_ok=True)
        elif not config.path.is_dir():
            raise FileNotFoundError(f"{config.path} is missing")
        try:
            return chromadb.PersistentClient(path=str(config.path), settings=settings)
        except Exception as exc:
            if create or "readonly" not in str(exc).lower():
                raise
            forget_local_client(config.path)
            copy = _readonly_copy(config.path)
            return chromadb.PersistentClient(path=str(copy), settings=settings)
    except Exception as exc:  # chroma raises many types: connection, sqlite, rust panics
        raise StoreUnavailableError(
            f"cannot open the vector store at {config.describe()}: {exc}"
        ) from exc


def _full(exc: Exception, config: StoreConfig) -> bool:
    """Whether a write failed for want of space (chroma's own errors rarely say so)."""
    text = str(exc).lower()
    if "disk is full" in text or "no space" in text:
        return True
    if config.remote:
        return False
    try:
        return shutil.disk_usage(config.path).free < 2 * 2**20
    except OSError:
        return False


class VectorStore:
    """Passage vectors with their document id; chroma's columns stay inside this class."""

    def __init__(self, config: StoreConfig, *, create: bool = True) -> None:
        self.config = config
        self._client = _client(config, create=create)
        self._collection = self._open(create)

    def _open(self, create: bool = True) -> Any:
        try:
            if not create:  # a reader never creates an empty collection for a gone generation
                return self._client.get_collection(self.config.collection, embedding_function=None)
            return self._client.get_or_create_collection(
                self.config.collection,
                metadata={"hnsw:space": "cosine"},
                embedding_function=None,  # vectors always come from our own model
            )
        except Exception as exc:
            raise StoreUnavailableError(
                f"cannot open collection {self.config.collection!r} at "
                f"{self.config.describe()}: {exc}"
            ) from exc

    @property
    def collection(self) -> Any:
        """The underlying chroma collection (benchmarks measure raw queries against it)."""
        return self._collection

    def drop(self) -> None:
        """Delete the collection from the store (temporary indexes on a shared server)."""
        try:
            self._client.delete_collection(self.config.collection)
        except Exception as exc:
            raise StoreUnavailableError(
                f"cannot drop collection {self.config.collection!r} at "
                f"{self.config.describe()}: {exc}"
            ) from exc

    def count(self) -> int:
        """How many vectors are stored."""
        try:
            return int(self._collection.count())
        except Exception as exc:  # a server that went away after opening
            raise StoreUnavailableError(
                f"cannot count vectors at {self.config.describe()}: {exc}"
            ) from exc

    def add(
        self,
        ids: Sequence[str],
        doc_ids: Sequence[str],
        vectors: np.ndarray,
        documents: Sequence[str],
    ) -> None:
        """Insert or replace vectors, in batches chroma accepts."""
        try:
            batch = max(1, int(self._client.get_max_batch_size()))
            for a in range(0, len(ids), batch):
                b = a + batch
                self._collection.upsert(
                    ids=list(ids[a:b]),
                    embeddings=vectors[a:b],
                    documents=list(documents[a:b]),
                    metadatas=[{"doc_id": d} for d in doc_ids[a:b]],
                )
        except Exception as exc:
            if _full(exc, self.config):
                raise StoreWriteError(
                    f"no space left to write vectors at {self.config.describe()}: {exc}"
                ) from exc
            raise StoreUnavailableError(
                f"cannot write vectors at {self.config.describe()}: {exc}"
            ) from exc

    def delete_docs(self, doc_ids: Sequence[str]) -> None:
        """Remove every vector of these documents."""
        # One request for many documents: a delete scans the metadata index once per call.
        for a in range(0, len(doc_ids), 500):
            chunk = list(doc_ids[a : a + 500])
            where = {"doc_id": chunk[0]} if len(chunk) == 1 else {"doc_id": {"$in": chunk}}
            self._collection.delete(where=where)

    def query(self, vector: np.ndarray, n: int, *, with_doc_ids: bool = True) -> list[VectorHit]:
        """The `n` nearest passages to one normalised vector (fewer when fewer are stored).

        No `count()` first: chroma returns what it has when asked for more (and nothing
        from an empty collection), and that call cost a round trip per question (0.7 ms
        embedded, one more HTTP request with a server). `with_doc_ids=False` skips
        fetching metadata (doc_id is then None) when the caller maps ids itself.
        """
        if n <= 0:
            return []
        include = ["distances", "metadatas"] if with_doc_ids else ["distances"]
        try:
            res = self._collection.query(
                query_embeddings=vector.reshape(1, -1), n_results=n, include=include
            )
        except Exception as exc:
            raise StoreUnavailableError(
                f"vector search failed at {self.config.describe()}: {exc}"
            ) from exc
        ids, dists = res["ids"][0], res["distances"][0]
        metas = res["metadatas"][0] if with_doc_ids else [None] * len(ids)
        return [
            VectorHit(id=i, doc_id=str(m["doc_id"]) if m else None, similarity=1.0 - float(d))
            for i, m, d in zip(ids, metas, dists, strict=True)
        ]

    def query_many(self, vectors: np.ndarray, n: int, batch: int = 256, *,
                   with_doc_ids: bool = True) -> list[list[VectorHit]]:
        """The `n` nearest passages of each vector, in batched chroma queries.

        `with_doc_ids=False` skips fetching metadata (doc_id is then None), as in `query`.
        """
        n = min(n, self.count())
        out: list[list[VectorHit]] = []
        if n <= 0:
            return [[] for _ in range(len(vectors))]
        include = ["distances", "metadatas"] if with_doc_ids else ["distances"]
        for a in range(0, len(vectors), batch):
            res = self._collection.query(
                query_embeddings=vectors[a : a + batch], n_results=n, include=include
            )
            metas = res["metadatas"] if with_doc_ids else [[None] * len(i) for i in res["ids"]]
            for ids, row_metas, dists in zip(res["ids"], metas, res["distances"], strict=True):
                out.append(
                    [
                        VectorHit(id=i, doc_id=str(m["doc_id"]) if m else None,
                                  similarity=1.0 - float(d))
                        for i, m, d in zip(ids, row_metas, dists, strict=True)
                    ]
                )
        return out
