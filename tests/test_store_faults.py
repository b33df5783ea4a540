"""Fault injection on the store folder: foreign folders, read-only, disk full, a server that
is down, broken articles. Each fault is a message and a documented exit code, and a failed
command never removes or changes the index that serves."""

from __future__ import annotations

import contextlib
import errno
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.chroma_server import free_port
from bot import cli
from index import generations, records, storedir
from index.build import build
from index.corpus import load_corpus
from index.errors import CorpusError, StoreWriteError, UnsafeStoreError

pytestmark = pytest.mark.integration



@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.delenv("CHROMA_HOST", raising=False)

    def go(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main(["-q", *argv])
        except SystemExit as exc:  # argparse refusals
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return go


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def built(tmp_path: Path, small_corpus: Path, embedder) -> Path:
    """A store holding a complete index of the small corpus."""
    store = tmp_path / "idx"
    from bot.settings import Settings

    build(Settings(corpus=small_corpus, store=store).index_config(), embedder, progress=False)
    return store


def test_foreign_folder_is_refused_and_untouched(run, tmp_path: Path, small_corpus: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "notes.md").write_text("mine", "utf-8")
    (project / "chroma").mkdir()
    before = snapshot(project)
    for command in (["index", "--rebuild"], ["ask", "What did Putin agree to?"]):
        code, _, err = run(*command, "--corpus", str(small_corpus), "--store", str(project))
        assert code == 2 and "not a callbot index" in err and "Traceback" not in err
    assert snapshot(project) == before


def test_empty_store_argument_is_refused(run, tmp_path: Path, small_corpus: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("keep", "utf-8")
    code, _, err = run("index", "--corpus", str(small_corpus), "--store", "")
    assert code == 2 and "--store" in err and "empty" in err
    assert (tmp_path / "docs" / "keep.txt").read_text("utf-8") == "keep"
    with pytest.raises(UnsafeStoreError, match="empty"):
        storedir.check_store(Path(" "))


def test_store_that_is_a_file_is_refused(run, tmp_path: Path, small_corpus: Path) -> None:
    target = tmp_path / "file"
    target.write_text("data", "utf-8")
    code, _, err = run("ask", "--corpus", str(small_corpus), "--store", str(target), "Who?")
    assert code == 2 and "is a file" in err
    assert target.read_text("utf-8") == "data"


def test_down_server_changes_nothing_local(run, built: Path, small_corpus: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(built)
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(free_port()))
    for command in (["index", "--rebuild"], ["ask", "What did Putin agree to?"]):
        code, _, err = run(*command, "--corpus", str(small_corpus), "--store", str(built))
        assert code == 4 and "127.0.0.1" in err and "Traceback" not in err
    assert snapshot(built) == before


def test_unreadable_article_exits_3_naming_the_file(run, tmp_path: Path, small_corpus: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    victim = next((small_corpus / "articles").glob("003_*.txt"))
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == victim:  # root reads anything: the permission error is injected
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(CorpusError, match="Permission denied"):
        load_corpus(small_corpus)
    code, _, err = run("ask", "--corpus", str(small_corpus), "--store", str(tmp_path / "i"), "x?")
    assert code == 3 and victim.name in err and "cannot be read" in err


def test_disk_full_mid_build_keeps_the_live_generation(run, built: Path, small_corpus: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    live = generations.read_pointer(built)
    before = snapshot(built)
    calls = {"n": 0}
    real = records.write_doc

    def full(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the second article: the first is already written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(records, "write_doc", full)
    code, _, err = run("index", "--rebuild", "--corpus", str(small_corpus), "--store", str(built))
    assert code == 6 and "no space left" in err and "unchanged" in err
    assert generations.read_pointer(built) == live and generations.listed(built) == [live]
    assert snapshot(built) == before
    code, out, _ = run("ask", "--corpus", str(small_corpus), "--store", str(built),
                       "What did Putin agree to?")
    assert code == 0 and "> " in out


@contextlib.contextmanager
def mounted(args: list[str], target: Path) -> Iterator[None]:
    """A mount for the duration of a test; skips where mounting is not allowed."""
    target.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    proc = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount here: {proc.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_tiny_disk_is_refused_before_any_change(run, tmp_path: Path, small_corpus: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    disk = tmp_path / "tiny"
    with mounted(["-t", "tmpfs", "-o", "size=512k", "tmpfs"], disk):
        store = disk / "idx"
        code, _, err = run("index", "--corpus", str(small_corpus), "--store", str(store))
        assert code == 6 and "not enough space" in err
        assert generations.listed(store) == []
        # Without the up-front check the real ENOSPC arrives mid-build: same message, no
        # generation left behind, nothing live.
        monkeypatch.setattr(storedir, "MIN_FREE_BYTES", 0)
        monkeypatch.setattr(storedir, "BYTES_PER_CORPUS_BYTE", 0)
        code, _, err = run("index", "--corpus", str(small_corpus), "--store", str(store))
        assert code == 6 and "no space left" in err, err
        assert generations.listed(store) == [] and generations.read_pointer(store) is None


def test_read_only_store_answers_without_writing(run, built: Path, small_corpus: Path,
                                                 tmp_path: Path) -> None:
    view = tmp_path / "ro"
    before = snapshot(built)
    with mounted(["--bind", "-o", "ro", str(built)], view):
        probe = subprocess.run(["touch", str(view / "probe")], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("the bind mount is not read-only here")
        code, out, err = run("ask", "--json", "--corpus", str(small_corpus), "--store",
                             str(view), "What did Putin agree to?")
        assert code == 0 and '"answered": true' in out, err
        # A stale index cannot be refreshed there: a message and exit 6, no traceback.
        extra = small_corpus / "articles" / "009_new.txt"
        extra.write_text("A new article about the bridge.\n\nThe bridge opened.", "utf-8")
        code, _, err = run("ask", "--corpus", str(small_corpus), "--store", str(view), "x?")
        assert code == 6 and "read-only" in err and "Traceback" not in err
    assert snapshot(built) == before


def test_write_error_messages_name_the_cause(tmp_path: Path) -> None:
    full = storedir.write_error(OSError(errno.ENOSPC, "No space"), tmp_path)
    ro = storedir.write_error(OSError(errno.EROFS, "Read-only file system"), tmp_path)
    assert isinstance(full, StoreWriteError) and "no space" in str(full)
    assert "read-only" in str(ro)
