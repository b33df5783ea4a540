"""Build, refresh and verify the index; the corpus is only ever read.

The index is a folder (the store path) holding `manifest.json` (what the index was built
from), `docs/<doc_id>.json` (clean text and sentence spans) and `docs/<doc_id>.npy`
(sentence vectors), plus the chroma collection of passage vectors, local under `chroma/` or
on a chroma server. The manifest is written last: an index whose manifest is missing,
unreadable or not marked complete was interrupted and is rebuilt from the corpus.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index import conflicts
from index.article import Article, assemble, process
from index.corpus import RawArticle, load_corpus
from index.embed import Embedder
from index.errors import StoreUnavailableError
from index.lock import index_lock
from index.passages import ChunkSettings
from index.sentences import Sentence
from index.store import StoreConfig, VectorStore, forget_local_clients

log = logging.getLogger(__name__)

# Bump when cleaning, splitting or the stored layout changes: old indexes are then rebuilt.
INDEX_FORMAT = 6
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class IndexConfig:
    """Everything that decides what an index contains and where it lives."""

    corpus: Path
    store: StoreConfig
    chunking: ChunkSettings = field(default_factory=ChunkSettings)

    @property
    def path(self) -> Path:
        """The local index folder."""
        return self.store.path


@dataclass(frozen=True)
class BuildReport:
    """What a build or refresh did."""

    embedded: tuple[str, ...]
    updated_meta: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    passages: int
    full: bool

    def summary(self) -> str:
        """One line for the user."""
        kind = "rebuilt" if self.full else "refreshed"
        return (
            f"index {kind}: {len(self.embedded)} article(s) embedded, "
            f"{len(self.updated_meta)} re-attributed, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged; {self.passages} passages"
        )


def passage_vectors(article: Article, sentence_vecs: np.ndarray) -> np.ndarray:
    """A passage's vector is the normalised mean of its sentences' vectors.

    Quote selection needs a vector per sentence anyway; deriving passage vectors from them
    means each sentence is encoded once, instead of once more inside every overlapping
    passage (indexing does about 2/3 of the model work of encoding passages), and dense
    retrieval on the dev set is the same either way (measured: 11/14 both, before conflicts).
    """
    dim = sentence_vecs.shape[1] if sentence_vecs.ndim == 2 else 0
    out = np.zeros((len(article.passages), dim), dtype=np.float32)
    for i, p in enumerate(article.passages):
        mean = sentence_vecs[p.first_sentence : p.last_sentence + 1].mean(axis=0)
        out[i] = mean / (np.linalg.norm(mean) or 1.0)
    return out


CHUNK_CHARS = 400_000  # article text embedded per model call (bounds memory on big corpora)


def _chunks(raws: list[RawArticle]):
    """Consecutive groups of articles holding about CHUNK_CHARS of text each."""
    group: list[RawArticle] = []
    size = 0
    for raw in raws:
        group.append(raw)
        size += len(raw.raw_text)
        if size >= CHUNK_CHARS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _meta_dict(raw: RawArticle) -> dict:
    m = raw.meta
    return {
        "outlet": m.outlet,
        "title": m.title,
        "published": m.published.isoformat() if m.published else None,
        "url": m.url,
    }


@functools.cache
def _code_version() -> str:
    """A hash of the code that decides what the index holds (cleaning, splitting, claims).

    An upgrade that changes how articles are cleaned or conflicts are found then rebuilds
    the index by itself, instead of serving spans computed by the old code.
    """
    import index.claims
    import index.clean
    import index.conflicts
    import index.passages
    import index.repair
    import index.sentences

    digest = hashlib.sha256()
    for module in (
        index.clean,
        index.repair,
        index.sentences,
        index.passages,
        index.claims,
        index.conflicts,
    ):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _fingerprint(config: IndexConfig, model: str) -> dict:
    return {
        "format": INDEX_FORMAT,
        "code": _code_version(),
        "model": model,
        "chunking": asdict(config.chunking),
        "collection": config.store.collection,
        "remote": config.store.describe() if config.store.remote else None,
    }


def read_manifest(path: Path) -> dict | None:
    """The manifest if it is readable and complete, else None."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("index manifest unreadable (%s): the index will be rebuilt", exc)
        return None
    if not isinstance(manifest, dict) or manifest.get("complete") is not True:
        log.warning("index at %s was interrupted: it will be rebuilt", path)
        return None
    return manifest


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_json(path: Path, data: dict) -> None:
    _atomic_write(path, lambda p: p.write_text(json.dumps(data, ensure_ascii=False), "utf-8"))


