"""Load a corpus folder: `articles/*.txt` plus the `sources.toml` manifest."""

from __future__ import annotations

import hashlib
import logging
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from index.errors import CorpusError

log = logging.getLogger(__name__)

MANIFEST = "sources.toml"
ARTICLES = "articles"
_FIELDS = {"file", "outlet", "title", "published", "url"}


@dataclass(frozen=True)
class SourceMeta:
    """What the manifest says about one article; every field but `file` is optional."""

    file: str
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class RawArticle:
    """One article file as published, with its manifest entry."""

    doc_id: str
    path: Path
    raw_text: str
    sha256: str
    meta: SourceMeta


def _parse_entry(entry: object, index: int, manifest: Path) -> SourceMeta:
    where = f"{manifest}: [[article]] #{index + 1}"
    if not isinstance(entry, dict):
        raise CorpusError(f"{where}: expected a table")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise CorpusError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    file = entry.get("file")
    if not isinstance(file, str) or not file.strip():
        raise CorpusError(f"{where}: 'file' is required and must be a string")
    if Path(file).name != file:
        raise CorpusError(f"{where}: 'file' must be a bare file name, got {file!r}")
    for key in ("outlet", "title", "url"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise CorpusError(f"{where} ({file}): '{key}' must be a non-empty string")
    published = entry.get("published")
    if published is not None and not isinstance(published, date):
        raise CorpusError(f"{where} ({file}): 'published' must be a TOML date like 2025-03-19")
    return SourceMeta(
        file=file,
        outlet=entry.get("outlet"),
        title=entry.get("title"),
        published=published,
        url=entry.get("url"),
    )


def read_manifest(corpus_dir: Path) -> dict[str, SourceMeta]:
    """Parse and validate `sources.toml`; an absent manifest means no metadata."""
    manifest = corpus_dir / MANIFEST
    if not manifest.exists():
        log.info("no %s in %s: articles are attributed by headline", MANIFEST, corpus_dir)
        return {}
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"{manifest}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{manifest}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{manifest}: {exc}") from exc
    unknown = set(data) - {"article", "corpus"}  # [corpus]: read by bot.corpus_info
    if unknown:
        raise CorpusError(f"{manifest}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    entries = data.get("article", [])
    if not isinstance(entries, list):
        raise CorpusError(f"{manifest}: 'article' must be an array of tables ([[article]])")
    metas: dict[str, SourceMeta] = {}
    for i, entry in enumerate(entries):
        meta = _parse_entry(entry, i, manifest)
        if meta.file in metas:
            raise CorpusError(f"{manifest}: {meta.file} is listed twice")
        metas[meta.file] = meta
    return metas


def load_corpus(corpus_dir: Path) -> list[RawArticle]:
    """Read every article of a corpus, validating it whole before anything is indexed."""
    corpus_dir = Path(corpus_dir)
    articles_dir = corpus_dir / ARTICLES
    if not articles_dir.is_dir():
        raise CorpusError(f"{articles_dir}: no such folder (a corpus holds articles/*.txt)")
    metas = read_manifest(corpus_dir)
    try:
        paths = sorted(p for p in articles_dir.glob("*.txt") if p.is_file())
    except OSError as exc:
        raise CorpusError(f"{articles_dir}: cannot be listed ({exc.strerror or exc})") from exc
    present = {p.name for p in paths}
    missing = sorted(set(metas) - present)
    if missing:
        raise CorpusError(
            f"{corpus_dir / MANIFEST}: lists {', '.join(missing)}, missing from {articles_dir}"
        )
    if not paths:
        raise CorpusError(f"{articles_dir}: no .txt articles")
    articles = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CorpusError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CorpusError(f"{path}: not UTF-8 text (line {line}, byte {exc.start})") from exc
        if text.startswith("\ufeff"):
            text = text[1:]
        if not text.strip():
            raise CorpusError(f"{path}: empty article")
        articles.append(
            RawArticle(
                doc_id=path.stem,
                path=path,
                raw_text=text,
                sha256=hashlib.sha256(data).hexdigest(),
                meta=metas.get(path.name, SourceMeta(file=path.name)),
            )
        )
    return articles
