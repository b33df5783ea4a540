"""The answer engine end to end: real model, real chroma, real articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.devset import DEFAULT_DEVSET, judge, load_devset
from bot.engine import Engine
from bot.errors import QuestionError
from bot.render import render_answer
from bot.settings import Settings
from index import generations
from index.build import MANIFEST, build
from index.loader import open_index

pytestmark = pytest.mark.integration

# Questions written for these tests (not from the dev set).
OWN_QUESTIONS = [
    "Which reactors does the nuclear plant have?",
    "What did the German parliamentarian say?",
    "Who is Keir Giles?",
    "What happened to Russian oil refineries?",
]
OUT_OF_SCOPE = [
    "What did Emmanuel Macron say about the Olympic Games?",
    "How do I bake a chocolate cake?",
    "What did Pope Francis say about the call?",
    pytest.param(
        "What did the Russian president say about tariffs?",
        marks=pytest.mark.xfail(strict=True, reason=(
            "known gap of coverage by meaning: one absent topic word among well-covered ones "
            "keeps the similarity high (issue 9 note)")),
    ),
    "How many goals were scored in the hockey match?",
]


def _assert_verbatim(engine: Engine, answer) -> None:
    excerpts = [q.excerpt for q in answer.quotes] + [e for q in answer.quotes for e in q.also]
    excerpts += [s for d in answer.disagreements for s in d.sides]
    for e in excerpts:
        assert engine.index.articles[e.source.doc_id].clean_text[e.start : e.end] == e.text


def test_every_quote_is_the_clean_text_at_its_span(seed_engine):
    questions = [q.question for q in load_devset()] if DEFAULT_DEVSET.exists() else []
    for question in questions + OWN_QUESTIONS:
        answer = seed_engine.ask(question)
        _assert_verbatim(seed_engine, answer)


def test_answers_are_attributed_and_few(seed_engine):
    answer = seed_engine.ask(OWN_QUESTIONS[0])
    assert answer.answered and 1 <= len(answer.quotes) <= 5
    assert any("reactor" in q.excerpt.text for q in answer.quotes)
    outlets = {q.excerpt.source.doc_id for q in answer.quotes}
    assert outlets <= set(seed_engine.index.articles)


@pytest.mark.skipif(not DEFAULT_DEVSET.exists(), reason="dev set not beside the project")
def test_dev_questions_carry_their_evidence(seed_engine):
    questions = load_devset()
    results = {q.id: judge(q, seed_engine.ask(q.question)) for q in questions}
    answerable = [q.id for q in questions if q.kind == "answer"]
    hits = sum(results[i] for i in answerable)
    assert hits >= 0.9 * len(answerable), results
    assert all(results[q.id] for q in questions if q.kind == "none")


def test_same_fact_from_several_outlets_is_merged(seed_engine):
    answer = seed_engine.ask("How many prisoners will be swapped?")
    assert answer.answered
    assert any(q.also for q in answer.quotes)
    for q in answer.quotes:
        docs = [q.excerpt.source.doc_id] + [e.source.doc_id for e in q.also]
        assert len(docs) == len(set(docs))


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_abstain(seed_engine, question):
    answer = seed_engine.ask(question)
    assert not answer.answered and answer.quotes == ()
    assert "do not cover" in render_answer(answer)


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 5000, "?!"])
def test_bad_questions_are_refused_before_search(seed_engine, question):
    with pytest.raises(QuestionError):
        seed_engine.ask(question)


def test_reply_fits_one_embed(seed_engine):
    for question in OWN_QUESTIONS:
        assert len(render_answer(seed_engine.ask(question))) <= 4096


OTHER_EVENT = {
    "100_bridge.txt": (
        "City Opens New River Bridge After Three Years of Work\n\n"
        "The mayor opened the Elm Street bridge on Saturday morning. The bridge cost "
        "42 million dollars and carries four lanes of traffic.\n\n"
        "Residents lined the river banks to watch the ceremony."
    ),
    "101_bridge.txt": (
        "Bridge ceremony draws crowds\n\n"
        "Thousands attended the opening of the Elm Street bridge, which took three years "
        "to build. Cyclists were the first to cross it.\n\n"
        "The city council said a second bridge is planned for 2030."
    ),
}


def _write_corpus(root: Path, files: dict[str, str], manifest: str | None = None) -> Path:
    (root / "articles").mkdir(parents=True)
    for name, text in files.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (root / "sources.toml").write_text(manifest, encoding="utf-8")
    return root


def test_a_second_corpus_is_indexed_and_queried(tmp_path, embedder):
    corpus = _write_corpus(
        tmp_path / "other",
        OTHER_EVENT,
        '[[article]]\nfile = "100_bridge.txt"\noutlet = "River Gazette"\n',
    )
    engine = Engine.open(
        Settings(corpus=corpus, store=tmp_path / "idx"), embedder=embedder, progress=False
    )
    answer = engine.ask("How much did the bridge cost?")
    assert answer.answered
    assert "42 million dollars" in answer.quotes[0].excerpt.text
    assert answer.quotes[0].excerpt.source.outlet == "River Gazette"
    # The file without a manifest entry is attributed by its headline.
    labels = {i.source.doc_id: i.source.label for i in engine.sources()}
    assert labels["101_bridge"] == "Bridge ceremony draws crowds"
    assert not engine.ask("What did the Trump and Putin call agree?").answered


def test_refresh_reembeds_only_changed_articles(tmp_path, embedder, corpus_copy):
    config = Settings(corpus=corpus_copy, store=tmp_path / "idx").index_config()
    first = build(config, embedder, progress=False)
    assert first.full and len(first.embedded) == 5
    target = next((corpus_copy / "articles").glob("002_*.txt"))
    target.write_text(target.read_text("utf-8") + "\nA new closing sentence.\n", "utf-8")
    second = build(config, embedder, progress=False)
    assert second.embedded == (target.stem,) and second.unchanged == 4
    third = build(config, embedder, progress=False)
    assert third.embedded == () and third.unchanged == 5
    index = open_index(config, embedder, auto_build=False)
    assert any(s.text == "A new closing sentence." for s in index.articles[target.stem].sentences)


def test_removed_article_leaves_the_index(tmp_path, embedder, corpus_copy):
    config = Settings(corpus=corpus_copy, store=tmp_path / "idx").index_config()
    build(config, embedder, progress=False)
    victim = next((corpus_copy / "articles").glob("003_*.txt"))
    victim.unlink()
    toml = corpus_copy / "sources.toml"
    blocks = toml.read_text("utf-8").split("[[article]]")
    toml.write_text("[[article]]".join(b for b in blocks if victim.name not in b), "utf-8")
    report = build(config, embedder, progress=False)
    assert report.removed == (victim.stem,)
    index = open_index(config, embedder, auto_build=False)
    assert victim.stem not in index.articles
    assert index.store.count() == len(index.passages)


@pytest.fixture()
def small_corpus(corpus_copy) -> Path:
    """Two seed articles and no manifest: quick to index, attributed by headline."""
    for path in (corpus_copy / "articles").iterdir():
        if not path.name.startswith(("001", "003")):
            path.unlink()
    (corpus_copy / "sources.toml").unlink()
    return corpus_copy


DAMAGES = ["manifest", "interrupted", "doc", "vectors", "chroma", "edited", "shape", "pointer"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_corrupt_or_interrupted_index_is_rebuilt(tmp_path, embedder, small_corpus, damage):
    corpus_copy = small_corpus
    config = Settings(corpus=corpus_copy, store=tmp_path / "idx").index_config()
    corpus_before = {p.name: p.read_bytes() for p in (corpus_copy / "articles").iterdir()}
    build(config, embedder, progress=False)
    root = generations.folder(config.path, generations.read_pointer(config.path))
    if damage == "manifest":
        (root / MANIFEST).write_text("{not json", "utf-8")
    elif damage == "interrupted":
        manifest = json.loads((root / MANIFEST).read_text("utf-8"))
        manifest["complete"] = False
        (root / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    elif damage == "doc":
        next((root / "docs").glob("001_*.json")).write_text("garbage", "utf-8")
    elif damage == "vectors":
        next((root / "docs").glob("001_*.npy")).write_bytes(b"not numpy")
    elif damage == "edited":  # a quotable sentence changed: never quoted as verbatim
        record = next((root / "docs").glob("001_*.json"))
        record.write_text(record.read_text("utf-8").replace("Putin", "Pution"), "utf-8")
    elif damage == "shape":  # valid JSON of the wrong shape
        manifest = json.loads((root / MANIFEST).read_text("utf-8"))
        manifest["docs"] = list(manifest["docs"])
        (root / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    elif damage == "pointer":
        (config.path / generations.POINTER).write_text("[]", "utf-8")
    else:
        for f in (root / "chroma").rglob("*.sqlite3"):
            f.write_bytes(b"this is not a database" * 100)
    index = open_index(config, embedder, progress=False)
    assert len(index.articles) == 2
    assert generations.read_pointer(config.path) != root.name  # a new generation serves
    assert not any("Pution" in a.clean_text for a in index.articles.values())
    assert index.store.count() == len(index.passages)
    # Rebuilding reads the corpus, never writes it.
    assert corpus_before == {p.name: p.read_bytes() for p in (corpus_copy / "articles").iterdir()}


def test_date_questions_match_the_date_even_when_embeddings_are_weak(seed_engine):
    # The open question's date anchors it: a sentence stating the date answers it.
    answer = seed_engine.ask("What happened on February 28?")
    assert answer.answered
    assert "February 28" in answer.quotes[0].excerpt.text
