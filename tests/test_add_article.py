"""Writing an article into the corpus: every check before any write; comments kept; undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.add_article import MANIFEST, NewArticle, add_article, remove_added
from index.corpus import load_corpus
from index.errors import CorpusError

MANIFEST_TEXT = """# The seed corpus.  Comments and layout must survive.
[corpus]
subject = "a test"   # inline comment

[[article]]
file = "a.txt"
outlet = "Outlet A"
"""
TEXT = b"Officials said fourteen people were injured in the attack.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("An article about a call.\n", encoding="utf-8")
    (tmp_path / MANIFEST).write_text(MANIFEST_TEXT, encoding="utf-8")
    return tmp_path


def _snapshot(corpus: Path) -> dict[str, bytes]:
    return {str(p.relative_to(corpus)): p.read_bytes() for p in corpus.rglob("*") if p.is_file()}


def test_added_article_and_entry_keep_the_manifest_style(corpus: Path) -> None:
    added = add_article(corpus, NewArticle("odesa_strike.txt", TEXT, outlet="  Kyiv   Post ",
                                           title="Strike", published="2025-03-20",
                                           url="https://example.org/a"))
    assert added.path.read_bytes() == TEXT and added.doc_id == "odesa_strike"
    manifest = (corpus / MANIFEST).read_text(encoding="utf-8")
    assert manifest.startswith(MANIFEST_TEXT)  # comments, spacing and order untouched
    raws = {r.doc_id: r for r in load_corpus(corpus)}
    meta = raws["odesa_strike"].meta
    assert (meta.outlet, meta.title, str(meta.published), meta.url) == (
        "Kyiv Post", "Strike", "2025-03-20", "https://example.org/a")
    assert not [p for p in corpus.rglob("*.tmp")]
    remove_added(corpus, added)
    assert (corpus / MANIFEST).read_text(encoding="utf-8") == MANIFEST_TEXT
    assert not added.path.exists()


def test_without_a_manifest_one_is_made_and_removed_on_undo(corpus: Path) -> None:
    (corpus / MANIFEST).unlink()
    added = add_article(corpus, NewArticle("b.txt", TEXT))
    assert 'file = "b.txt"' in (corpus / MANIFEST).read_text(encoding="utf-8")
    remove_added(corpus, added)
    assert not (corpus / MANIFEST).exists()


@pytest.mark.parametrize(("new", "message"), [
    (NewArticle("../evil.txt", TEXT), "not a safe file name"),
    (NewArticle("sub/evil.txt", TEXT), "not a safe file name"),
    (NewArticle("notes.md", TEXT), "not a safe file name"),
    (NewArticle(".hidden.txt", TEXT), "not a safe file name"),
    (NewArticle("big.txt", b"x" * 1_000_001), "the limit is"),
    (NewArticle("latin.txt", "caf\xe9".encode("latin-1")), "not UTF-8"),
    (NewArticle("empty.txt", b"  \n "), "no text"),
    (NewArticle("A.txt", TEXT), "already there"),
    (NewArticle("copy.txt", b"An article about a call.\r\n"), "already there, as a.txt"),
    (NewArticle("d.txt", TEXT, published="20 March"), "not a date"),
    (NewArticle("u.txt", TEXT, url="javascript:alert(1)"), "not an http"),
])
def test_nothing_is_written_when_a_check_fails(corpus: Path, new: NewArticle,
                                               message: str) -> None:
    before = _snapshot(corpus)
    with pytest.raises(CorpusError, match=message):
        add_article(corpus, new)
    assert _snapshot(corpus) == before


def test_a_broken_manifest_refuses_before_writing(corpus: Path) -> None:
    (corpus / MANIFEST).write_text("[[article]\nfile = ", encoding="utf-8")
    before = _snapshot(corpus)
    with pytest.raises(CorpusError, match="cannot be read"):
        add_article(corpus, NewArticle("b.txt", TEXT))
    assert _snapshot(corpus) == before


class _FailingEngine:
    """An engine whose refresh fails, as when the new corpus cannot be indexed."""

    def sources(self) -> list:
        return []

    def refresh(self):
        from bot.errors import RefreshError

        raise RefreshError("The index was not refreshed: disk full")


def test_an_article_that_cannot_be_indexed_is_undone(corpus: Path) -> None:
    from bot.adding import AddArticleError, add_to_corpus

    before = _snapshot(corpus)
    with pytest.raises(AddArticleError, match="could not be indexed"):
        add_to_corpus(_FailingEngine(), corpus, NewArticle("b.txt", TEXT))  # type: ignore[arg-type]
    assert _snapshot(corpus) == before
