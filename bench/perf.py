"""The main benchmark: answer latency against its floor, indexing against raw encode, cold start.

Every figure comes from one run on this machine; the ratios compare figures of the same run,
measured interleaved (floor and ask alternate question by question) so background load hits
both alike. Run through `python -m bench` (see `bench/__main__.py`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np

from bot.settings import PROJECT_ROOT, Settings
from index.embed import BATCH_SIZE

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_QUESTION = "What did Putin agree to?"  # the README's first question
GOALS = {"ask_over_floor": 1.5, "index_over_encode": 0.8, "index_over_sentences": 0.9,
         "cold_start_s": 2.0}
AIMS = {"ask_over_floor": 1.2, "index_over_encode": 0.9, "index_over_sentences": 1.0,
        "cold_start_s": 1.5}


@dataclass(frozen=True)
class BenchPlan:
    """How much to measure: rounds over the dev questions and repeats of the slow parts."""

    rounds: int = 10
    warmup_rounds: int = 2
    encode_repeats: int = 3
    index_repeats: int = 3
    cold_repeats: int = 3
    depth: int = 30
    importtime: bool = True

    @classmethod
    def quick(cls) -> BenchPlan:
        """Under a minute on 2 cores: fewer rounds, one rebuild, one cold start."""
        return cls(rounds=3, warmup_rounds=1, encode_repeats=2, index_repeats=3,
                   cold_repeats=1, importtime=False)


@dataclass
class BenchResult:
    """The figures of one run (the JSON object of `python -m bench --json`)."""

    mode: str
    passages: int
    questions: int
    samples: int
    floor_p50_ms: float
    floor_p95_ms: float
    ask_p50_ms: float
    ask_p95_ms: float
    encode_passages_per_s: float
    index_passages_per_s: float
    cold_start_s: float
    ask_over_floor: float
    index_over_encode: float
    cold_phases_s: dict[str, float] = field(default_factory=dict)
    cold_imports_s: dict[str, float] = field(default_factory=dict)
    search_p50_ms: float = 0.0
    encode_sentences_per_s: float = 0.0  # raw encode of exactly the sentences the build encodes
    index_sentences_per_s: float = 0.0
    index_over_sentences: float = 0.0  # the honest floor: the build encodes sentences
    sentences: int = 0
    encoder: str = ""

    def as_dict(self) -> dict:
        """Plain JSON-ready dict, rounded for reading."""
        out: dict = {}
        for key, value in self.__dict__.items():
            if isinstance(value, float):
                out[key] = round(value, 3)
            elif isinstance(value, dict):
                out[key] = {k: round(v, 3) for k, v in value.items()}
            else:
                out[key] = value
        return out


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100, linear interpolation); 0.0 for no samples."""
    if not samples:
        return 0.0
    return float(np.percentile(np.asarray(samples, dtype=np.float64), q))


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _quiet_logs() -> None:
    for name in ("chromadb", "httpx", "sentence_transformers", "urllib3", "index", "bot"):
        logging.getLogger(name).setLevel(logging.WARNING)


def bench_settings(store: Path, corpus: Path | None = None, host: str | None = None,
                   port: int = 8000, collection: str = "callbot-bench") -> Settings:
    """Settings for an index the benchmark owns (never the project's data/index)."""
    return Settings(
        corpus=corpus or PROJECT_ROOT / "corpus",
        store=store,
        chroma_host=host,
        chroma_port=port,
        chroma_collection=collection,
    )


def floor_once(engine, question: str, depth: int) -> float:
    """Encode the question and run one raw chroma query of the same collection: the floor."""
    index = engine.index
    t0 = time.perf_counter()
    vector = index.embedder.encode([question])
    index.store.collection.query(query_embeddings=vector, n_results=depth, include=["distances"])
    return time.perf_counter() - t0


def ask_once(engine, question: str) -> float:
    """The full public answer path, as the CLI and Discord adapters run it."""
    from bot.render import render_answer

    t0 = time.perf_counter()
    render_answer(engine.ask(question))
    return time.perf_counter() - t0


