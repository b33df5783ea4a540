"""Build the index as a new generation beside the live one; the corpus is only ever read.

A build writes a complete generation (records, sentence vectors, conflicts, manifest and
its own chroma collection), verifies it, and only then switches the pointer to it; the old
generation is removed afterwards. A failed or interrupted build leaves the live generation
serving; its leftovers are removed by the next build. Articles whose file did not change
are copied from the live generation instead of being embedded again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from tqdm import tqdm

from index import conflicts, generations, live, manifest, records, storedir
from index.article import Article, process
from index.corpus import RawArticle, load_corpus
from index.embed import Embedder
from index.errors import CorruptIndexError, StoreWriteError
from index.live import Live
from index.lock import index_lock
from index.passages import ChunkSettings
from index.remote import ServerMeta, ServerPointer
from index.store import StoreConfig, VectorStore, forget_local_client

log = logging.getLogger(__name__)

# Bump when cleaning, splitting or the stored layout changes: old indexes are then rebuilt.
INDEX_FORMAT = 7
MANIFEST = manifest.MANIFEST


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
# Sentences per model call: the encoder sorts a call's sentences by length, so one call over
# many articles pads little (the seed corpus is one call, as its raw-encode floor is).
ENCODE_SENTENCES = 4096
PASSAGE_GROUP = 2000  # passages written to the vector store per call
T = TypeVar("T")


def _grouped(items: list[T], size_of: Callable[[T], int], limit: int) -> Iterator[list[T]]:
    """Consecutive groups of items whose sizes add up to about `limit` each."""
    group: list[T] = []
    size = 0
    for item in items:
        group.append(item)
        size += size_of(item)
        if size >= limit:
            yield group
            group, size = [], 0
    if group:
        yield group


@functools.cache
def _code_version() -> str:
    """A hash of the code that decides what the index holds (cleaning, splitting, claims).

    An upgrade that changes how articles are cleaned or conflicts are found then rebuilds
    the index by itself, instead of serving spans computed by the old code.
    """
    import index.claims
    import index.clean
    import index.conflicts
    import index.lexicon
    import index.passages
    import index.repair
    import index.sentences
    import index.values

    digest = hashlib.sha256()
    for module in (
        index.clean,
        index.repair,
        index.sentences,
        index.passages,
        index.claims,
        index.conflicts,
        index.values,
        index.lexicon,
    ):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _content(config: IndexConfig, model: str) -> dict:
    """What decides the stored data, wherever it is stored."""
    return {
        "format": INDEX_FORMAT,
        "code": _code_version(),
        "model": model,
        "chunking": asdict(config.chunking),
    }


def _fingerprint(config: IndexConfig, model: str) -> dict:
    return {
        **_content(config, model),
        "collection": config.store.collection,
        "remote": config.store.describe() if config.store.remote else None,
    }


def target_digest(config: IndexConfig, model: str, raws: list[RawArticle]) -> str:
    """The digest a generation built from these articles has (comparable across instances)."""
    docs = {r.doc_id: (r.sha256, records.meta_dict(r)) for r in raws}
    return manifest.digest(_content(config, model), docs)



def staleness(config: IndexConfig, model: str, raws: list[RawArticle], current: Live | None
              ) -> str | None:
    """Why the index needs (re)building, or None when the live generation matches."""
    if current is None:
        return "no complete index"
    if current.manifest["fingerprint"] != _fingerprint(config, model):
        return "built with other settings (model, chunking, format or store)"
    if current.manifest["digest"] != target_digest(config, model, raws):
        return "articles were added, removed or changed"
    return None


def build(
    config: IndexConfig,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = True,
) -> BuildReport:
    """Bring the index in line with the corpus, re-embedding only what changed."""
    raws = load_corpus(config.corpus)  # validates the whole corpus before touching the index
    storedir.prepare_store(config.path)
    meta = live.connect(config.store)  # a server that is down changes nothing
    storedir.ensure_room(config.path, storedir.needed_bytes(sum(len(r.raw_text) for r in raws)))
    with index_lock(config.path), (meta.lock() if meta else contextlib.nullcontext()):
        return _build_locked(config, embedder, raws, meta, rebuild=rebuild, progress=progress)


@dataclass(frozen=True)
class _Plan:
    """What one build writes: a new generation, and whether it reuses the server's vectors."""

    generation: str
    folder: Path
    collection: str
    attach: bool  # the server already serves these articles: write local files only


