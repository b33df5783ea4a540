"""Add one article to a corpus folder: validated first, then written file by file atomically.

Nothing is written when a check fails. The article is written to a temporary file and
renamed; `sources.toml` is edited with tomlkit (comments and layout kept), written the same
way. `remove_added` undoes both when the new corpus then fails to index.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import tomlkit

from index.errors import CorpusError

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000  # an article is a few tens of KiB; this leaves room and stops abuse
MANIFEST = "sources.toml"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.txt")


@dataclass(frozen=True)
class NewArticle:
    """What an admin sent: the file's name and bytes, and what it shows of its source."""

    filename: str
    data: bytes
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None


@dataclass(frozen=True)
class Added:
    """What was written: the article's path, and the manifest's text before (None: no file)."""

    path: Path
    doc_id: str
    manifest_before: str | None


def check_name(filename: str) -> str:
    """The file name if safe (letters, digits, `_.-`, ending in .txt, no folders)."""
    name = filename.strip()
    if not SAFE_NAME.fullmatch(name) or ".." in name:
        raise CorpusError(f"'{filename[:100]}' is not a safe file name: use letters, digits, "
                          "_ . - and end it in .txt")
    return name


def check_text(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The article's text: within the size cap, UTF-8, with some words."""
    if len(data) > max_bytes:
        raise CorpusError(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"the file is not UTF-8 text (byte {exc.start})") from exc
    if not re.search(r"\w{2,}", text):
        raise CorpusError("the file has no text")
    return text


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CorpusError(f"'{value[:40]}' is not a date like 2025-03-19") from exc


def _url(value: str) -> str:
    url = value.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 2000:
        raise CorpusError(f"'{url[:100]}' is not an http(s) address")
    return url


def _duplicate(articles: Path, name: str, data: bytes) -> None:
    digest = hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()
    for path in sorted(articles.glob("*.txt")):
        if path.name.casefold() == name.casefold():
            raise CorpusError(f"an article named {path.name} is already there")
        existing = path.read_bytes().replace(b"\r\n", b"\n")
        if hashlib.sha256(existing).hexdigest() == digest:
            raise CorpusError(f"this article is already there, as {path.name}")


def _entry(new: NewArticle, name: str) -> tomlkit.items.Table:
    entry = tomlkit.table()
    entry["file"] = name
    for key, value in (("outlet", new.outlet), ("title", new.title)):
        if value and value.strip():
            entry[key] = " ".join(value.split())
    if new.published and new.published.strip():
        entry["published"] = _date(new.published)
    if new.url and new.url.strip():
        entry["url"] = _url(new.url)
    return entry


def _manifest_with(corpus: Path, entry: tomlkit.items.Table) -> tuple[str | None, str]:
    path = corpus / MANIFEST
    before = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        doc = tomlkit.parse(before) if before is not None else tomlkit.document()
    except tomlkit.exceptions.ParseError as exc:
        raise CorpusError(f"{path} cannot be read: {exc}") from exc
    articles = doc.get("article")
    if articles is None:
        articles = tomlkit.aot()
        doc.append("article", articles)
    articles.append(entry)
    return before, tomlkit.dumps(doc)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_article(corpus: Path, new: NewArticle, max_bytes: int = MAX_BYTES) -> Added:
    """Validate everything, then write the article and its manifest entry; CorpusError if not."""
    name = check_name(new.filename)
    check_text(new.data, max_bytes)
    articles = corpus / "articles"
    if not articles.is_dir():
        raise CorpusError(f"{articles} is not a folder")
    _duplicate(articles, name, new.data)
    before, after = _manifest_with(corpus, _entry(new, name))
    path = articles / name
    write_atomic(path, new.data)
    try:
        write_atomic(corpus / MANIFEST, after.encode("utf-8"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    log.info("added %s to the corpus", path)
    return Added(path, path.stem, before)


def remove_added(corpus: Path, added: Added) -> None:
    """Undo `add_article`: the article removed and the manifest as it was."""
    added.path.unlink(missing_ok=True)
    manifest = corpus / MANIFEST
    if added.manifest_before is None:
        manifest.unlink(missing_ok=True)
    else:
        write_atomic(manifest, added.manifest_before.encode("utf-8"))
    log.info("removed %s from the corpus again", added.path)
