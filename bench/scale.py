"""Scale benchmark: a synthetic corpus of N passages (or N articles) through the real build()
and answer path.

The corpus is made by recombining whole sentences of every labelled corpus on disk
(`bench.synth`, seeded, so the same N and seed give the same files), written as a real corpus
folder (`articles/*.txt` + `sources.toml`) and indexed by `index.build.build`, exactly as
`callbot index --rebuild` does. Reported: index time, store size on disk, peak RSS, the time
to open the index (what a new process pays), answer latency (engine.ask + render_answer over
the dev questions), and the whole-corpus views (`bench.views`: summary, disagreements), warm
and each in a new CLI process.

Limitation: recombined sentences reuse the real articles' vocabulary, so the vocabulary does
not grow with N as it would with new articles; vocabulary-sized work is measured apart
(`vocabulary_probe`).
"""

from __future__ import annotations

import logging
import random
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.synth import expected_passages, generate_corpus

log = logging.getLogger(__name__)

__all__ = ["expected_passages", "generate_corpus", "run", "format_table", "ScaleResult"]


@dataclass
class ScaleResult:
    """Figures for one corpus size."""

    target_passages: int
    articles: int
    passages: int
    sentences: int
    generate_s: float
    index_s: float
    index_passages_per_s: float
    store_mb: float
    peak_rss_build_mb: float
    open_s: float
    peak_rss_mb: float
    ask_p50_ms: float
    ask_p95_ms: float
    floor_p50_ms: float
    mode: str = "embedded"
    encode: str = "model"
    target_articles: int = 0
    views: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready, rounded."""
        out = {k: round(v, 3) if isinstance(v, float) else v
               for k, v in self.__dict__.items() if k != "views"}
        return out | self.views


def folder_mb(path: Path) -> float:
    """Size of every file under `path`, in MiB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MemoEmbedder:
    """Encodes each distinct text once, leaving every other cost of build() measured."""

    # The synthetic corpus repeats a few hundred sentences, so the model's share of a
    # 100k-passage build is known from the rate at 1k/10k and need not be paid again.

    def __init__(self, inner) -> None:
        self.inner = inner
        self._memo: dict[str, np.ndarray] = {}
        self.requested = 0  # texts asked for, as a build without the memo would encode
        self.encode_s = 0.0  # time in the model, for the distinct texts only

    @property
    def name(self) -> str:
        """Same model name as the wrapped embedder (the manifest must match)."""
        return self.inner.name

    def load(self) -> None:
        """Load the wrapped model."""
        self.inner.load()

    def encode(self, texts: Sequence[str], *, batch_size: int = 16,
               progress: bool = False) -> np.ndarray:
        """Vectors of `texts`, encoding only the ones not seen before."""
        self.requested += len(texts)
        new = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if new:
            t0 = time.perf_counter()
            vectors = self.inner.encode(new, batch_size=batch_size)
            self.encode_s += time.perf_counter() - t0
            for t, v in zip(new, vectors, strict=True):
                self._memo[t] = v
        if not texts:
            return self.inner.encode([])
        return np.stack([self._memo[t] for t in texts])


def vocabulary_probe(sizes: Sequence[int] = (3_000, 30_000, 300_000), seed: int = 7) -> dict:
    """ms per unknown capitalised word: full vocabulary scan vs `CorpusIndex.words_like`."""
    from bot.coverage import close_spelling
    from index.search import CorpusIndex

    class _Vocabulary:
        words_like = CorpusIndex.words_like

        def __init__(self, word_df: dict[str, int]) -> None:
            self.word_df, self._by_initial = word_df, None

    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = ["lindqvist", "oyelaran", "marchetti", "tavares", "kowalczyk"]
    out = {}
    for size in sizes:
        vocab = {"".join(rng.choice(letters) for _ in range(rng.randint(4, 12))): 1
                 for _ in range(size)}
        index = _Vocabulary(vocab)
        index.words_like("a")  # build the buckets once, as an index does on first use
        t0 = time.perf_counter()
        for w in names:  # a full scan: copy, filter, then fuzzy match
            same = [v for v in list(vocab) if v[:1] == w[:1] and abs(len(v) - len(w)) <= 3]
            close_spelling(w, same)
        scan = (time.perf_counter() - t0) / len(names) * 1e3
        t0 = time.perf_counter()
        for w in names:
            close_spelling(w, index.words_like(w))
        out[size] = {"scan_ms": round(scan, 2),
                     "bucketed_ms": round((time.perf_counter() - t0) / len(names) * 1e3, 2)}
    return out


@dataclass(frozen=True)
class ScalePlan:
    """What to generate and how to measure it."""

    target: int | None = None  # passages
    articles: int | None = None  # or exactly this many articles
    seed: int = 1803
    quick: bool = False
    memo: bool = False
    reuse: bool = False  # with `keep`: open the corpus and index left there, no build


def bench_embedder(settings, memo: bool):
    """The ONNX encoder the app uses (export shared under data/bench), memoised or not."""
    from bench.sets import WORK
    from index.embed import SentenceTransformerEmbedder

    inner = SentenceTransformerEmbedder(settings.embedding_model, store=settings.store,
                                        encoder_dir=settings.encoder_dir or WORK / "encoder")
    return MemoEmbedder(inner) if memo else inner


