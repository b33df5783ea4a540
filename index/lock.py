"""An exclusive lock on a store folder, so two processes never build in it at once."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

LOCK_FILE = ".lock"


@contextlib.contextmanager
def index_lock(store: Path) -> Iterator[None]:
    """Hold `<store>/.lock` exclusively; waits while another process builds.

    An OS lock (flock): a builder that is killed releases it with its process.
    """
    lock = FileLock(store / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.info("another process is building the index at %s: waiting", store)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
