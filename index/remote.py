"""Generations on a chroma server: the live pointer and the build lock live on the server.

    <base>-g<…>   one collection per generation
    <base>-meta   one record, "live": which generation collection serves, and its digest
    <base>-lock   exists while an instance builds (created atomically: a second create fails)

The lock carries a heartbeat; a lock not beaten for LOCK_TTL seconds (its builder was
killed) is broken by the next builder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from index.errors import StoreUnavailableError

log = logging.getLogger(__name__)

LOCK_TTL = 30.0
HEARTBEAT = 5.0
POLL = 0.5
_LIVE = "live"


@dataclass(frozen=True)
class ServerPointer:
    """The live generation on the server."""

    generation: str
    collection: str
    digest: str


def _unavailable(what: str, where: str, exc: Exception) -> StoreUnavailableError:
    return StoreUnavailableError(f"cannot {what} at {where}: {exc}")


class ServerMeta:
    """The pointer and the lock of one base collection name on one chroma server."""

    def __init__(self, client: Any, base: str, where: str) -> None:
        self.client = client
        self.base = base
        self.where = where
        self._meta: Any = None

    def _meta_collection(self) -> Any:
        if self._meta is None:
            self._meta = self.client.get_or_create_collection(
                f"{self.base}-meta", embedding_function=None
            )
        return self._meta

    def pointer(self) -> ServerPointer | None:
        """The live generation, or None when none was ever switched to."""
        try:
            got = self._meta_collection().get(ids=[_LIVE], include=["metadatas"])
        except Exception as exc:
            self._meta = None  # the meta collection may have been recreated
            raise _unavailable("read the index pointer", self.where, exc) from exc
        if not got["ids"]:
            return None
        m = got["metadatas"][0] or {}
        try:
            return ServerPointer(str(m["generation"]), str(m["collection"]), str(m["digest"]))
        except KeyError:
            log.warning("index pointer on %s is malformed: ignoring it", self.where)
            return None

    def set_pointer(self, pointer: ServerPointer) -> None:
        """Switch the live generation (one upsert: every instance sees old or new)."""
        try:
            self._meta_collection().upsert(
                ids=[_LIVE],
                embeddings=[[1.0]],
                metadatas=[{"generation": pointer.generation, "collection": pointer.collection,
                            "digest": pointer.digest, "switched": time.time()}],
            )
        except Exception as exc:
            raise _unavailable("switch the index pointer", self.where, exc) from exc
        log.info("generation %s is live on %s", pointer.generation, self.where)

    def generation_collections(self) -> list[str]:
        """Names of every generation collection of this base name."""
        try:
            names = [getattr(c, "name", c) for c in self.client.list_collections()]
        except Exception as exc:
            raise _unavailable("list collections", self.where, exc) from exc
        prefix = f"{self.base}-g"
        return sorted(n for n in names if n.startswith(prefix))

    def drop_others(self, keep: set[str]) -> list[str]:
        """Delete generation collections not in `keep`; returns the names dropped."""
        gone = [n for n in self.generation_collections() if n not in keep]
        for name in gone:
            with contextlib.suppress(Exception):  # gone already
                self.client.delete_collection(name)
        if gone:
            log.info("dropped generation collection(s) %s on %s", ", ".join(gone), self.where)
        return gone

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the server's build lock for this base name (waits, breaks a stale one)."""
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        name = f"{self.base}-lock"
        waited = False
        while not self._try_lock(name, owner):
            if not waited:
                log.info("another instance is building on %s: waiting", self.where)
                waited = True
            time.sleep(POLL)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(name, owner, stop), daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()
            with contextlib.suppress(Exception):
                self.client.delete_collection(name)

    def _try_lock(self, name: str, owner: str) -> bool:
        try:
            self.client.create_collection(
                name, metadata={"owner": owner, "beat": time.time()}, embedding_function=None
            )
            return True
        except Exception as exc:
            if "exist" not in str(exc).lower():
                raise _unavailable("take the build lock", self.where, exc) from exc
        self._break_if_stale(name)
        return False

    def _break_if_stale(self, name: str) -> None:
        try:
            meta = self.client.get_collection(name, embedding_function=None).metadata or {}
        except Exception:
            return  # released meanwhile
        if time.time() - float(meta.get("beat", 0)) > LOCK_TTL:
            log.warning("breaking the stale build lock of %s on %s", meta.get("owner"), self.where)
            with contextlib.suppress(Exception):
                self.client.delete_collection(name)

    def _beat(self, name: str, owner: str, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT):
            try:
                col = self.client.get_collection(name, embedding_function=None)
                col.modify(metadata={"owner": owner, "beat": time.time()})
            except Exception as exc:  # the build notices the server itself
                log.warning("could not renew the build lock on %s: %s", self.where, exc)
