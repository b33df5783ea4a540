"""A generation's per-article files: the record (clean text, spans) and the sentence vectors.

Each file's sha256 is kept in the manifest and checked when the generation is loaded: an
edited record would otherwise be quoted as the article's verbatim text.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

from index.article import Article, assemble
from index.corpus import RawArticle
from index.errors import CorruptIndexError
from index.manifest import file_sha256
from index.passages import ChunkSettings
from index.sentences import Sentence

DOCS = "docs"


def meta_dict(raw: RawArticle) -> dict:
    """The manifest's view of an article's metadata (JSON-ready)."""
    m = raw.meta
    return {
        "outlet": m.outlet,
        "title": m.title,
        "published": m.published.isoformat() if m.published else None,
        "url": m.url,
    }


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_json(path: Path, data: dict) -> None:
    """Write a JSON file atomically."""
    atomic_write(path, lambda p: p.write_text(json.dumps(data, ensure_ascii=False), "utf-8"))


def _write_npy(path: Path, array: np.ndarray) -> None:
    def write(p: Path) -> None:
        with p.open("wb") as fh:
            np.save(fh, array)

    atomic_write(path, write)


def paths(folder: Path, doc_id: str) -> tuple[Path, Path]:
    """The record and vector files of one article in a generation folder."""
    return folder / DOCS / f"{doc_id}.json", folder / DOCS / f"{doc_id}.npy"


def write_doc(folder: Path, raw: RawArticle, article: Article, vectors: np.ndarray) -> dict:
    """Write one article's files; returns its manifest entry (with the files' hashes)."""
    record_path, vectors_path = paths(folder, raw.doc_id)
    _write_npy(vectors_path, vectors)
    write_json(record_path, _record(article, raw))
    return {
        "sha256": raw.sha256,
        "meta": meta_dict(raw),
        "passages": len(article.passages),
        "record_sha256": file_sha256(record_path),
        "vectors_sha256": file_sha256(vectors_path),
    }


def _record(article: Article, raw: RawArticle) -> dict:
    return {
        "doc_id": article.doc_id,
        "sha256": article.sha256,
        "meta": meta_dict(raw),
        "clean_text": article.clean_text,
        "found_title": article.title if raw.meta.title is None else None,
        "sentences": [
            [s.start, s.end, s.paragraph, s.heading, s.quotable] for s in article.sentences
        ],
    }


def _article(record: dict, chunking: ChunkSettings) -> Article:
    text = record["clean_text"]
    doc_id = record["doc_id"]
    sentences = [
        Sentence(doc_id, i, start, end, text[start:end], para, heading, quotable)
        for i, (start, end, para, heading, quotable) in enumerate(record["sentences"])
    ]
    meta = dict(record["meta"])
    if meta["published"]:
        meta["published"] = date.fromisoformat(meta["published"])
    return assemble(
        None, text, record.get("found_title"), sentences, chunking,
        doc_id=doc_id, sha256=record["sha256"], meta=meta,
    )


def verify(folder: Path, doc_id: str, entry: dict) -> None:
    """Raise CorruptIndexError unless both files of an article match their manifest hashes."""
    record_path, vectors_path = paths(folder, doc_id)
    for path, key in ((record_path, "record_sha256"), (vectors_path, "vectors_sha256")):
        try:
            actual = file_sha256(path)
        except OSError as exc:
            raise CorruptIndexError(f"{path} cannot be read: {exc}") from exc
        if actual != entry[key]:
            raise CorruptIndexError(f"{path} does not match the index manifest (edited?)")


def load_doc(folder: Path, doc_id: str, entry: dict, chunking: ChunkSettings):
    """One verified article and its sentence vectors."""
    verify(folder, doc_id, entry)
    record_path, vectors_path = paths(folder, doc_id)
    record = json.loads(record_path.read_text("utf-8"))
    if record.get("doc_id") != doc_id or record.get("sha256") != entry["sha256"]:
        raise CorruptIndexError(f"{record_path} belongs to another article version")
    article = _article(record, chunking)
    vectors = np.load(vectors_path)
    if vectors.shape[0] != len(article.sentences):
        raise CorruptIndexError(
            f"{doc_id}: {vectors.shape[0]} vectors for {len(article.sentences)} sentences"
        )
    return article, vectors


def load_articles(
    folder: Path, docs: dict, chunking: ChunkSettings
) -> tuple[list[Article], np.ndarray]:
    """Every article of a generation (verified) and their sentence vectors, stacked."""
    articles: list[Article] = []
    vectors: list[np.ndarray] = []
    for doc_id in sorted(docs):
        article, vecs = load_doc(folder, doc_id, docs[doc_id], chunking)
        articles.append(article)
        vectors.append(vecs)
    dim = vectors[0].shape[1] if vectors else 0
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, dim), np.float32)
    return articles, matrix
