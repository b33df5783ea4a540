"""The ONNX encoder gives the torch model's vectors, exports once, and falls back to torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.settings import PROJECT_ROOT
from index.article import process
from index.corpus import load_corpus
from index.embed import SentenceTransformerEmbedder, export_folder, resolve_model
from index.passages import ChunkSettings
from index.storedir import MARKER, prepare_store

pytestmark = pytest.mark.integration
SEED_CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def onnx_store(tmp_path_factory) -> Path:
    """An index folder holding the default model's ONNX export."""
    store = tmp_path_factory.mktemp("onnx") / "index"
    prepare_store(store)
    SentenceTransformerEmbedder(store=store).load()
    return store


def _seed_sentences() -> list[str]:
    return [s.text for r in load_corpus(SEED_CORPUS) for s in process(r, ChunkSettings()).sentences]


def test_onnx_vectors_match_torch_on_every_seed_sentence(onnx_store, embedder) -> None:
    onnx = SentenceTransformerEmbedder(store=onnx_store)
    texts = _seed_sentences() + ["What did Trump and Putin agree to on the call?"]
    ours, theirs = onnx.encode(texts), embedder.encode(texts)
    assert onnx.backend == "onnx" and ours.shape == theirs.shape
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= 0.9999, (cosines.argmin(), cosines.min())
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_the_export_lives_in_the_store_and_names_its_model(onnx_store) -> None:
    folder = export_folder(onnx_store, resolve_model(None))
    meta = json.loads((folder / "encoder.json").read_text("utf-8"))
    assert meta["model"] == "all-MiniLM-L6-v2" and meta["dimension"] == 384
    assert (folder / "model.onnx").stat().st_size > 1_000_000


def test_empty_input_gives_an_empty_matrix(onnx_store) -> None:
    assert SentenceTransformerEmbedder(store=onnx_store).encode([]).shape == (0, 384)


def test_a_folder_that_is_not_a_store_gets_no_export_and_torch_encodes(tmp_path) -> None:
    embedder = SentenceTransformerEmbedder(store=tmp_path)
    assert embedder.encode(["one sentence"]).shape == (1, 384)
    assert embedder.backend == "torch" and not (tmp_path / "encoder").exists()
    assert not (tmp_path / MARKER).exists()


def test_asking_imports_neither_torch_nor_sentence_transformers(onnx_store, tmp_path) -> None:
    probe = (
        "import sys; from index.embed import SentenceTransformerEmbedder as E; from pathlib "
        f"import Path; e = E(store=Path({str(onnx_store)!r})); e.encode(['a question']); "
        "print(e.backend, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=PROJECT_ROOT, check=True).stdout.split()
    assert out == ["onnx", "False", "False"]


def test_the_encoder_comparison_reports_agreement_and_speed(onnx_store, embedder) -> None:
    from bench.encoders import compare

    onnx = SentenceTransformerEmbedder(store=onnx_store)
    result = compare(_seed_sentences()[:40], onnx, embedder, repeats=1)
    assert result.sentences == 40 and result.min_cosine >= 0.9999
    assert result.onnx_per_s > 0 and result.torch_per_s > 0


def test_the_export_folder_is_configurable(tmp_path) -> None:
    from bot.settings import Settings

    settings = Settings.from_env({"CALLBOT_ENCODER_DIR": str(tmp_path / "enc")})
    assert settings.encoder_dir == tmp_path / "enc"
    assert Settings.from_env({}).encoder_dir is None
    folder = export_folder(tmp_path / "store", "m", settings.encoder_dir)
    assert folder.parent == tmp_path / "enc"


def test_a_new_store_is_built_and_asked_on_onnx(tmp_path, monkeypatch) -> None:
    from bot.engine import Engine
    from bot.settings import Settings

    monkeypatch.delenv("CALLBOT_ENCODER_DIR", raising=False)
    engine = Engine.open(Settings(store=tmp_path / "index"), progress=False)
    assert engine.ask("What did Putin agree to?").answered
    assert engine.index.embedder.backend == "onnx"
    assert (tmp_path / "index" / "encoder").is_dir()


def test_a_damaged_export_falls_back_to_torch(onnx_store, tmp_path) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(onnx_store, store)
    (export_folder(store, resolve_model(None)) / "model.onnx").write_bytes(b"not a model")
    embedder = SentenceTransformerEmbedder(store=store)
    assert embedder.encode(["one sentence"]).shape == (1, 384)
    assert embedder.backend == "torch"


def test_two_threads_loading_one_new_export_both_get_it(tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def load() -> str:
        embedder = SentenceTransformerEmbedder(store=tmp_path / "store", encoder_dir=tmp_path)
        embedder.load()
        return embedder.backend

    with ThreadPoolExecutor(2) as pool:  # once two torch exports at once: an AssertionError
        backends = list(pool.map(lambda _: load(), range(2)))
    assert backends == ["onnx", "onnx"]
