"""The store folder: ours only when it carries our marker; checked before anything is written.

A store is refused when it is a file, or a non-empty folder without the marker (it may be
someone's project folder). The index layout of earlier versions (manifest.json, docs/,
chroma/ and nothing else) is recognised and adopted, so upgrading does not refuse it.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from index.errors import StoreWriteError, UnsafeStoreError

log = logging.getLogger(__name__)

MARKER = ".callbot-store"
# Everything an index folder of earlier versions could hold (adopted, then cleaned up).
LEGACY = frozenset({"manifest.json", "docs", "chroma", "conflicts.json", ".lock"})
MIN_FREE_BYTES = 20 * 2**20  # room a build needs beyond its estimate (chroma's sqlite, wal)
BYTES_PER_CORPUS_BYTE = 60  # measured: ~40 B of index per byte of article text (seed corpus)
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def is_legacy(path: Path) -> bool:
    """True for a folder laid out by an earlier version (and holding nothing else)."""
    try:
        names = {p.name for p in path.iterdir()}
    except OSError:
        return False
    return "manifest.json" in names and names <= LEGACY


def check_store(path: Path) -> None:
    """Refuse a store that is a file or a foreign non-empty folder; writes nothing."""
    if not str(path).strip():
        raise UnsafeStoreError("the store folder is empty (''); give a folder for the index")
    if path.exists() and not path.is_dir():
        raise UnsafeStoreError(f"the store {path} is a file, not a folder")
    if not path.is_dir():
        return
    try:  # one listing decides: a marker written meanwhile by another builder counts
        names = {p.name for p in path.iterdir()}
    except OSError as exc:
        raise UnsafeStoreError(f"the store folder {path} cannot be read: {exc}") from exc
    if names and MARKER not in names and not is_legacy(path):
        raise UnsafeStoreError(
            f"the store {path} is not empty and is not a callbot index (no {MARKER} file); "
            "callbot only writes in folders it created: give a new or empty folder"
        )


def prepare_store(path: Path) -> None:
    """Create the store folder when needed and mark it as ours (for builds)."""
    check_store(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        marker = path / MARKER
        if not marker.is_file():
            marker.write_text(json.dumps({"callbot": "index store", "version": 1}), "utf-8")
    except OSError as exc:
        raise write_error(exc, path) from exc


def write_error(exc: OSError, path: Path) -> StoreWriteError:
    """A StoreWriteError with a message that names the cause (full, read-only, permission)."""
    if exc.errno in _NO_ROOM:
        return StoreWriteError(f"no space left to write the index at {path}: free some space")
    if exc.errno in _READ_ONLY:
        return StoreWriteError(f"the index at {path} cannot be written (read-only): {exc}")
    return StoreWriteError(f"cannot write the index at {path}: {exc}")


def needed_bytes(corpus_bytes: int) -> int:
    """Free space a build of a corpus of this many bytes needs."""
    return MIN_FREE_BYTES + BYTES_PER_CORPUS_BYTE * corpus_bytes


def ensure_room(path: Path, needed: int) -> None:
    """Check the store can be written and has `needed` bytes free, before any change."""
    try:
        fd, probe = tempfile.mkstemp(dir=path, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
        free = shutil.disk_usage(path).free
    except OSError as exc:
        raise write_error(exc, path) from exc
    if free < needed:
        raise StoreWriteError(
            f"not enough space to build the index at {path}: {free // 2**20} MiB free, "
            f"about {needed // 2**20 + 1} MiB needed"
        )


def remove_legacy(path: Path) -> None:
    """Remove the files of an earlier version's layout (only the names it used)."""
    for name in LEGACY - {".lock"}:
        target = path / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        elif target.is_file():
            target.unlink(missing_ok=True)
    log.info("removed the index layout of an earlier version from %s", path)
