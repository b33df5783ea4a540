"""Kept whole-corpus views: served only for the live generation that matches the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.cli
from bot import viewcache
from bot.cli import main
from bot.engine import Engine
from bot.settings import Settings


@pytest.fixture()
def opened(small_corpus: Path, tmp_path: Path, embedder) -> tuple[Engine, Settings]:
    settings = Settings(corpus=small_corpus, store=tmp_path / "index")
    return Engine.open(settings, embedder=embedder, progress=False), settings


def _view(settings: Settings, embedder, calls: list[str], text: str = "computed") -> str:
    def compute():
        calls.append(text)
        engine = Engine.open(settings, embedder=embedder, progress=False, search=False)
        return text, engine.live.live

    return viewcache.view(settings.index_config(), embedder.name, "v.txt", compute)


def test_a_kept_view_is_read_without_computing(opened, embedder) -> None:
    _, settings = opened
    calls: list[str] = []
    assert _view(settings, embedder, calls) == "computed"
    assert _view(settings, embedder, calls, "again") == "computed"
    assert calls == ["computed"]


def test_a_view_of_a_changed_corpus_is_computed_again(opened, embedder) -> None:
    _, settings = opened
    calls: list[str] = []
    _view(settings, embedder, calls, "old")
    article = sorted((settings.corpus / "articles").iterdir())[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n\nA closing line was added.\n",
                       encoding="utf-8")
    assert _view(settings, embedder, calls, "new") == "new"
    assert _view(settings, embedder, calls, "newer") == "new"  # kept for the new generation
    assert calls == ["old", "new"]


def test_a_view_kept_by_other_code_is_not_read(opened, embedder, monkeypatch) -> None:
    _, settings = opened
    calls: list[str] = []
    _view(settings, embedder, calls, "old code")
    monkeypatch.setattr(viewcache, "code_key", lambda: "another-version")
    assert _view(settings, embedder, calls, "new code") == "new code"


def test_cli_views_print_the_same_when_read_back(opened, capsys, monkeypatch) -> None:
    _, settings = opened
    argv = ["--corpus", str(settings.corpus), "--store", str(settings.store)]
    first = {}
    for command in (["disagreements"], ["disagreements", "--json"], ["summary"],
                    ["summary", "--json"]):
        assert main(["-q", *command, *argv]) == 0
        first[tuple(command)] = capsys.readouterr().out
    monkeypatch.setattr(bot.cli, "_engine", _no_engine)  # the second time nothing is opened
    for command, out in first.items():
        assert main(["-q", *command, *argv]) == 0
        assert capsys.readouterr().out == out
    assert first[("summary",)] != first[("summary", "--json")]


def _no_engine(*args, **kwargs):
    raise AssertionError("a kept view was not used")
