"""Whole-corpus views as printed, kept beside the index generation they were computed from.

A new `callbot disagreements` or `callbot summary` process then prints the kept text without
loading the index. A kept view is named by its generation's content digest and by a hash
of the code (`bot`, `index`), and only read once the live generation is found to match the
corpus: a view of another corpus, generation or code version is computed again, never
served. Kept views are a cache: a failure to write one is logged and ignored.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from index.build import IndexConfig
from index.live import Live
from index.loader import fresh_live

log = logging.getLogger(__name__)

VIEWS_DIR = "views"
_ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def code_key() -> str:
    """A hash of the modules and data files of `bot` and `index` (what makes a view)."""
    digest = hashlib.sha256()
    for package in ("bot", "index"):
        for path in sorted((_ROOT / package).glob("*.*")):
            if path.suffix in (".py", ".json"):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def view_path(current: Live, name: str) -> Path:
    """Where the view `name` of this generation, by this code, is kept."""
    digest = str(current.manifest.get("digest", current.generation))[:16]
    return current.folder / VIEWS_DIR / f"{digest}-{code_key()}-{name}"


def read(current: Live, name: str) -> str | None:
    """The kept view, or None when there is none (or it cannot be read)."""
    try:
        return view_path(current, name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.info("kept view %s unreadable (%s): computing it", name, exc)
        return None


def write(current: Live, name: str, text: str) -> None:
    """Keep a view beside its generation (atomically; skipped when the folder is gone)."""
    path = view_path(current, name)
    try:
        path.parent.mkdir(exist_ok=True)  # not parents: a removed generation stays removed
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("could not keep the view %s (%s)", name, exc)


def view(config: IndexConfig, model: str, name: str,
         compute: Callable[[], tuple[str, Live | None]]) -> str:
    """The kept view when the live generation matches the corpus, else computed and kept.

    `compute` opens the index (building it when stale) and returns the view with the
    generation it was computed from.
    """
    current = fresh_live(config, model)
    if current is not None:
        text = read(current, name)
        if text is not None:
            log.debug("view %s read from %s", name, current.folder)
            return text
    text, served = compute()
    if served is not None:
        write(served, name, text)
    return text
