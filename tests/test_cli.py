"""The command line: `ask --json` contract, errors and exit codes."""

from __future__ import annotations

import json

import pytest

from bot import cli

pytestmark = pytest.mark.integration


@pytest.fixture()
def run(tmp_path, monkeypatch, capsys):
    """Run the CLI in-process against a temporary index of the seed corpus."""
    monkeypatch.setenv("CALLBOT_STORE", str(tmp_path / "idx"))

    def go(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["-q", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return go


def test_ask_json_one_object_per_question(run):
    code, out, _ = run("ask", "--json", "How many prisoners will be exchanged?", "What is a bagel?")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"question", "answered", "quotes", "disagreements", "reply"}
    assert first["answered"] and first["quotes"]
    quote = first["quotes"][0]
    assert {"doc_id", "outlet", "title", "published", "url", "text", "start", "end",
            "score"} <= set(quote)
    assert quote["text"] in first["reply"]
    assert second["answered"] is False and second["quotes"] == []


def test_ask_text_and_bad_question(run):
    code, out, err = run("ask", "   ")
    assert code == 2 and "empty" in err
    code, out, _ = run("ask", "Where will the technical talks take place?")
    assert code == 0 and "> " in out and "verbatim" in out


def test_sources_json(run):
    code, out, _ = run("sources", "--json")
    assert code == 0
    sources = json.loads(out)["sources"]
    assert len(sources) == 5 and all(s["passages"] > 0 for s in sources)


def test_broken_corpus_gives_a_clear_error(run, tmp_path):
    (tmp_path / "bad" / "articles").mkdir(parents=True)
    (tmp_path / "bad" / "sources.toml").write_text("[[article]\n", "utf-8")
    code, _, err = run("ask", "--corpus", str(tmp_path / "bad"), "anything?")
    assert code == 3 and "sources.toml" in err


def test_disagreements_json(run):
    code, out, _ = run("disagreements", "--json")
    assert code == 0
    found = json.loads(out)["disagreements"]
    assert found and all(len(d["sides"]) >= 1 and d["about"] for d in found)