def _write_npy(path: Path, array: np.ndarray) -> None:
    def write(p: Path) -> None:
        with p.open("wb") as fh:
            np.save(fh, array)

    _atomic_write(path, write)


def _doc_record(article: Article, raw: RawArticle) -> dict:
    return {
        "doc_id": article.doc_id,
        "sha256": article.sha256,
        "meta": _meta_dict(raw),
        "clean_text": article.clean_text,
        "found_title": article.title if raw.meta.title is None else None,
        "sentences": [
            [s.start, s.end, s.paragraph, s.heading, s.quotable] for s in article.sentences
        ],
    }


def _article_from_record(record: dict, chunking: ChunkSettings) -> Article:
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
        None,
        text,
        record.get("found_title"),
        sentences,
        chunking,
        doc_id=doc_id,
        sha256=record["sha256"],
        meta=meta,
    )


def load_articles(config: IndexConfig, manifest: dict) -> tuple[list[Article], np.ndarray]:
    """Read the processed articles and their sentence vectors back from the index folder."""
    articles: list[Article] = []
    vectors: list[np.ndarray] = []
    for doc_id in sorted(manifest["docs"]):
        record = json.loads((config.path / "docs" / f"{doc_id}.json").read_text("utf-8"))
        article = _article_from_record(record, config.chunking)
        vecs = np.load(config.path / "docs" / f"{doc_id}.npy")
        if vecs.shape[0] != len(article.sentences):
            raise ValueError(
                f"{doc_id}: {vecs.shape[0]} vectors for {len(article.sentences)} sentences"
            )
        articles.append(article)
        vectors.append(vecs)
    dim = vectors[0].shape[1] if vectors else 0
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, dim), np.float32)
    return articles, matrix


def staleness(config: IndexConfig, model: str, raws: list[RawArticle]) -> str | None:
    """Why the index needs (re)building, or None when it matches the corpus."""
    manifest = read_manifest(config.path)
    if manifest is None:
        return "no complete index"
    if manifest.get("fingerprint") != _fingerprint(config, model):
        return "built with other settings (model, chunking, format or store)"
    docs = manifest.get("docs", {})
    current = {r.doc_id: (r.sha256, _meta_dict(r)) for r in raws}
    if set(docs) != set(current):
        return "articles were added or removed"
    for doc_id, (sha, meta) in current.items():
        if docs[doc_id].get("sha256") != sha or docs[doc_id].get("meta") != meta:
            return f"{doc_id} changed"
    return None


def open_store(store: StoreConfig, *, wipe_broken: bool = False) -> VectorStore:
    """Open the vector store; with `wipe_broken`, an unreadable local store is recreated."""
    store = _local_chroma(store)
    try:
        return VectorStore(store)
    except StoreUnavailableError:
        if store.remote or not wipe_broken:
            raise
        log.warning("local vector store at %s is unreadable: recreating it", store.path)
        shutil.rmtree(store.path, ignore_errors=True)
        forget_local_clients()  # chroma would hand back the client of the broken folder
        return VectorStore(store)


def build(
    config: IndexConfig,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = True,
) -> BuildReport:
    """Bring the index in line with the corpus, re-embedding only what changed."""
    raws = load_corpus(config.corpus)  # validates the whole corpus before touching the index
    with index_lock(config.path):
        return _build_locked(config, embedder, raws, rebuild=rebuild, progress=progress)