def _build_locked(config: IndexConfig, embedder: Embedder, raws: list[RawArticle],
                  meta: ServerMeta | None, *, rebuild: bool, progress: bool) -> BuildReport:
    current = live.resolve(config.store, meta)
    if not rebuild and staleness(config, embedder.name, raws, current) is None:
        assert current is not None
        passages = sum(d["passages"] for d in current.manifest["docs"].values())
        return BuildReport((), (), (), len(raws), passages, full=False)
    # Leftovers of interrupted builds (this process holds the lock: nobody else is building).
    generations.remove_others(config.path, {current.generation} if current else set())
    plan = _plan(config, embedder, raws, meta, rebuild=rebuild)
    reuse = None if rebuild or current is None else current
    if reuse is not None and reuse.manifest["fingerprint"] != _fingerprint(config, embedder.name):
        reuse = None
    try:
        with _store_opening(config, plan) as store:
            report, docs = _write_generation(config, embedder, raws, plan, reuse, progress)
            _finish(config, embedder, raws, plan, docs, store.result())
    except BaseException as exc:
        _discard(config, plan, meta)
        if isinstance(exc, OSError):
            raise storedir.write_error(exc, config.path) from exc
        raise
    _switch(config, plan, meta, target_digest(config, embedder.name, raws))
    log.info(report.summary())
    return report


def _plan(config: IndexConfig, embedder: Embedder, raws: list[RawArticle],
          meta: ServerMeta | None, *, rebuild: bool) -> _Plan:
    gen = generations.new_id()
    pointer = meta.pointer() if meta else None
    attach = bool(pointer and not rebuild
                  and pointer.digest == target_digest(config, embedder.name, raws))
    collection = pointer.collection if attach and pointer else f"{config.store.collection}-{gen}"
    return _Plan(gen, generations.folder(config.path, gen), collection, attach)


def _reusable(reuse: Live | None, raw: RawArticle) -> dict | None:
    """The live generation's entry for an unchanged article whose files are intact."""
    entry = reuse.manifest["docs"].get(raw.doc_id) if reuse else None
    if reuse is None or entry is None or entry["sha256"] != raw.sha256:
        return None
    try:
        records.verify(reuse.folder, raw.doc_id, entry)
    except CorruptIndexError as exc:
        log.warning("%s: embedding it again", exc)
        return None
    return entry


def _write_generation(config: IndexConfig, embedder: Embedder, raws: list[RawArticle],
                      plan: _Plan, reuse: Live | None, progress: bool
                      ) -> tuple[BuildReport, dict]:
    """Write every article's files into the new generation: copied when unchanged."""
    docs: dict[str, dict] = {}
    to_embed: list[RawArticle] = []
    updated: list[str] = []
    for raw in raws:
        entry = _reusable(reuse, raw)
        if entry is None:
            to_embed.append(raw)
            continue
        assert reuse is not None
        docs[raw.doc_id] = _copy_doc(config, reuse.folder, plan.folder, raw, entry)
        if entry["meta"] != records.meta_dict(raw):
            updated.append(raw.doc_id)
    docs.update(_embed_docs(config, embedder, to_embed, plan.folder, progress))
    removed = sorted(set(reuse.manifest["docs"]) - {r.doc_id for r in raws}) if reuse else []
    report = BuildReport(
        embedded=tuple(r.doc_id for r in to_embed),
        updated_meta=tuple(updated),
        removed=tuple(removed),
        unchanged=len(raws) - len(to_embed) - len(updated),
        passages=sum(d["passages"] for d in docs.values()),
        full=reuse is None,
    )
    return report, docs


def _copy_doc(config: IndexConfig, source: Path, target: Path, raw: RawArticle,
              entry: dict) -> dict:
    """Copy an unchanged article's files (rewriting the record when only its metadata moved)."""
    if entry["meta"] == records.meta_dict(raw):
        for src, dst in zip(records.paths(source, raw.doc_id), records.paths(target, raw.doc_id),
                            strict=True):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
        return dict(entry)
    article, vectors = records.load_doc(source, raw.doc_id, entry, config.chunking)
    article = process(raw, config.chunking)  # same text, new attribution
    return records.write_doc(target, raw, article, vectors)


def _encode_groups(raws: list[RawArticle], chunking: ChunkSettings
                   ) -> Iterator[list[tuple[RawArticle, Article]]]:
    """Articles cleaned and split, in groups of about ENCODE_SENTENCES sentences (or
    CHUNK_CHARS of text).

    A group is split before it is encoded, not while: pure-Python splitting beside
    onnxruntime on two cores slowed the encode by about as much as it saved.
    """
    group: list[tuple[RawArticle, Article]] = []
    sentences = chars = 0
    for raw in raws:
        article = process(raw, chunking)
        group.append((raw, article))
        sentences += len(article.sentences)
        chars += len(raw.raw_text)
        if sentences >= ENCODE_SENTENCES or chars >= CHUNK_CHARS:
            yield group
            group, sentences, chars = [], 0, 0
    if group:
        yield group


