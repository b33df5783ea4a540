"""`python -m bench.encoders`: the ONNX encoder against torch on every labelled corpus.

Prints the lowest cosine between the two encoders' vectors of every sentence the build
encodes, both encoders' sentences/s (measured interleaved, median of repeats) and, with
`--quality`, the `bench.quality` figures with indexes built and questions encoded on ONNX.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.perf import timed
from bench.sets import LabelledSet, discover, store_for
from index.article import process
from index.corpus import load_corpus
from index.embed import SentenceTransformerEmbedder
from index.passages import ChunkSettings
from index.storedir import prepare_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncoderComparison:
    """Agreement and speed of the ONNX and torch encoders on the same sentences."""

    sentences: int
    min_cosine: float
    torch_per_s: float
    onnx_per_s: float


def corpus_sentences(sets: list[LabelledSet]) -> list[str]:
    """Every sentence the build encodes, over the distinct corpora of these sets."""
    corpora = {str(s.corpus.resolve()): s.corpus for s in sets}
    return [x.text for c in corpora.values() for r in load_corpus(c)
            for x in process(r, ChunkSettings()).sentences]


def compare(texts: list[str], onnx: SentenceTransformerEmbedder,
            torch: SentenceTransformerEmbedder, repeats: int) -> EncoderComparison:
    """Cosines row by row, then sentences/s of each encoder, interleaved."""
    cosines = np.sum(onnx.encode(texts) * torch.encode(texts), axis=1)
    t_torch, t_onnx = [], []
    for _ in range(repeats):
        t_torch.append(timed(lambda: torch.encode(texts)))
        t_onnx.append(timed(lambda: onnx.encode(texts)))
    return EncoderComparison(len(texts), float(cosines.min()),
                             len(texts) / statistics.median(t_torch),
                             len(texts) / statistics.median(t_onnx))


def onnx_quality(sets: list[LabelledSet], embedder: SentenceTransformerEmbedder,
                 work: Path, modes: list[str]) -> dict:
    """`bench.quality` with every index rebuilt from scratch on the ONNX encoder."""
    from bench.quality import run
    from bot.engine import Engine
    from bot.settings import Settings

    settings = Settings.from_env(dotenv=False)
    engines = {}
    for s in sets:
        engines[s.name] = Engine.open(settings, corpus=s.corpus, store=store_for(s, work),
                                      embedder=embedder, progress=False)
    return run(sets, engines, modes, "all", verbose=False)


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quality", action="store_true", help="also run bench.quality on ONNX")
    parser.add_argument("--mode", action="append", help="bench.quality modes (default fused)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    sets = discover()
    with tempfile.TemporaryDirectory(prefix="callbot-encoders-") as tmp:
        store = Path(tmp) / "encoder-store"
        prepare_store(store)
        onnx = SentenceTransformerEmbedder(store=store)
        torch = SentenceTransformerEmbedder()
        result = compare(corpus_sentences(sets), onnx, torch, args.repeats)
        print(f"{result.sentences} sentences: min cosine {result.min_cosine:.6f}; "
              f"torch {result.torch_per_s:.0f}/s, onnx {result.onnx_per_s:.0f}/s "
              f"({result.onnx_per_s / result.torch_per_s:.2f}x), encoder {onnx.backend}")
        if args.quality:
            onnx_quality(sets, onnx, Path(tmp) / "work", args.mode or ["fused"])


if __name__ == "__main__":
    main()
