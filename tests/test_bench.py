"""Fast checks of the benchmark package: CLI, statistics, corpus generator, tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.chroma_server import free_port, heartbeat
from bench.perf import BenchResult, format_table, import_breakdown, percentile
from bench.scale import (
    ScaleResult,
    expected_passages,
    folder_mb,
    generate_corpus,
    vocabulary_probe,
)
from bench.scale import format_table as scale_table
from bench.views import new_process_s
from bot.settings import PROJECT_ROOT
from index.article import process
from index.corpus import load_corpus
from index.passages import ChunkSettings


def test_help_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--help"], capture_output=True, text=True,
        cwd=PROJECT_ROOT, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for flag in ("--json", "--quick", "--scale", "--server"):
        assert flag in proc.stdout


def test_percentile() -> None:
    samples = [float(i) for i in range(1, 101)]
    assert percentile(samples, 50) == 50.5
    assert 95 <= percentile(samples, 95) <= 96
    assert percentile([], 50) == 0.0


def test_import_breakdown_sums_direct_imports_per_package() -> None:
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       100 |        100 |     _io\n"
        "import time:       500 |       2000 |   torch.nn\n"
        "import time:      1000 |    3000000 | torch\n"
        "import time:       200 |     500000 | chromadb\n"
        "import time:        10 |      20000 | bot.cli\n"
    )
    out = import_breakdown(stderr)
    assert list(out) == ["torch", "chromadb", "bot"]
    assert out["torch"] == 3.0


def test_expected_passages_matches_make_passages() -> None:
    assert [expected_passages(n) for n in (0, 1, 2, 3, 5, 41)] == [0, 1, 1, 1, 2, 20]


def test_generate_corpus_is_a_valid_deterministic_corpus(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    n_articles, planned = generate_corpus(60, a, seed=5)
    generate_corpus(60, b, seed=5)
    assert planned >= 60 and n_articles >= 2
    files = sorted(p.name for p in (a / "articles").iterdir())
    assert files == sorted(p.name for p in (b / "articles").iterdir())
    same = [(a / "articles" / f).read_bytes() == (b / "articles" / f).read_bytes() for f in files]
    assert all(same)
    raws = load_corpus(a)
    assert len(raws) == n_articles and all(r.meta.outlet for r in raws)
    passages = sum(len(process(r, ChunkSettings()).passages) for r in raws)
    assert abs(passages - planned) <= planned * 0.2  # the splitter may join a pair or two
    assert folder_mb(a) > 0


def test_tables_render() -> None:
    r = BenchResult(
        mode="embedded", passages=92, questions=14, samples=42, floor_p50_ms=10.0,
        floor_p95_ms=12.0, ask_p50_ms=12.0, ask_p95_ms=15.0, encode_passages_per_s=100.0,
        index_passages_per_s=90.0, cold_start_s=5.0, ask_over_floor=1.2,
        index_over_encode=0.9, cold_phases_s={"load model": 1.0},
    )
    text = format_table(r)
    assert "ask / floor" in text and "meets goal" in text
    assert r.as_dict()["ask_over_floor"] == 1.2
    assert "encode_sentences_per_s" in r.as_dict() and "index_over_sentences" in r.as_dict()


def test_the_sentence_floor_and_cold_start_get_verdicts() -> None:
    r = BenchResult(
        mode="embedded", passages=92, questions=14, samples=42, floor_p50_ms=10.0,
        floor_p95_ms=12.0, ask_p50_ms=12.0, ask_p95_ms=15.0, encode_passages_per_s=100.0,
        index_passages_per_s=90.0, cold_start_s=2.5, ask_over_floor=1.2,
        index_over_encode=0.9, encode_sentences_per_s=200.0, index_sentences_per_s=190.0,
        index_over_sentences=0.95, sentences=190, encoder="onnx",
    )
    rows = {line.split("  ")[0]: line for line in format_table(r).splitlines()}
    assert "meets goal" in rows["index / sentence floor"]
    assert "MISSES goal" in rows["cold start"]


def test_scale_table_renders() -> None:
    s = ScaleResult(
        target_passages=1000, articles=50, passages=998, sentences=2000, generate_s=0.1,
        index_s=10.0, index_passages_per_s=99.8, store_mb=11.0, peak_rss_build_mb=900.0,
        open_s=0.3, peak_rss_mb=950.0, ask_p50_ms=14.0, ask_p95_ms=18.0, floor_p50_ms=10.0,
    )
    assert "998" in scale_table([s])


def test_nothing_answers_on_a_free_port() -> None:
    assert not heartbeat("127.0.0.1", free_port(), timeout=0.2)


def test_vocabulary_probe_runs_on_a_small_vocabulary() -> None:
    out = vocabulary_probe(sizes=(200,))
    assert set(out[200]) == {"scan_ms", "bucketed_ms"}


def test_bundled_eval_data_is_discoverable_and_matches_shared(tmp_path: Path) -> None:
    """A fresh clone (no ../shared) finds every labelled set in bench/data."""
    from bench import devset, sets

    bundled = sets.discover(sets.BUNDLED_EVAL, work=tmp_path)
    assert [s.name for s in bundled] == ["dev", "own", "aircrash", "protest"]
    assert all(s.questions for s in bundled)
    assert devset.load_devset(sets.BUNDLED_EVAL / "dev.jsonl")
    assert not (sets.BUNDLED_EVAL / "external").exists()  # never copied into the project
    if sets.SHARED_EVAL.is_dir():  # the copy is current
        shared = {p.relative_to(sets.SHARED_EVAL): p.read_bytes()
                  for p in sets.SHARED_EVAL.rglob("*")
                  if p.is_file() and "external" not in p.parts and p.name != "README.md"}
        copied = {p.relative_to(sets.BUNDLED_EVAL): p.read_bytes()
                  for p in sets.BUNDLED_EVAL.rglob("*")
                  if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts
                  and "invented" not in p.parts}
        assert copied == shared


def test_invented_sets_are_apart_and_their_spans_are_in_their_articles(tmp_path: Path) -> None:
    """The made-up events load as sets of their own, and every labelled span is verbatim."""
    from bench import sets

    invented = sets.invented_sets(work=tmp_path)
    assert len(invented) >= 6 and all(s.invented and s.questions for s in invented)
    assert not any(s.invented for s in sets.discover(sets.BUNDLED_EVAL, work=tmp_path))
    for labelled in invented:
        texts = {p.name[:3]: p.read_text("utf-8")
                 for p in (labelled.corpus / "articles").glob("*.txt")}
        for q in labelled.questions:
            spans = [*q.evidence, *(span for side in q.sides for span in side)]
            assert all(text in texts[doc] for doc, text in spans), q.id


def test_eval_root_falls_back_to_bench_data_without_shared(monkeypatch) -> None:
    from bench import sets

    monkeypatch.setattr(sets, "SHARED_EVAL", Path("/nonexistent/shared/eval"))
    assert sets.eval_root() == sets.BUNDLED_EVAL


def test_a_new_process_view_is_timed_and_a_failing_one_raises() -> None:
    env = dict(os.environ)
    assert new_process_s(("commands", "--json"), env, PROJECT_ROOT) > 0
    with pytest.raises(RuntimeError, match="summary --no-such-option failed"):
        new_process_s(("summary", "--no-such-option"), env, PROJECT_ROOT)


def test_indexing_bench_measures_floor_and_build_of_a_corpus(small_corpus: Path,
                                                              tmp_path: Path) -> None:
    from bench.indexing import corpus_sentences, measure

    result = measure(small_corpus, tmp_path, rounds=1)
    assert (result.articles, result.sentences) == (2, len(corpus_sentences(small_corpus)[1]))
    assert result.passages > 0 and result.encode_sentences_per_s > 0
    assert result.index_over_sentences > 0


def test_every_bundled_set_checks_and_a_broken_one_does_not(tmp_path: Path) -> None:
    import json
    import shutil

    from bench.check_set import check
    from bench.sets import INVENTED

    folders = [p for p in INVENTED.iterdir() if p.is_dir()]
    folders += [p for p in (PROJECT_ROOT / "bench" / "data" / "events").iterdir() if p.is_dir()]
    assert len(folders) >= 10
    for folder in folders:
        faults, kinds = check(folder)
        assert not faults and kinds["answer"] and kinds["none"], (folder.name, faults)
    broken = tmp_path / "broken"
    shutil.copytree(INVENTED / "invented-blast", broken)
    lines = (broken / "questions.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    first["evidence"] = [{"doc": "000", "text": "a span no article holds"}]
    (broken / "questions.jsonl").write_text("\n".join([json.dumps(first), *lines]), "utf-8")
    faults, _ = check(broken)
    assert any("not verbatim" in f for f in faults) and any("duplicate" in f for f in faults)
