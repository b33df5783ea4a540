"""Index generations: a killed build, two builders at once, a reader asking in a loop while
`callbot index --rebuild` runs (embedded and with a chroma server), a server killed and
restarted. Real model, real chroma, real articles."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bench.chroma_server import ChromaServer, ChromaServerError, chroma_server, free_port
from bot.engine import Engine
from bot.settings import PROJECT_ROOT, Settings
from index import generations, manifest
from index.build import build
from index.errors import StoreUnavailableError
from index.live import connect
from index.loader import open_index

pytestmark = pytest.mark.integration

QUESTIONS = ["What did Putin agree to?", "How many prisoners will be exchanged?",
             "How long did the call last?"]




def _env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "CHROMA_HOST": settings.chroma_host or "",
           "CHROMA_PORT": str(settings.chroma_port),
           "CHROMA_COLLECTION": settings.chroma_collection, "TOKENIZERS_PARALLELISM": "false"}
    return env


def _rebuild(settings: Settings) -> subprocess.Popen:
    """`callbot index --rebuild` in its own process, as an operator would run it."""
    cmd = [sys.executable, "-m", "bot", "-q", "index", "--rebuild", "--corpus",
           str(settings.corpus), "--store", str(settings.store)]
    return subprocess.Popen(cmd, env=_env(settings), cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _verbatim(engine: Engine, answer) -> bool:
    articles = engine.index.articles
    return all(articles[q.excerpt.source.doc_id].clean_text[q.excerpt.start:q.excerpt.end]
               == q.excerpt.text for q in answer.quotes)


def _ask_during(engine: Engine, proc: subprocess.Popen, after: int = 4) -> list[tuple[str, str]]:
    """Ask in a loop until the rebuild ends, then `after` more; (generation, outcome) each."""
    log: list[tuple[str, str]] = []
    remaining = after
    while remaining > 0:
        if proc.poll() is not None:
            remaining -= 1
        question = QUESTIONS[len(log) % len(QUESTIONS)]
        try:
            answer = engine.ask(question)
            ok = answer.answered and _verbatim(engine, answer)
            outcome = "answered" if ok else "unanswered"
        except Exception as exc:  # counted, never hidden
            outcome = f"failed: {exc}"
        log.append((engine.live.live.collection, outcome))
        time.sleep(0.05)
    return log


def _check_loop(log: list[tuple[str, str]], old: str, new: str, proc: subprocess.Popen) -> None:
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    failed = [o for _, o in log if o.startswith("failed")]
    print(f"loop: {len(log)} asked, {sum(o == 'answered' for _, o in log)} answered, "
          f"{len(failed)} failed; generations {old} -> {new}")
    assert not failed, failed
    assert all(o == "answered" for _, o in log)
    used = [c for c, _ in log]
    assert used[0] == old and used[-1] == new != old
    switch = used.index(new)
    assert set(used[:switch]) == {old} and set(used[switch:]) == {new}  # one switch, no flip
    assert switch > 0  # questions were answered from the old generation during the build


def test_reader_keeps_answering_while_index_rebuild_runs(tmp_path: Path, small_corpus: Path,
                                                         embedder) -> None:
    settings = Settings(corpus=small_corpus, store=tmp_path / "idx")
    engine = Engine.open(settings, embedder=embedder, progress=False)
    old = engine.live.live.collection
    proc = _rebuild(settings)
    log = _ask_during(engine, proc)
    live = generations.read_pointer(settings.store)
    new = manifest.read(generations.folder(settings.store, live))
    _check_loop(log, old, new["collection"], proc)
    assert generations.listed(settings.store) == [live]  # the old generation was removed


def test_other_instance_keeps_answering_while_a_server_rebuild_runs(
    tmp_path: Path, small_corpus: Path, embedder, server: ChromaServer
) -> None:
    base = Settings(corpus=small_corpus, chroma_host=server.host, chroma_port=server.port,
                    chroma_collection="callbot-it-loop")
    reader = Engine.open(replace(base, store=tmp_path / "reader"), embedder=embedder,
                         progress=False)
    old = reader.live.live.collection
    # Another instance, with its own local folder, rebuilds the shared index.
    builder = replace(base, store=tmp_path / "builder")
    proc = _rebuild(builder)
    log = _ask_during(reader, proc, after=30)  # the server pointer is polled once a second
    meta = connect(builder.index_config().store)
    pointer = meta.pointer()
    _check_loop(log, old, pointer.collection, proc)
    assert meta.generation_collections() == [pointer.collection]


def test_killed_build_leaves_the_live_generation_serving(tmp_path: Path, small_corpus: Path,
                                                         embedder) -> None:
    settings = Settings(corpus=small_corpus, store=tmp_path / "idx")
    config = settings.index_config()
    build(config, embedder, progress=False)
    live = generations.read_pointer(settings.store)
    proc = _rebuild(settings)
    deadline = time.monotonic() + 120
    while len(generations.listed(settings.store)) < 2 and proc.poll() is None:
        assert time.monotonic() < deadline, "the rebuild never started a generation"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert generations.read_pointer(settings.store) == live
    assert len(open_index(config, embedder, auto_build=False).articles) == 2
    report = build(config, embedder, rebuild=True, progress=False)  # the lock was released
    assert report.full
    assert generations.listed(settings.store) == [generations.read_pointer(settings.store)]


def test_two_builders_at_once(tmp_path: Path, small_corpus: Path, embedder,
                              server: ChromaServer) -> None:
    embedded = Settings(corpus=small_corpus, store=tmp_path / "idx").index_config()
    remote = [Settings(corpus=small_corpus, store=tmp_path / f"r{i}", chroma_host=server.host,
                       chroma_port=server.port, chroma_collection="callbot-it-two")
              .index_config() for i in range(2)]
    errors: list[BaseException] = []

    def go(config) -> None:
        try:
            build(config, embedder, rebuild=True, progress=False)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(c,)) for c in (embedded, embedded, *remote)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert generations.listed(embedded.path) == [generations.read_pointer(embedded.path)]
    meta = connect(remote[0].store)
    assert meta.generation_collections() == [meta.pointer().collection]
    for config in (embedded, *remote):
        index = open_index(config, embedder, auto_build=False)
        assert index.store.count() == len(index.passages) > 0


def test_server_killed_and_restarted(tmp_path: Path, small_corpus: Path, embedder) -> None:
    port = free_port()
    data = tmp_path / "chroma"
    settings = Settings(corpus=small_corpus, store=tmp_path / "idx", chroma_host="127.0.0.1",
                        chroma_port=port, chroma_collection="callbot-it-kill")
    try:
        with chroma_server(data, port=port) as running:
            engine = Engine.open(settings, embedder=embedder, progress=False)
            before = engine.ask(QUESTIONS[0])
            os.kill(running.pid, signal.SIGKILL)
            time.sleep(0.5)
            with pytest.raises(StoreUnavailableError, match=str(port)):
                engine.ask(QUESTIONS[0])
            with pytest.raises(StoreUnavailableError):  # a rebuild against it changes nothing
                build(settings.index_config(), embedder, rebuild=True, progress=False)
        with chroma_server(data, port=port):
            after = engine.ask(QUESTIONS[0])  # the same engine, the same generation
            assert after.quotes == before.quotes
            report = build(settings.index_config(), embedder, progress=False)
            assert report.embedded == () and not report.full  # nothing was lost
    except ChromaServerError as exc:
        pytest.skip(f"a chroma server cannot start on this machine: {exc}")
