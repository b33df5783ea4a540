"""Warm timings of the whole-corpus views: `summary` (overall, per topic, per article) and
`disagreements`, each on an engine whose index is open and model loaded.

"Warm" is the running bot's state: `Engine.open`, then `Engine.warm_up` as the Discord bot
calls it, whose background precompute of the overall summary and the disagreement listing
is waited for. Those two are also timed computed from scratch on the same warm index
(`*_compute_s`: what the precompute, or a new `callbot summary` process after opening,
pays). Topic and article summaries are never precomputed: timed on their first call.
Topics are not chosen by hand: they are the most frequent capitalised words that do not
open a sentence (names, mostly), counted in the loaded index at run time.

`new_process_times` times what a CLI user waits for: a new `python -m bot <view> --json`
process, from spawning it to its exit (imports, opening the index, the view itself).
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
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
    disagreements_compute_s: float
    summary_s: float
    summary_compute_s: float
    precompute_wait_s: float
    summary_topic_s: tuple[float, ...]
    summary_source_s: float

    def as_dict(self) -> dict:
        """JSON-ready, rounded."""
        return {
            "disagreements_s": round(self.disagreements_s, 3),
            "disagreement_groups": self.disagreement_groups,
            "disagreements_compute_s": round(self.disagreements_compute_s, 3),
            "summary_s": round(self.summary_s, 3),
            "summary_compute_s": round(self.summary_compute_s, 3),
            "precompute_wait_s": round(self.precompute_wait_s, 3),
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


def compute_times(engine) -> tuple[float, float]:
    """Seconds to compute the overall summary and the listing from scratch (no cache)."""
    from bot.disagreements import grouped
    from bot.render import render_disagreements, render_summary
    from bot.summary import SummarySettings, _overall

    index = engine.index
    summary_s, _ = _timed(lambda: render_summary(
        _overall(index, engine.disagreements_among, SummarySettings())))
    listing_s, _ = _timed(lambda: render_disagreements(grouped(index, index.conflicts)))
    return summary_s, listing_s


def time_views(engine, topics: list[str] | None = None) -> ViewTimes:
    """Time `disagreements` and the summaries as the CLI renders them, on a warm engine."""
    from bot.render import render_disagreements, render_summary

    index = engine.index
    topics = topics if topics is not None else frequent_names(index.sentences)
    summary_compute_s, listing_compute_s = compute_times(engine)
    t0 = time.perf_counter()
    engine.warm_up()
    engine.precomputing.join()
    wait_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = engine.disagreements()
    render_disagreements(found)
    dis_s = time.perf_counter() - t0
    summary_s, _ = _timed(lambda: render_summary(engine.summary()))
    topic_s = tuple(_timed(lambda t=t: render_summary(engine.summary(topic=t)))[0]
                    for t in topics)
    first = next(iter(index.articles))
    source_s, _ = _timed(lambda: render_summary(engine.summary(source=first)))
    log.info("views: topics %s", topics)
    return ViewTimes(dis_s, len(found), listing_compute_s, summary_s, summary_compute_s,
                     wait_s, topic_s, source_s)


NEW_PROCESS_VIEWS = {
    "disagreements": ("disagreements", "--json"),
    "summary": ("summary", "--json"),
    "sources": ("sources", "--json"),
}


def new_process_s(command: tuple[str, ...], env: dict[str, str], cwd) -> float:
    """Seconds from spawning `python -m bot -q <command>` to its successful exit."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bot", "-q", *command], capture_output=True,
                          text=True, env=env, cwd=cwd, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}): "
                           f"{proc.stderr[-2000:]}")
    return elapsed


def new_process_times(settings) -> dict[str, float]:
    """`new_process_<view>_s`: a new CLI process per view, on the settings' index."""
    from bench.perf import _cli_env
    from bot.settings import PROJECT_ROOT

    env = _cli_env(settings)
    return {f"new_process_{name}_s": round(new_process_s(cmd, env, PROJECT_ROOT), 3)
            for name, cmd in NEW_PROCESS_VIEWS.items()}
