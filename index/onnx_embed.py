"""The question and sentence encoder on onnxruntime + tokenizers: no torch import."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.onnx_export import EXPORT_FORMAT, META_FILE, MODEL_FILE, TOKENIZER_FILE

log = logging.getLogger(__name__)


def read_meta(folder: Path) -> dict | None:
    """The export's description, or None when the folder holds no usable export."""
    try:
        meta = json.loads((folder / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("format") != EXPORT_FORMAT or not (folder / MODEL_FILE).is_file():
        return None
    return meta


class OnnxEncoder:
    """Mean-pooled, normalised vectors from an exported model (same as sentence-transformers)."""

    def __init__(self, folder: Path, meta: dict) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.dimension = int(meta["dimension"])
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(int(meta["max_seq_length"]))
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # Idle worker threads sleep instead of spinning: on 2 cores shared with other work
        # (another process, the build's own threads) spinning took the CPU the other thread
        # of a parallel step was waiting for (sentences 1.6 -> 1.1 s, a question 8 -> 4 ms).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(folder / MODEL_FILE), options,
                                             providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Normalised float32 vectors; texts of similar length are batched together."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._batch([encodings[i].ids for i in rows])
        return out

    def _batch(self, ids: list[list[int]]) -> np.ndarray:
        width = max(len(x) for x in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros_like(input_ids)
        for i, row in enumerate(ids):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask,
                 "token_type_ids": np.zeros_like(input_ids)}
        hidden = self._session.run(None, feeds)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        mean = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(mean, axis=1, keepdims=True)
        return (mean / np.clip(norms, 1e-12, None)).astype(np.float32)