def search_once(engine, question: str, depth: int) -> float:
    """Encode + hybrid search only (dense + BM25 + RRF), for the breakdown."""
    index = engine.index
    t0 = time.perf_counter()
    vector = index.encode_question(question)
    index.search(question, vector, depth=depth)
    return time.perf_counter() - t0


def latency(engine, questions: Sequence[str], plan: BenchPlan) -> dict[str, list[float]]:
    """Floor, search and ask samples, interleaved question by question (seconds)."""
    samples: dict[str, list[float]] = {"floor": [], "search": [], "ask": []}
    for r in range(plan.warmup_rounds + plan.rounds):
        for q in questions:
            f = floor_once(engine, q, plan.depth)
            s = search_once(engine, q, plan.depth)
            a = ask_once(engine, q)
            if r >= plan.warmup_rounds:
                samples["floor"].append(f)
                samples["search"].append(s)
                samples["ask"].append(a)
    return samples


def encode_rate(engine, repeats: int) -> float:
    """Passages per second of a raw batched model encode of every passage's text."""
    texts = [p.text for p in engine.index.passages]
    embedder = engine.index.embedder
    embedder.encode(texts[:64])  # warm the kernels
    rates = [len(texts) / timed(lambda: embedder.encode(texts)) for _ in range(repeats)]
    return statistics.median(rates)


def built_sentences(engine) -> list[str]:
    """Exactly the texts a build encodes: every sentence of every article, in build order."""
    return [s.text for a in engine.index.articles.values() for s in a.sentences]


def _rebuild_once(engine, settings: Settings, i: int) -> float:
    """Passages per second of one full `index --rebuild` into a temporary store, end to end."""
    from index.build import build

    tmp = Path(tempfile.mkdtemp(prefix="callbot-bench-rebuild-"))
    try:
        # a collection of its own, so a server-mode rebuild never touches the warm one
        s = replace(settings, store=tmp, chroma_collection=f"callbot-bench-rebuild-{i}")
        config = s.index_config()
        t0 = time.perf_counter()
        report = build(config, engine.index.embedder, rebuild=True, progress=False)
        rate = report.passages / (time.perf_counter() - t0)
        if s.chroma_host:
            from index.build import drop_index

            drop_index(config)  # its generation collections and pointer on the server
        return rate
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def alternated(
    embedder, texts: list[str], rebuild: Callable[[int], T], rounds: int
) -> list[tuple[float, T]]:
    """Per round, the seconds of a raw encode of `texts` and what the rebuild right after it
    returns, so load that comes and goes hits both alike."""
    embedder.encode(texts[:64])  # load the model, warm the kernels
    return [(timed(lambda: embedder.encode(texts)), rebuild(i)) for i in range(rounds)]


def index_and_floor(engine, settings: Settings, repeats: int) -> tuple[float, float, float]:
    """(index passages/s, floor sentences/s, index/floor): each rebuild right after a raw
    encode of the texts it encodes; the ratio is the median of the per-pair ratios."""
    texts = built_sentences(engine)
    per_passage = len(texts) / max(len(engine.index.passages), 1)
    pairs = alternated(engine.index.embedder, texts,
                       lambda i: _rebuild_once(engine, settings, i), repeats)
    floors = [len(texts) / seconds for seconds, _ in pairs]
    rates = [rate for _, rate in pairs]
    ratios = [rate * per_passage / floor for rate, floor in zip(rates, floors, strict=True)]
    return statistics.median(rates), statistics.median(floors), statistics.median(ratios)


def _cli_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    # set (possibly empty) so a .env file cannot point the child at another store
    env["CHROMA_HOST"] = settings.chroma_host or ""
    env["CHROMA_PORT"] = str(settings.chroma_port)
    env["CHROMA_COLLECTION"] = settings.chroma_collection
    env["CALLBOT_CORPUS"] = str(settings.corpus)
    env["CALLBOT_STORE"] = str(settings.store)
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    return env


def _ask_cmd(question: str, extra: Sequence[str] = ()) -> list[str]:
    return [sys.executable, *extra, "-m", "bot", "ask", "--json", question]


