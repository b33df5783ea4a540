"""Corpus loading: the manifest is validated and errors name the file."""

from __future__ import annotations

import pytest

from index.corpus import load_corpus
from index.errors import CorpusError


def test_seed_corpus_loads_with_metadata(corpus_copy):
    articles = {a.doc_id: a for a in load_corpus(corpus_copy)}
    assert len(articles) == 5
    assert articles["001_606016d5f4e31464"].meta.outlet == "EL PAÍS USA Edition"
    assert articles["004_022e8ac266d628cb"].meta.published.isoformat() == "2025-03-18"
    assert articles["002_95c2037b3342536c"].meta.url is None


def test_malformed_manifest_names_file_and_line(corpus_copy):
    (corpus_copy / "sources.toml").write_text('[[article]]\nfile = "x.txt\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sources\.toml.*line 2"):
        load_corpus(corpus_copy)


def test_manifest_listing_a_missing_article(corpus_copy):
    with (corpus_copy / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[article]]\nfile = "999_missing.txt"\n')
    with pytest.raises(CorpusError, match="999_missing.txt"):
        load_corpus(corpus_copy)


def test_undecodable_article_is_named(corpus_copy):
    (corpus_copy / "articles" / "005_bad.txt").write_bytes(b"ok line\n\xff\xfe broken")
    with pytest.raises(CorpusError, match=r"005_bad\.txt.*line 2"):
        load_corpus(corpus_copy)


def test_bad_field_types_are_reported(corpus_copy):
    (corpus_copy / "sources.toml").write_text(
        '[[article]]\nfile = "000_6eca0caffe1ff5fb.txt"\npublished = "yesterday"\n',
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="published"):
        load_corpus(corpus_copy)


def test_article_without_entry_is_still_loaded(corpus_copy):
    (corpus_copy / "articles" / "005_extra.txt").write_text("A headline\n\nBody.", "utf-8")
    extra = [a for a in load_corpus(corpus_copy) if a.doc_id == "005_extra"]
    assert extra and extra[0].meta.outlet is None


def test_missing_articles_folder(tmp_path):
    with pytest.raises(CorpusError, match="articles"):
        load_corpus(tmp_path)
