"""Warm timings of the whole-corpus views: `summary` (overall, per topic, per article) and
`disagreements`, each on an engine whose index is open and model loaded.

"Warm" means exactly that: nothing of the view itself is computed before the clock starts,
except what `Engine.open` does for every process (see `bot.summary.precompute`). Each view
is timed on its first call in the process, then the same call once more (`*_again_s`).
Topics are not chosen by hand: they are the most frequent capitalised words that do not
open a sentence (names, mostly), counted in the loaded index at run time.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

_NAME = re.compile(r"(?<=\s)[A-Z][a-z]{3,}")


@dataclass(frozen=True)
class ViewTimes:
    """Seconds per view (first call in the process) and the repeat of the overall summary."""

    disagreements_s: float
    disagreement_groups: int
    summary_s: float
    summary_again_s: float
    summary_topic_s: tuple[float, ...]
    summary_source_s: float

    def as_dict(self) -> dict:
        """JSON-ready, rounded."""
        return {
            "disagreements_s": round(self.disagreements_s, 3),
            "disagreement_groups": self.disagreement_groups,
            "summary_s": round(self.summary_s, 3),
            "summary_again_s": round(self.summary_again_s, 3),
            "summary_topic_s": [round(t, 3) for t in self.summary_topic_s],
            "summary_topic_max_s": round(max(self.summary_topic_s, default=0.0), 3),
            "summary_source_s": round(self.summary_source_s, 3),
        }


def frequent_names(sentences, k: int = 3) -> list[str]:
    """The `k` most frequent capitalised words found after a sentence's first word."""
    counts = Counter(w for s in sentences for w in _NAME.findall(s.text))
    return [w for w, _ in counts.most_common(k)]


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = call()
    return time.perf_counter() - t0, out


def time_views(engine, topics: list[str] | None = None) -> ViewTimes:
    """Time `disagreements` and the summaries as the CLI runs them (render included)."""
    from bot.render import render_disagreements, render_summary

    index = engine.index
    topics = topics if topics is not None else frequent_names(index.sentences)
    t0 = time.perf_counter()
    found = engine.disagreements()
    render_disagreements(found)
    dis_s = time.perf_counter() - t0
    summary_s, _ = _timed(lambda: render_summary(engine.summary()))
    again_s, _ = _timed(lambda: render_summary(engine.summary()))
    topic_s = tuple(_timed(lambda t=t: render_summary(engine.summary(topic=t)))[0]
                    for t in topics)
    first = next(iter(index.articles))
    source_s, _ = _timed(lambda: render_summary(engine.summary(source=first)))
    log.info("views: topics %s", topics)
    return ViewTimes(dis_s, len(found), summary_s, again_s, topic_s, source_s)