def _latency(engine, questions: Sequence[str], rounds: int) -> tuple[list[float], list[float]]:
    from bench.perf import ask_once, floor_once

    asks: list[float] = []
    floors: list[float] = []
    for r in range(rounds + 1):
        for q in questions:
            f = floor_once(engine, q, 30)
            a = ask_once(engine, q)
            if r:  # round 0 warms up
                floors.append(f)
                asks.append(a)
    return asks, floors


def _build(plan: ScalePlan, corpus: Path, settings, embedder, bars: bool,
           progress: Callable[[str], None]) -> dict:
    from index.build import build

    figures: dict = {"generate_s": 0.0, "index_s": 0.0, "passages": 0, "articles": 0}
    if plan.reuse and (corpus / "sources.toml").exists():
        progress(f"reusing {corpus}")
        return figures
    shutil.rmtree(corpus, ignore_errors=True)
    unit = "articles" if plan.articles else "passages"
    progress(f"generating {plan.articles or plan.target} {unit}")
    t0 = time.perf_counter()
    figures["articles"], _ = generate_corpus(plan.target, corpus, seed=plan.seed,
                                             articles=plan.articles)
    figures["generate_s"] = time.perf_counter() - t0
    embedder.load()
    progress(f"indexing {figures['articles']} articles")
    t0 = time.perf_counter()
    report = build(settings.index_config(), embedder, rebuild=True, progress=bars)
    figures["index_s"] = time.perf_counter() - t0
    figures["passages"] = report.passages
    return figures


def _memo_figures(embedder, index_s: float) -> dict:
    """What the memo left out, and the build time with every text encoded (extrapolated)."""
    if not isinstance(embedder, MemoEmbedder) or not embedder.encode_s:
        return {}
    encoded = len(embedder._memo)
    rate = encoded / embedder.encode_s
    real = index_s - embedder.encode_s + embedder.requested / rate
    return {"memo_texts_requested": embedder.requested, "memo_texts_encoded": encoded,
            "memo_encode_s": round(embedder.encode_s, 3),
            "memo_encode_texts_per_s": round(rate, 1), "index_s_unmemoised_est": round(real, 1)}


def run(
    plan: ScalePlan,
    questions: Sequence[str],
    *,
    host: str | None = None,
    port: int = 8000,
    keep: Path | None = None,
    bars: bool = False,
    progress: Callable[[str], None] = lambda msg: None,
) -> ScaleResult:
    """Generate, index, open and query a synthetic corpus; time the whole-corpus views."""
    from bench.perf import _quiet_logs, bench_settings, percentile
    from bench.views import new_process_times, time_views
    from bot.engine import Engine

    _quiet_logs()
    size = plan.articles or plan.target
    root = keep or Path(tempfile.mkdtemp(prefix=f"callbot-scale-{size}-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        corpus, store = root / "corpus", root / "index"
        settings = bench_settings(store, corpus, host, port, collection=f"callbot-scale-{size}")
        embedder = bench_embedder(settings, plan.memo)
        built = _build(plan, corpus, settings, embedder, bars, progress)
        rss_build = peak_rss_mb()
        store_mb = folder_mb(store)
        progress("opening the index")
        t0 = time.perf_counter()
        # Questions are always encoded by the model: the memo only stands in for indexing.
        real = embedder.inner if isinstance(embedder, MemoEmbedder) else embedder
        engine = Engine.open(settings, embedder=real, progress=False)
        real.load()
        open_s = time.perf_counter() - t0
        asks, floors = _latency(engine, questions, 1 if plan.quick else 3)
        progress("summary and disagreements (warm)")
        views = time_views(engine).as_dict() | _memo_figures(embedder, built["index_s"])
        progress("summary, disagreements and sources (each in a new process)")
        views |= new_process_times(settings)
        passages = len(engine.index.passages)
        if host:
            from index.build import drop_index

            drop_index(settings.index_config())
        return ScaleResult(
            target_passages=plan.target or 0,
            articles=len(engine.index.articles),
            passages=passages,
            sentences=len(engine.index.sentences),
            generate_s=built["generate_s"],
            index_s=built["index_s"],
            index_passages_per_s=passages / built["index_s"] if built["index_s"] else 0.0,
            store_mb=store_mb,
            peak_rss_build_mb=rss_build,
            open_s=open_s,
            peak_rss_mb=peak_rss_mb(),
            ask_p50_ms=percentile(asks, 50) * 1e3,
            ask_p95_ms=percentile(asks, 95) * 1e3,
            floor_p50_ms=percentile(floors, 50) * 1e3,
            mode="server" if host else "embedded",
            encode="memoized" if plan.memo else "model",
            target_articles=plan.articles or 0,
            views=views,
        )
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def format_table(results: Sequence[ScaleResult]) -> str:
    """One row per corpus size."""
    head = ("passages", "articles", "index s", "pass/s", "store MB", "peak RSS MB",
            "open s", "ask p50 ms", "ask p95 ms", "floor p50 ms")
    rows = [
        (f"{r.passages}", f"{r.articles}", f"{r.index_s:.1f}", f"{r.index_passages_per_s:.0f}",
         f"{r.store_mb:.1f}", f"{r.peak_rss_mb:.0f}", f"{r.open_s:.2f}",
         f"{r.ask_p50_ms:.1f}", f"{r.ask_p95_ms:.1f}", f"{r.floor_p50_ms:.1f}")
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)

