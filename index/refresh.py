"""Refresh a running `LiveIndex` from its corpus folder, and say what changed."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from index.build import build
from index.watch import LiveIndex

log = logging.getLogger(__name__)

Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh changed: article ids by kind, and passages before and after."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    reattributed: tuple[str, ...]
    passages_before: int
    passages: int
    generation: str

    @property
    def changed_anything(self) -> bool:
        """True when any article was added, changed, removed or re-attributed."""
        return bool(self.added or self.changed or self.removed or self.reattributed)

    def summary(self) -> str:
        """One line for a log or a reply."""
        if not self.changed_anything:
            return f"index already up to date: {self.passages} passages"
        return (
            f"index refreshed: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.reattributed)} re-attributed; "
            f"passages {self.passages_before} → {self.passages}"
        )


def corpus_stamp(corpus: Path) -> Stamp:
    """Name, size and mtime of every corpus file: changes whenever an article or entry does."""
    paths = sorted((corpus / "articles").glob("*.txt")) + [corpus / "sources.toml"]
    stamp = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:  # removed between the listing and the stat, or no manifest
            continue
        stamp.append((path.name, st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def _docs(live: LiveIndex) -> dict[str, dict]:
    return dict(live.live.manifest["docs"])


def _passages(docs: dict[str, dict]) -> int:
    return sum(entry["passages"] for entry in docs.values())


def diff(before: dict[str, dict], after: dict[str, dict], generation: str) -> RefreshReport:
    """Compare two generations' manifest entries article by article."""
    both = sorted(set(before) & set(after))
    return RefreshReport(
        added=tuple(sorted(set(after) - set(before))),
        changed=tuple(d for d in both if before[d]["sha256"] != after[d]["sha256"]),
        removed=tuple(sorted(set(before) - set(after))),
        reattributed=tuple(d for d in both if before[d]["sha256"] == after[d]["sha256"]
                           and before[d]["meta"] != after[d]["meta"]),
        passages_before=_passages(before),
        passages=_passages(after),
        generation=generation,
    )


class Refresher:
    """Runs one refresh at a time; questions keep being answered from the old generation."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live
        self._lock = threading.Lock()

    def refresh(self) -> RefreshReport:
        """Build from the corpus (only changed articles embedded), switch, report the change.

        Raises the build's error (a broken corpus, a store that cannot be written) with the
        live generation untouched.
        """
        with self._lock:
            before = _docs(self.live)
            build(self.live.config, self.live.embedder, progress=False)
            self.live.switch_now()
            report = diff(before, _docs(self.live), self.live.live.generation)
        log.info(report.summary())
        return report