def _build_locked(
    config: IndexConfig,
    embedder: Embedder,
    raws: list[RawArticle],
    *,
    rebuild: bool,
    progress: bool,
) -> BuildReport:
    index_dir = config.path
    fingerprint = _fingerprint(config, embedder.name)
    old = None if rebuild else read_manifest(index_dir)
    if old is not None and old.get("fingerprint") != fingerprint:
        old = None
    full = old is None
    old_docs: dict = old["docs"] if old else {}

    current = {r.doc_id: r for r in raws}
    removed = sorted(set(old_docs) - set(current))
    to_embed = [r for r in raws if old_docs.get(r.doc_id, {}).get("sha256") != r.sha256]
    meta_only = [
        r for r in raws if r not in to_embed and old_docs[r.doc_id].get("meta") != _meta_dict(r)
    ]
    if not full and not (removed or to_embed or meta_only):
        passages = sum(d["passages"] for d in old_docs.values())
        return BuildReport((), (), (), len(raws), passages, full=False)

    if full and (index_dir / "docs").exists():
        shutil.rmtree(index_dir / "docs")
    index_dir.mkdir(parents=True, exist_ok=True)
    # Mark the index as in progress: an interrupted build is then detected and redone.
    _write_json(index_dir / MANIFEST, {"complete": False, "fingerprint": fingerprint})
    if full and not config.store.remote:
        # Start the embedded store afresh: deleting a collection leaves its files behind.
        shutil.rmtree(_local_chroma(config.store).path, ignore_errors=True)
        forget_local_clients()
    store = open_store(config.store, wipe_broken=True)
    if full:
        store.reset()
    if removed:
        store.delete_docs(removed)
        for doc_id in removed:
            for suffix in (".json", ".npy"):
                (index_dir / "docs" / f"{doc_id}{suffix}").unlink(missing_ok=True)

    docs: dict[str, dict] = {d: v for d, v in old_docs.items() if d in current}
    bar = tqdm(
        total=len(to_embed), unit="article", desc="Indexing", disable=not progress or not to_embed
    )
    indexed = 0
    for chunk in _chunks(to_embed):
        articles = [process(raw, config.chunking) for raw in chunk]
        # One encode call per chunk: the model batches sentences of similar length together
        # across articles, instead of padding many small per-article batches.
        vectors = embedder.encode([s.text for a in articles for s in a.sentences])
        offsets = np.cumsum([0] + [len(a.sentences) for a in articles])
        passage_vecs = [
            passage_vectors(a, vectors[offsets[i] : offsets[i + 1]]) for i, a in enumerate(articles)
        ]
        if not full:
            store.delete_docs([raw.doc_id for raw in chunk])
        store.add(
            [p.id for a in articles for p in a.passages],
            [a.doc_id for a in articles for _ in a.passages],
            np.concatenate(passage_vecs) if passage_vecs else vectors[:0],
            [p.text for a in articles for p in a.passages],
        )
        for i, (raw, article) in enumerate(zip(chunk, articles, strict=True)):
            _write_npy(
                index_dir / "docs" / f"{raw.doc_id}.npy", vectors[offsets[i] : offsets[i + 1]]
            )
            _write_json(index_dir / "docs" / f"{raw.doc_id}.json", _doc_record(article, raw))
            docs[raw.doc_id] = {
                "sha256": raw.sha256,
                "meta": _meta_dict(raw),
                "passages": len(article.passages),
            }
        indexed += sum(len(a.passages) for a in articles)
        bar.set_postfix(passages=indexed)
        bar.update(len(chunk))
    bar.close()
    for raw in meta_only:
        path = index_dir / "docs" / f"{raw.doc_id}.json"
        record = json.loads(path.read_text("utf-8"))
        record["meta"] = _meta_dict(raw)
        _write_json(path, record)
        docs[raw.doc_id]["meta"] = _meta_dict(raw)

    total = sum(d["passages"] for d in docs.values())
    stored = store.count()
    if stored != total:
        raise StoreUnavailableError(
            f"vector store holds {stored} passages, expected {total}; run `callbot index --rebuild`"
        )
    # Conflicts span articles, so any change re-runs detection over the whole corpus
    # (neighbour queries, not all pairs; see index.conflicts).
    articles, vectors = load_articles(config, {"docs": docs})
    found = conflicts.detect(articles, vectors, store, embedder)
    _atomic_write(index_dir / conflicts.CONFLICTS_FILE, lambda p: conflicts.save(p, found))
    _write_json(index_dir / MANIFEST, {"complete": True, "fingerprint": fingerprint, "docs": docs})
    report = BuildReport(
        embedded=tuple(r.doc_id for r in to_embed),
        updated_meta=tuple(r.doc_id for r in meta_only),
        removed=tuple(removed),
        unchanged=len(raws) - len(to_embed) - len(meta_only),
        passages=total,
        full=full,
    )
    log.info(report.summary())
    return report


def _local_chroma(store: StoreConfig) -> StoreConfig:
    """Embedded chroma lives in `chroma/` inside the index folder."""
    if store.remote:
        return store
    return StoreConfig(path=store.path / "chroma", collection=store.collection)