def cold_start(settings: Settings, question: str = DEFAULT_QUESTION) -> float:
    """Seconds from spawning `python -m bot ask --json …` to its first answer line."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        _ask_cmd(question), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_cli_env(settings), cwd=PROJECT_ROOT, text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    elapsed = time.perf_counter() - t0
    _, err = proc.communicate()
    if proc.returncode != 0 or not line:
        raise RuntimeError(f"cold start failed ({proc.returncode}): {err[-2000:]}")
    json.loads(line)  # it must be the answer, not noise
    return elapsed


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_breakdown(stderr: str, top: int = 8) -> dict[str, float]:
    """Cumulative seconds per top-level package from `python -X importtime` output."""
    totals: dict[str, float] = {}
    for m in _IMPORT_LINE.finditer(stderr):
        cumulative, indent, name = int(m.group(2)), len(m.group(3)), m.group(4)
        if indent == 1:  # imported directly by the program, not by another module
            root = name.split(".")[0]
            totals[root] = totals.get(root, 0.0) + cumulative / 1e6
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:top]
    return dict(ranked)


def cold_imports(settings: Settings, question: str = DEFAULT_QUESTION) -> dict[str, float]:
    """Where a cold `ask` spends its import time (python -X importtime)."""
    proc = subprocess.run(
        _ask_cmd(question, ["-X", "importtime"]), capture_output=True, text=True,
        env=_cli_env(settings), cwd=PROJECT_ROOT, check=False,
    )
    return import_breakdown(proc.stderr)


_PHASES = """
import sys, time, json
t = [("start", time.perf_counter())]
def mark(name): t.append((name, time.perf_counter()))
import bot.cli; mark("import bot.cli")
from bot.settings import Settings; mark("import bot.settings (index.build, chromadb)")
from bot.engine import Engine; mark("import bot.engine")
import onnxruntime, tokenizers; mark("import onnxruntime+tokenizers")
import bm25s; mark("import bm25s")
settings = Settings.from_env()
engine = Engine.open(settings, progress=False); mark("open index (corpus check, load, bm25)")
engine.index.embedder.load(); mark("load model (" + engine.index.embedder.backend + ")")
from bot.render import render_answer
render_answer(engine.ask(sys.argv[1])); mark("first answer")
print(json.dumps({b[0]: b[1] - a[1] for a, b in zip(t, t[1:])}))
"""


def cold_phases(settings: Settings, question: str = DEFAULT_QUESTION) -> dict[str, float]:
    """Seconds per phase of a cold start, measured inside a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-c", _PHASES, question], capture_output=True, text=True,
        env=_cli_env(settings), cwd=PROJECT_ROOT, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"cold phase probe failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(
    settings: Settings,
    questions: Sequence[str],
    plan: BenchPlan,
    *,
    progress: Callable[[str], None] = lambda msg: None,
) -> BenchResult:
    """Build the benchmark's index (once, warm), then measure everything."""
    from bot.engine import Engine

    _quiet_logs()
    progress(f"opening the index at {settings.index_config().store.describe()}")
    engine = Engine.open(settings, progress=False)
    engine.index.embedder.load()
    progress(f"latency: {plan.rounds} rounds x {len(questions)} questions")
    samples = latency(engine, questions, plan)
    progress("raw encode")
    encode = encode_rate(engine, plan.encode_repeats)
    progress("index --rebuild, each after a raw encode of its sentences")
    index, sentences, over_sentences = index_and_floor(engine, settings, plan.index_repeats)
    progress("cold start")
    cold = statistics.median(cold_start(settings) for _ in range(plan.cold_repeats))
    phases = cold_phases(settings) if plan.importtime else {}
    imports = cold_imports(settings) if plan.importtime else {}
    floor_p50 = percentile(samples["floor"], 50) * 1e3
    ask_p50 = percentile(samples["ask"], 50) * 1e3
    n_sentences = len(built_sentences(engine))
    n_passages = len(engine.index.passages)
    index_sentences = index * n_sentences / n_passages if n_passages else 0.0
    return BenchResult(
        mode="server" if settings.chroma_host else "embedded",
        passages=len(engine.index.passages),
        questions=len(questions),
        samples=len(samples["ask"]),
        floor_p50_ms=floor_p50,
        floor_p95_ms=percentile(samples["floor"], 95) * 1e3,
        ask_p50_ms=ask_p50,
        ask_p95_ms=percentile(samples["ask"], 95) * 1e3,
        encode_passages_per_s=encode,
        index_passages_per_s=index,
        cold_start_s=cold,
        ask_over_floor=ask_p50 / floor_p50 if floor_p50 else 0.0,
        index_over_encode=index / encode if encode else 0.0,
        cold_phases_s=phases,
        cold_imports_s=imports,
        search_p50_ms=percentile(samples["search"], 50) * 1e3,
        encode_sentences_per_s=sentences,
        index_sentences_per_s=index_sentences,
        index_over_sentences=over_sentences,
        sentences=n_sentences,
        encoder=getattr(engine.index.embedder, "backend", ""),
    )


