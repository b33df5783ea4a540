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
    code, out, err = run("ask", "--json", "How many prisoners will be exchanged?",
                         "What is a bagel?")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2, out
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"question", "answered", "quotes", "disagreements", "reply"}
    assert first["answered"] and first["quotes"], first
    quote = first["quotes"][0]
    assert {"doc_id", "outlet", "title", "published", "url", "text", "start", "end",
            "score"} <= set(quote)
    assert quote["text"] in first["reply"], (quote["text"], first["reply"])
    assert second["answered"] is False and second["quotes"] == [], second


def test_ask_json_stays_one_line_per_question_for_any_input(run):
    questions = ["What did Putin\u2028agree to?\u2029", "How long\x85 did the call last?",
                 "", "x" * 600, "<@456> \x1b[31mwhat did Putin agree to?\x1b[0m",
                 "line one\nline two?", "what did Putin\udcff agree to?"]
    code, out, err = run("ask", "--json", *questions)
    assert code == 2  # the empty and the over-long question
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(questions)  # one line each, nothing else
    assert all(len(line.splitlines()) == 1 for line in lines[:-1])
    objects = [json.loads(line) for line in lines[:-1]]
    assert [o["answered"] for o in objects[2:4]] == [False, False]
    assert "the limit is" in objects[3]["reply"]
    assert objects[4]["question"] == "what did Putin agree to?"
    assert objects[6]["question"] == "what did Putin\ufffd agree to?"  # not-UTF-8 argv byte
    assert not {"\u2028", "\u2029", "\x85"} & set(out)
    assert err == ""  # quiet: no log lines between the answers


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


def test_help_documents_every_exit_code_and_json_everywhere(capsys):
    parser = cli.build_parser()
    text = parser.format_help()
    for code in ("0 ", "2 ", "3 ", "4 ", "5 ", "130"):
        assert f"\n  {code}" in text
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        for action in command._actions:
            if "--json" in action.option_strings:
                assert action.help, name


def test_logging_is_warnings_only_by_default():
    import logging

    from bot.settings import Settings

    parser = cli.build_parser()
    level = [cli.log_level(parser.parse_args(argv), Settings()) for argv in
             (["ask", "q"], ["-v", "ask", "q"], ["-vv", "index"], ["-q", "-v", "sources"])]
    assert level == [logging.WARNING, logging.INFO, logging.DEBUG, logging.WARNING]
    assert cli.log_level(parser.parse_args(["run"]), Settings(log_level="INFO")) == logging.INFO


def test_json_line_escapes_every_character_a_reader_may_split_lines_on():
    from bot.jsonout import answer_json, json_line
    from bot.models import Answer, Excerpt, Quote, Source

    text = "One\u2028two\u2029three\x85four\x0bfive\x1csix\nseven\r\udcff"
    quote = Quote(Excerpt(Source("a", "A", None, None, None), text, 0, len(text)), 1.0)
    line = json_line(answer_json(Answer("q", True, (quote,)), text))
    assert len(line.splitlines()) == 1 and "\\u2028" in line
    assert line.encode("utf-8")  # a lone surrogate is escaped, so it can be written
    assert json.loads(line)["quotes"][0]["text"] == text


def test_log_lines_go_above_the_progress_bar_not_through_it(monkeypatch):
    """While a command runs, console log handlers write through tqdm (above any bar)."""
    import logging
    import sys

    from tqdm.contrib.logging import _TqdmLoggingHandler

    root = logging.getLogger()
    console = logging.StreamHandler(sys.stderr)
    root.addHandler(console)
    seen: list[list[logging.Handler]] = []
    monkeypatch.setitem(cli.COMMANDS, "sources",
                        lambda args, settings: seen.append(list(root.handlers)) or 0)
    try:
        assert cli.main(["sources"]) == 0
    finally:
        root.removeHandler(console)
    assert any(isinstance(h, _TqdmLoggingHandler) for h in seen[0])
    assert console not in seen[0]
