"""The answer path against a real chroma server (`chroma run` on loopback), and a server
that is down: a clear StoreUnavailableError / CLI exit code 4, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.chroma_server import ChromaServer, ChromaServerError, chroma_server, free_port
from bot.cli import EXIT_STORE, main
from bot.settings import PROJECT_ROOT, Settings
from index.errors import StoreUnavailableError
from index.store import StoreConfig, VectorStore

CORPUS = PROJECT_ROOT / "corpus"



@pytest.mark.integration
def test_answers_through_a_chroma_server(server: ChromaServer, tmp_path: Path) -> None:
    from bot.engine import Engine

    settings = Settings(corpus=CORPUS, store=tmp_path / "index", chroma_host=server.host,
                        chroma_port=server.port, chroma_collection="callbot-it-server")
    engine = Engine.open(settings, progress=False)
    assert engine.index.store.config.remote
    assert engine.index.store.count() == len(engine.index.passages)
    assert not (tmp_path / "index" / "chroma").exists()  # the vectors live on the server

    answer = engine.ask("How many prisoners are going to be exchanged?")
    assert answer.answered and answer.quotes
    for quote in answer.quotes:
        e = quote.excerpt
        assert engine.index.articles[e.source.doc_id].clean_text[e.start : e.end] == e.text

    # A second process-like open finds the index current and reuses the server's vectors.
    again = Engine.open(settings, progress=False)
    assert again.ask("How many prisoners are going to be exchanged?").quotes == answer.quotes


@pytest.mark.integration
def test_server_stopping_mid_session_is_a_store_error(tmp_path: Path) -> None:
    from bot.engine import Engine

    try:
        ctx = chroma_server(tmp_path / "data")
        running = ctx.__enter__()
    except ChromaServerError as exc:
        pytest.skip(f"a chroma server cannot start on this machine: {exc}")
    try:
        settings = Settings(corpus=CORPUS, store=tmp_path / "index", chroma_host=running.host,
                            chroma_port=running.port)
        engine = Engine.open(settings, progress=False)
    finally:
        ctx.__exit__(None, None, None)
    with pytest.raises(StoreUnavailableError, match="chroma server"):
        engine.ask("How long did the phone call last?")


def test_store_on_a_down_server_raises_store_unavailable(tmp_path: Path) -> None:
    config = StoreConfig(path=tmp_path, host="127.0.0.1", port=free_port())
    with pytest.raises(StoreUnavailableError, match=f"127.0.0.1:{config.port}"):
        VectorStore(config)


def test_cli_on_a_down_server_exits_4_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(port))
    code = main(["-q", "ask", "--json", "--corpus", str(CORPUS), "--store",
                 str(tmp_path / "index"), "How long did the call last?"])
    out, err = capsys.readouterr()
    assert code == EXIT_STORE == 4
    assert f"127.0.0.1:{port}" in err and "Traceback" not in err
    assert out == ""