def _embed_docs(config: IndexConfig, embedder: Embedder, raws: list[RawArticle],
                folder: Path, progress: bool) -> dict[str, dict]:
    """Clean, split and embed new or changed articles, writing their files."""
    docs: dict[str, dict] = {}
    bar = tqdm(total=len(raws), unit="article", desc="Indexing", disable=not progress or not raws)
    for group in _encode_groups(raws, config.chunking):
        vectors = embedder.encode([s.text for _, a in group for s in a.sentences])
        offsets = np.cumsum([0] + [len(a.sentences) for _, a in group])
        for i, (raw, article) in enumerate(group):
            vecs = vectors[offsets[i] : offsets[i + 1]]
            docs[raw.doc_id] = records.write_doc(folder, raw, article, vecs)
        bar.update(len(group))
    bar.close()
    return docs


@contextlib.contextmanager
def _store_opening(config: IndexConfig, plan: _Plan) -> Iterator[Future[VectorStore]]:
    """The new generation's vector store, opened in a thread while the articles are embedded.

    Leaving the block waits for it, so a failed build never races the thread.
    """
    target = Live(plan.generation, plan.folder, {}, plan.collection)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="callbot-store") as pool:
        yield pool.submit(VectorStore, live.chroma_config(config.store, target),
                          create=not plan.attach)


def _finish(config: IndexConfig, embedder: Embedder, raws: list[RawArticle], plan: _Plan,
            docs: dict, store: VectorStore) -> None:
    """Vectors, conflicts and the manifest of the new generation, verified before it goes live."""
    articles, vectors = records.load_articles(plan.folder, docs, config.chunking)
    if not plan.attach:
        _add_passages(store, articles, vectors)
    total = sum(d["passages"] for d in docs.values())
    if store.count() != total:
        raise CorruptIndexError(f"vector store holds {store.count()} passages, expected {total}")
    # Conflicts span articles: detection re-runs over the whole corpus on any change.
    found = conflicts.detect(articles, vectors, store, embedder)
    records.atomic_write(plan.folder / conflicts.CONFLICTS_FILE, lambda p: conflicts.save(p, found))
    records.write_json(plan.folder / MANIFEST, {
        "complete": True,
        "generation": plan.generation,
        "collection": plan.collection,
        "fingerprint": _fingerprint(config, embedder.name),
        "digest": target_digest(config, embedder.name, raws),
        "docs": docs,
    })
    if manifest.read(plan.folder) is None:
        raise CorruptIndexError(f"{plan.folder / MANIFEST} did not read back")


def _add_passages(store: VectorStore, articles: list[Article], vectors: np.ndarray) -> None:
    offset = 0
    for group in _grouped(articles, lambda a: len(a.passages), PASSAGE_GROUP):
        rows = sum(len(a.sentences) for a in group)
        vecs, offset = vectors[offset : offset + rows], offset + rows
        starts = np.cumsum([0] + [len(a.sentences) for a in group])
        passage_vecs = [passage_vectors(a, vecs[starts[i] : starts[i + 1]])
                        for i, a in enumerate(group)]
        store.add(
            [p.id for a in group for p in a.passages],
            [a.doc_id for a in group for _ in a.passages],
            np.concatenate(passage_vecs),
            [p.text for a in group for p in a.passages],
        )


def _discard(config: IndexConfig, plan: _Plan, meta: ServerMeta | None) -> None:
    """Remove what a failed build wrote; the live generation is untouched."""
    generations.remove(config.path, plan.generation)
    if meta is not None and not plan.attach:
        with contextlib.suppress(Exception):  # the server may be the reason it failed
            meta.client.delete_collection(plan.collection)
    log.warning("build of generation %s failed: the live index is unchanged", plan.generation)


def _switch(config: IndexConfig, plan: _Plan, meta: ServerMeta | None, digest: str) -> None:
    """Make the new generation live (one atomic step), then remove the old ones."""
    if meta is not None and not plan.attach:
        meta.set_pointer(ServerPointer(plan.generation, plan.collection, digest))
    generations.switch(config.path, plan.generation)
    for gen in generations.listed(config.path):
        if gen != plan.generation:  # this process's cached chroma client of that folder
            forget_local_client(generations.folder(config.path, gen) / "chroma")
    generations.remove_others(config.path, {plan.generation})
    if (config.path / MANIFEST).exists():  # an earlier version's layout, now replaced
        storedir.remove_legacy(config.path)
    if meta is not None:
        meta.drop_others({plan.collection})


def drop_index(config: IndexConfig) -> None:
    """Remove an index entirely: every generation, and on a server its collections too."""
    meta = live.connect(config.store)
    if meta is not None:
        meta.drop_others(set())
        with contextlib.suppress(Exception):
            meta.client.delete_collection(f"{config.store.collection}-meta")
    generations.remove_others(config.path, set())


def open_store(store: StoreConfig) -> VectorStore:
    """Open a vector store as configured (benchmarks query raw collections)."""
    return VectorStore(store)


__all__ = ["BuildReport", "IndexConfig", "StoreWriteError", "build", "drop_index", "staleness"]
