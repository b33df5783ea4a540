"""Scale benchmark: a synthetic corpus of N passages through the real build() and answer path.

The corpus is made by recombining whole sentences of the real articles (seeded, so the same N
and seed give the same files), written as a real corpus folder (`articles/*.txt` +
`sources.toml`) and indexed by `index.build.build`, exactly as `callbot index --rebuild` does.
Reported: index time, store size on disk, peak RSS, the time to open the index (what a new
process pays), and answer latency (engine.ask + render_answer over the dev questions).

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
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

PASSAGES_PER_ARTICLE = (10, 30)  # like the real articles (18 passages on average)
_ENDINGS = (".", "!", "\u201d", '"')


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

    def as_dict(self) -> dict:
        """JSON-ready, rounded."""
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def sentence_pool(corpus: Path) -> list[str]:
    """Quotable sentences of the real articles (clean text), in corpus order."""
    from index.article import process
    from index.corpus import load_corpus
    from index.passages import ChunkSettings

    pool: list[str] = []
    for raw in load_corpus(corpus):
        article = process(raw, ChunkSettings())
        pool += [s.text for s in article.sentences if s.quotable and s.text.endswith(_ENDINGS)]
    if not pool:
        raise ValueError(f"{corpus}: no quotable sentences to recombine")
    return pool


def expected_passages(sentences: int, per: int = 3, overlap: int = 1) -> int:
    """Passages `make_passages` makes from one section of this many sentences."""
    if sentences <= 0:
        return 0
    return len(range(0, max(sentences - overlap, 1), per - overlap))


def generate_corpus(
    target: int, out: Path, *, seed: int = 1803, corpus: Path | None = None
) -> tuple[int, int]:
    """Write about `target` passages of recombined sentences to `out`; (articles, passages)."""
    pool = sentence_pool(corpus or PROJECT_ROOT / "corpus")
    rng = random.Random(seed)
    articles_dir = out / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    toml = ["# Synthetic corpus: sentences of the real articles, recombined (bench/scale.py).\n"]
    made = n = 0
    while made < target:
        want = min(rng.randint(*PASSAGES_PER_ARTICLE), target - made)
        count = 2 * want + 1 if want > 1 else 2
        picked = [rng.choice(pool) for _ in range(count)]
        paragraphs, i = [], 0
        while i < len(picked):
            size = rng.randint(2, 5)
            paragraphs.append(" ".join(picked[i : i + size]))
            i += size
        name = f"{n:06d}_synthetic.txt"
        title = f"Synthetic report {n} on the Trump Putin call"
        (articles_dir / name).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
        published = date(2025, 3, 18) + timedelta(days=n % 7)
        toml.append(
            f'[[article]]\nfile = "{name}"\noutlet = "Synthetic Wire {n % 40:02d}"\n'
            f'title = "{title}"\npublished = {published.isoformat()}\n\n'
        )
        made += expected_passages(count)
        n += 1
    (out / "sources.toml").write_text("".join(toml), "utf-8")
    return n, made


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
        new = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if new:
            for t, v in zip(new, self.inner.encode(new, batch_size=batch_size), strict=True):
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
    names = ["macron", "erdogan", "zelenskyy", "kursk", "dmitriev"]
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


def run(
    target: int,
    questions: Sequence[str],
    *,
    host: str | None = None,
    port: int = 8000,
    seed: int = 1803,
    keep: Path | None = None,
    quick: bool = False,
    bars: bool = False,
    memo: bool = False,
    progress: Callable[[str], None] = lambda msg: None,
) -> ScaleResult:
    """Generate, index, open and query a synthetic corpus of about `target` passages."""
    from bench.perf import _quiet_logs, ask_once, bench_settings, floor_once, percentile
    from bot.engine import Engine
    from index.build import build
    from index.embed import SentenceTransformerEmbedder

    _quiet_logs()
    root = keep or Path(tempfile.mkdtemp(prefix=f"callbot-scale-{target}-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        corpus, store = root / "corpus", root / "index"
        shutil.rmtree(corpus, ignore_errors=True)
        progress(f"generating ~{target} passages in {corpus}")
        t0 = time.perf_counter()
        n_articles, _ = generate_corpus(target, corpus, seed=seed)
        generate_s = time.perf_counter() - t0
        settings = bench_settings(store, corpus, host, port, collection=f"callbot-scale-{target}")
        embedder = SentenceTransformerEmbedder(settings.embedding_model)
        if memo:
            embedder = MemoEmbedder(embedder)
        embedder.load()
        progress(f"indexing {n_articles} articles")
        t0 = time.perf_counter()
        report = build(settings.index_config(), embedder, rebuild=True, progress=bars)
        index_s = time.perf_counter() - t0
        rss_build = peak_rss_mb()
        store_mb = folder_mb(store)
        progress(f"opening the index ({report.passages} passages)")
        t0 = time.perf_counter()
        # Questions are always encoded by the model: the memo only stands in for indexing.
        real = embedder.inner if isinstance(embedder, MemoEmbedder) else embedder
        engine = Engine.open(settings, embedder=real, progress=False)
        open_s = time.perf_counter() - t0
        rounds = 1 if quick else 3
        asks: list[float] = []
        floors: list[float] = []
        for r in range(rounds + 1):
            for q in questions:
                f = floor_once(engine, q, 30)
                a = ask_once(engine, q)
                if r:  # round 0 warms up
                    floors.append(f)
                    asks.append(a)
        if host:
            from index.build import drop_index

            drop_index(settings.index_config())
        return ScaleResult(
            target_passages=target,
            articles=n_articles,
            passages=report.passages,
            sentences=len(engine.index.sentences),
            generate_s=generate_s,
            index_s=index_s,
            index_passages_per_s=report.passages / index_s,
            store_mb=store_mb,
            peak_rss_build_mb=rss_build,
            open_s=open_s,
            peak_rss_mb=peak_rss_mb(),
            ask_p50_ms=percentile(asks, 50) * 1e3,
            ask_p95_ms=percentile(asks, 95) * 1e3,
            floor_p50_ms=percentile(floors, 50) * 1e3,
            mode="server" if host else "embedded",
            encode="memoized" if memo else "model",
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

