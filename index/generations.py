"""Local index generations: one folder each, and a pointer file naming the live one.

    <store>/generations/<id>/   manifest.json, docs/, conflicts.json, chroma/ (embedded)
    <store>/CURRENT             {"generation": "<id>"}, replaced by one atomic rename

A build writes a new generation beside the live one and switches the pointer only when it
is complete; the old generation is removed afterwards. Readers compare the pointer file's
identity (inode, mtime) between questions to notice a switch.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

GENERATIONS = "generations"
POINTER = "CURRENT"
_ID = re.compile(r"^g\d{14}-[0-9a-f]{6}$")

Stamp = tuple[int, int, int] | None


def new_id() -> str:
    """A new generation id: sortable by creation time, unique between builders."""
    return f"g{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"


def is_id(name: str) -> bool:
    """True for names `new_id` makes (nothing else is ever removed as a generation)."""
    return bool(_ID.match(name))


def folder(store: Path, generation: str) -> Path:
    """The folder of one generation."""
    return store / GENERATIONS / generation


def read_pointer(store: Path) -> str | None:
    """The live generation's id, or None when there is no (valid) pointer."""
    try:
        data = json.loads((store / POINTER).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("index pointer %s unreadable (%s)", store / POINTER, exc)
        return None
    gen = data.get("generation") if isinstance(data, dict) else None
    return gen if isinstance(gen, str) and is_id(gen) else None


def pointer_stamp(store: Path) -> Stamp:
    """The pointer file's identity; it changes with every switch (a rename)."""
    try:
        st = os.stat(store / POINTER)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def switch(store: Path, generation: str) -> None:
    """Make `generation` live: write the pointer beside it, fsync, rename over the old one."""
    fd, tmp = tempfile.mkstemp(dir=store, prefix=f".{POINTER}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"generation": generation, "switched": time.time()}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, store / POINTER)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _fsync_dir(store)
    log.info("generation %s is live at %s", generation, store)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def listed(store: Path) -> list[str]:
    """Ids of the generation folders present, oldest first."""
    root = store / GENERATIONS
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if is_id(p.name) and p.is_dir())


def remove(store: Path, generation: str) -> None:
    """Delete one generation folder (never a symlink, never anything but a generation)."""
    target = folder(store, generation)
    if is_id(generation) and target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)


def remove_others(store: Path, keep: set[str]) -> list[str]:
    """Delete every generation folder not in `keep`; returns the ids removed."""
    gone = [g for g in listed(store) if g not in keep]
    for gen in gone:
        remove(store, gen)
    if gone:
        log.info("removed generation(s) %s from %s", ", ".join(gone), store)
    return gone