def _verdict(value: float, key: str) -> str:
    if value >= GOALS[key] if key.startswith("index_over") else value <= GOALS[key]:
        return "meets goal"
    return "MISSES goal"


def format_table(result: BenchResult) -> str:
    """The human-readable table."""
    r = result
    rows = [
        ("mode", r.mode, f"{r.passages} passages, {r.questions} questions, {r.samples} samples"),
        ("floor p50 / p95", f"{r.floor_p50_ms:.1f} / {r.floor_p95_ms:.1f} ms",
         "encode question + 1 chroma query"),
        ("search p50", f"{r.search_p50_ms:.1f} ms", "encode + dense + BM25 + RRF"),
        ("ask p50 / p95", f"{r.ask_p50_ms:.1f} / {r.ask_p95_ms:.1f} ms",
         "engine.ask + render_answer"),
        ("ask / floor", f"{r.ask_over_floor:.2f}",
         f"goal <= {GOALS['ask_over_floor']} (aim {AIMS['ask_over_floor']}): "
         f"{_verdict(r.ask_over_floor, 'ask_over_floor')}"),
        ("raw encode", f"{r.encode_passages_per_s:.0f} passages/s",
         f"model.encode of passage texts, batch {BATCH_SIZE} ({r.encoder})"),
        ("raw encode sentences", f"{r.encode_sentences_per_s:.0f} sentences/s",
         f"exactly the {r.sentences} sentences the build encodes"),
        ("index --rebuild", f"{r.index_passages_per_s:.0f} passages/s, "
         f"{r.index_sentences_per_s:.0f} sentences/s", "build(), end to end"),
        ("index / encode", f"{r.index_over_encode:.2f}",
         f"goal >= {GOALS['index_over_encode']} (aim {AIMS['index_over_encode']}): "
         f"{_verdict(r.index_over_encode, 'index_over_encode')}"),
        ("index / sentence floor", f"{r.index_over_sentences:.2f}",
         f"goal >= {GOALS['index_over_sentences']}: "
         f"{_verdict(r.index_over_sentences, 'index_over_sentences')}"),
        ("cold start", f"{r.cold_start_s:.2f} s",
         f"new `python -m bot ask --json` to 1st answer; goal <= {GOALS['cold_start_s']} s: "
         f"{_verdict(r.cold_start_s, 'cold_start_s')}"),
    ]
    rows += [(f"  phase: {k}", f"{v:.2f} s", "") for k, v in r.cold_phases_s.items()]
    rows += [(f"  import: {k}", f"{v:.2f} s", "-X importtime, cumulative")
             for k, v in r.cold_imports_s.items()]
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    lines = [f"{'metric':<{w0}}  {'value':<{w1}}  note", f"{'-' * w0}  {'-' * w1}  ----"]
    lines += [f"{a:<{w0}}  {b:<{w1}}  {c}".rstrip() for a, b, c in rows]
    return "\n".join(lines)
