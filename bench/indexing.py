"""Indexing against its floor on a corpus of any size: `python -m bench.indexing`.

Each round encodes exactly the sentences a build encodes (raw, in one call), then runs a
full `build(rebuild=True)` into a fresh store: the figures `python -m bench` gives for the
seed corpus (`encode_sentences_per_s`, `index_sentences_per_s`, `index_over_sentences`),
here for N synthetic articles of realistic length (`bench/synth.py`) or a corpus folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.perf import alternated, bench_settings
from bench.scale import bench_embedder
from bench.synth import generate_corpus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexingResult:
    """Medians over the rounds; the ratio is the median of each round's own ratio."""

    articles: int
    sentences: int
    passages: int
    rounds: int
    encode_sentences_per_s: float
    index_sentences_per_s: float
    index_passages_per_s: float
    index_over_sentences: float


def corpus_sentences(corpus: Path) -> tuple[int, list[str]]:
    """The number of articles and every sentence a build of `corpus` encodes, in order."""
    from index.article import process
    from index.corpus import load_corpus
    from index.passages import ChunkSettings

    raws = load_corpus(corpus)
    return len(raws), [s.text for r in raws for s in process(r, ChunkSettings()).sentences]


def measure(corpus: Path, work: Path, rounds: int) -> IndexingResult:
    """Alternate a raw encode of the corpus's sentences and a full rebuild, `rounds` times."""
    from index.build import build

    articles, texts = corpus_sentences(corpus)
    embedder = bench_embedder(bench_settings(work / "index", corpus), memo=False)

    def rebuild(i: int) -> tuple[float, int]:
        """Seconds and passages of one full build into a fresh store."""
        settings = bench_settings(work / f"index-{i}", corpus, collection=f"callbot-indexing-{i}")
        t0 = time.perf_counter()
        passages = build(settings.index_config(), embedder, rebuild=True, progress=False).passages
        seconds = time.perf_counter() - t0
        shutil.rmtree(work / f"index-{i}", ignore_errors=True)
        return seconds, passages

    pairs = alternated(embedder, texts, rebuild, rounds)
    floors = [seconds for seconds, _ in pairs]
    builds = [seconds for _, (seconds, _) in pairs]
    passages = pairs[-1][1][1]
    n = len(texts)
    return IndexingResult(
        articles=articles, sentences=n, passages=passages, rounds=rounds,
        encode_sentences_per_s=n / statistics.median(floors),
        index_sentences_per_s=n / statistics.median(builds),
        index_passages_per_s=passages / statistics.median(builds),
        index_over_sentences=statistics.median(f / b for f, b in zip(floors, builds, strict=True)),
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.indexing", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--seed", type=int, default=1803, help="generator seed")
    parser.add_argument("--corpus", type=Path, help="index this corpus folder instead")
    parser.add_argument("--rounds", type=int, default=1, help="encode + rebuild pairs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="callbot-bench-indexing-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            generate_corpus(None, corpus, seed=args.seed, articles=args.articles)
        result = measure(corpus, work, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(result).items()}
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
