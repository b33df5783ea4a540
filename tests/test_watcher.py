"""The corpus watcher and the refresh report, without a model: stamps, settling, failures."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import pytest

from bot.discord_app.watcher import CorpusWatcher
from bot.errors import RefreshError
from bot.settings import Settings, SettingsError
from index.refresh import RefreshReport, corpus_stamp, diff

REPORT = RefreshReport(("new",), (), (), (), 1, 2, "g2")


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("One. Two.", encoding="utf-8")
    return tmp_path


def test_stamp_changes_on_add_edit_remove_and_manifest(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    first = corpus_stamp(corpus)
    (corpus / "articles" / "b.txt").write_text("Three.", encoding="utf-8")
    second = corpus_stamp(corpus)
    assert second != first and [n for n, _, _ in second] == ["a.txt", "b.txt"]
    path = corpus / "articles" / "a.txt"
    os.utime(path, ns=(1, 1))
    assert corpus_stamp(corpus) != second
    (corpus / "sources.toml").write_text("", encoding="utf-8")
    assert "sources.toml" in [n for n, _, _ in corpus_stamp(corpus)]
    (corpus / "articles" / "b.txt").unlink()
    assert "b.txt" not in [n for n, _, _ in corpus_stamp(corpus)]


def test_diff_tells_added_changed_removed_and_reattributed() -> None:
    before = {"a": {"sha256": "1", "meta": {}, "passages": 2},
              "b": {"sha256": "2", "meta": {}, "passages": 3},
              "c": {"sha256": "3", "meta": {"outlet": "X"}, "passages": 1}}
    after = {"a": {"sha256": "9", "meta": {}, "passages": 4},
             "c": {"sha256": "3", "meta": {"outlet": "Y"}, "passages": 1},
             "d": {"sha256": "4", "meta": {}, "passages": 5}}
    report = diff(before, after, "g2")
    assert (report.added, report.changed, report.removed, report.reattributed) == (
        ("d",), ("a",), ("b",), ("c",))
    assert (report.passages_before, report.passages) == (6, 10)
    assert "1 added, 1 changed, 1 removed, 1 re-attributed; passages 6 → 10" in report.summary()
    assert not diff(before, before, "g1").changed_anything


async def test_a_change_is_refreshed_once_it_has_settled(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    calls: list[int] = []

    async def refresh() -> RefreshReport:
        calls.append(1)
        return REPORT

    watcher = CorpusWatcher(corpus, 0.01, refresh)
    await watcher.start()
    assert await watcher.check() is None and calls == []  # nothing changed
    (corpus / "articles" / "b.txt").write_text("Three.", encoding="utf-8")
    assert await watcher.check() is None and calls == []  # seen once: may still be copying
    assert await watcher.check() is REPORT and calls == [1]  # the same twice: refreshed
    assert await watcher.check() is None and calls == [1]  # not again


async def test_a_failed_refresh_is_logged_and_not_retried_until_the_next_change(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = _corpus(tmp_path)
    calls: list[int] = []

    async def refresh() -> RefreshReport:
        calls.append(1)
        raise RefreshError("The index was not refreshed: b.txt is not UTF-8")

    watcher = CorpusWatcher(corpus, 0.01, refresh)
    await watcher.start()
    (corpus / "articles" / "b.txt").write_bytes(b"\xff\xfe")
    with caplog.at_level(logging.ERROR):
        await watcher.check()
        assert await watcher.check() is None
    assert "b.txt is not UTF-8" in caplog.text and "previous index keeps serving" in caplog.text
    await watcher.check()
    assert calls == [1]
    (corpus / "articles" / "b.txt").write_text("Fixed.", encoding="utf-8")
    await watcher.check()
    await watcher.check()
    assert calls == [1, 1]


async def test_run_keeps_checking_after_an_unexpected_error(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    calls: list[int] = []

    async def refresh() -> RefreshReport:
        calls.append(1)
        raise RuntimeError("boom")

    watcher = CorpusWatcher(corpus, 0.01, refresh)
    task = asyncio.create_task(watcher.run())
    await asyncio.sleep(0.05)
    (corpus / "articles" / "b.txt").write_text("Three.", encoding="utf-8")
    await asyncio.sleep(0.1)
    (corpus / "articles" / "c.txt").write_text("Four.", encoding="utf-8")
    await asyncio.sleep(0.1)
    assert not task.done()
    task.cancel()
    assert len(calls) == 2


def test_refresh_setting_parses_and_rejects_bad_values() -> None:
    assert Settings.from_env({}).refresh_seconds == 5.0
    assert Settings.from_env({"CALLBOT_REFRESH_SECONDS": "0"}).refresh_seconds == 0
    assert Settings.from_env({"CALLBOT_REFRESH_SECONDS": "2.5"}).refresh_seconds == 2.5
    for bad in ("-1", "soon", "nan"):
        with pytest.raises(SettingsError, match="CALLBOT_REFRESH_SECONDS"):
            Settings.from_env({"CALLBOT_REFRESH_SECONDS": bad})


async def test_each_distinct_failure_is_reported_once_until_a_refresh_succeeds(
        tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    errors = ["b.txt is not UTF-8", "b.txt is not UTF-8", "c.txt is empty", None,
              "c.txt is empty"]
    reported: list[str] = []

    async def refresh() -> RefreshReport:
        error = errors.pop(0)
        if error is None:
            return REPORT
        raise RefreshError(f"The index was not refreshed: {error}")

    async def on_failure(error: RefreshError) -> None:
        reported.append(str(error).rsplit(": ", 1)[1])

    watcher = CorpusWatcher(corpus, 0.01, refresh, on_failure=on_failure)
    await watcher.start()
    for i in range(5):  # five changes, each seen twice: five refreshes
        (corpus / "articles" / f"n{i}.txt").write_text("Five.", encoding="utf-8")
        await watcher.check()
        await watcher.check()
    assert errors == []
    # the same failure again is not reported; after a success it is news again
    assert reported == ["b.txt is not UTF-8", "c.txt is empty", "c.txt is empty"]


def test_admin_channel_setting_parses() -> None:
    assert Settings.from_env({}).admin_channel_id is None
    assert Settings.from_env({"CALLBOT_ADMIN_CHANNEL_ID": "123"}).admin_channel_id == 123
    with pytest.raises(SettingsError, match="CALLBOT_ADMIN_CHANNEL_ID"):
        Settings.from_env({"CALLBOT_ADMIN_CHANNEL_ID": "the-admins"})
