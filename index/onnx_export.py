"""Export a sentence-transformers model to ONNX once, into the index folder (needs torch)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

EXPORT_FORMAT = 1  # bump when the exported files or their meaning change
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "encoder.json"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class ExportUnsupportedError(RuntimeError):
    """The model is not a plain transformer + mean pooling (+ normalise): encode with torch."""


def _check_layout(model) -> None:
    """Only Transformer → mean Pooling (→ Normalize) is reproduced by the ONNX encoder."""
    kinds = [type(m).__name__ for m in model]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise ExportUnsupportedError(f"modules {kinds} are not transformer + pooling")
    pooling = model[1].get_config_dict()
    if pooling.get("pooling_mode") not in (None, "mean") and not pooling.get(
        "pooling_mode_mean_tokens"
    ):
        raise ExportUnsupportedError(f"pooling {pooling} is not a mean")
    if getattr(model[0], "tokenizer", None) is None or not model[0].tokenizer.is_fast:
        raise ExportUnsupportedError("the tokenizer has no tokenizer.json (not a fast tokenizer)")


def _export_graph(model, target: Path) -> None:
    import torch

    bert = model[0].auto_model.eval()

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=token_type_ids)
            return out.last_hidden_state

    ids = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "hidden")}
    with torch.no_grad():
        torch.onnx.export(_Hidden(), (ids, ids, torch.zeros_like(ids)), str(target),
                          input_names=list(INPUTS), output_names=["hidden"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)


def _dimension(model) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or (
        model.get_sentence_embedding_dimension)
    return int(getter())


def export(spec: str, resolved: str, folder: Path) -> None:
    """Write model.onnx, tokenizer.json and encoder.json into `folder` (atomically)."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = SentenceTransformer(resolved, device="cpu")
    _check_layout(model)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    try:
        with warnings.catch_warnings():  # the tracer's notes on shapes it turns into constants
            warnings.simplefilter("ignore")
            _export_graph(model, tmp / MODEL_FILE)
        model[0].tokenizer.backend_tokenizer.save(str(tmp / TOKENIZER_FILE))
        meta = {
            "format": EXPORT_FORMAT,
            "model": spec,
            "resolved": resolved,
            "max_seq_length": int(model.max_seq_length),
            "dimension": _dimension(model),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, indent=1), "utf-8")
        os.replace(tmp, folder)  # a concurrent exporter that won first keeps its copy
    except OSError:
        if not (folder / META_FILE).is_file():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s to ONNX in %s", spec, folder)
