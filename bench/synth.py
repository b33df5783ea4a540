"""Synthetic benchmark corpora composed of real sentences of every labelled corpus on disk.

Each synthetic article is about one event: its sentences are drawn (seeded) from the
quotable sentences of one real corpus (the project's own, or one event of `bench.sets`),
read at run time, and laid out as a title line and paragraphs of 2-5 sentences. Lengths
are realistic: an article's sentence count is that of a full-length real article times a
factor in [0.5, 1.5]. Only the project corpus holds full pages (the event articles are
stored cut at 2,000 bytes), so its articles give the lengths.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

_ENDINGS = (".", "!", "\u201d", '"')
LENGTH_SPREAD = (0.5, 1.5)


@dataclass(frozen=True)
class SentencePool:
    """Quotable sentences of one real corpus."""

    name: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Material:
    """What the generator draws from: sentence pools and real article lengths (sentences)."""

    pools: tuple[SentencePool, ...]
    lengths: tuple[int, ...]


def labelled_corpora(work: Path | None = None) -> list[Path]:
    """The project's corpus and every event corpus of the labelled sets, as corpus folders."""
    from bench.sets import WORK, eval_root, event_corpus

    out = [PROJECT_ROOT / "corpus"]
    for folder in sorted((eval_root() / "events").glob("*/")):
        if (folder / "sources.json").exists():
            out.append(event_corpus(folder, work or WORK))
    return out


def _quotable(corpus: Path) -> tuple[tuple[str, ...], list[int]]:
    from index.article import process
    from index.corpus import load_corpus
    from index.passages import ChunkSettings

    pool: dict[str, None] = {}
    lengths = []
    for raw in load_corpus(corpus):
        article = process(raw, ChunkSettings())
        lengths.append(len(article.sentences))
        pool.update((s.text, None) for s in article.sentences
                    if s.quotable and s.text.endswith(_ENDINGS))
    return tuple(pool), lengths


def load_material(corpora: Sequence[Path] | None = None) -> Material:
    """Sentence pools of `corpora` (default: all labelled ones); lengths from the first."""
    corpora = list(corpora) if corpora is not None else labelled_corpora()
    pools, lengths = [], []
    for i, corpus in enumerate(corpora):
        sentences, counts = _quotable(corpus)
        if sentences:
            pools.append(SentencePool(corpus.name, sentences))
        if i == 0:
            lengths = counts
    if not pools or not lengths:
        raise ValueError(f"{corpora}: no quotable sentences to recombine")
    return Material(tuple(pools), tuple(lengths))


def expected_passages(sentences: int, per: int = 3, overlap: int = 1) -> int:
    """Passages `make_passages` makes from one section of this many sentences."""
    if sentences <= 0:
        return 0
    return len(range(0, max(sentences - overlap, 1), per - overlap))


def _sentences_for(remaining: int | None, rng: random.Random, material: Material) -> int:
    count = max(2, round(rng.choice(material.lengths) * rng.uniform(*LENGTH_SPREAD)))
    if remaining is not None and expected_passages(count) > remaining:
        count = 2 * remaining + 1 if remaining > 1 else 2
    return count


def _article_text(title: str, picked: list[str], rng: random.Random) -> str:
    paragraphs, i = [], 0
    while i < len(picked):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(picked[i : i + size]))
        i += size
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def _manifest_entry(name: str, title: str, n: int) -> str:
    published = date(2025, 3, 18) + timedelta(days=n % 7)
    return (f'[[article]]\nfile = "{name}"\noutlet = "Synthetic Wire {n % 40:02d}"\n'
            f'title = "{title}"\npublished = {published.isoformat()}\n\n')


def generate_corpus(
    target: int | None,
    out: Path,
    *,
    seed: int = 1803,
    articles: int | None = None,
    material: Material | None = None,
) -> tuple[int, int]:
    """Write ~`target` passages (or `articles` articles) to `out`; (articles, passages)."""
    if target is None and articles is None:
        raise ValueError("give a passage target or an article count")
    material = material or load_material()
    rng = random.Random(seed)
    articles_dir = out / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    toml = ["# Synthetic corpus: real sentences recombined (bench/synth.py).\n"]
    made = n = 0
    while (target is None or made < target) and (articles is None or n < articles):
        count = _sentences_for(None if target is None else target - made, rng, material)
        pool = rng.choice(material.pools)
        picked = [rng.choice(pool.sentences) for _ in range(count)]
        name, title = f"{n:06d}_synthetic.txt", f"Synthetic report {n} ({pool.name})"
        (articles_dir / name).write_text(_article_text(title, picked, rng), "utf-8")
        toml.append(_manifest_entry(name, title, n))
        made += expected_passages(count)
        n += 1
    (out / "sources.toml").write_text("".join(toml), "utf-8")
    log.info("wrote %d synthetic articles (~%d passages) to %s", n, made, out)
    return n, made
