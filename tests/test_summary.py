"""Summaries: pure unit tests of the scoring pieces, and integration tests on the seed corpus."""

from __future__ import annotations

import numpy as np
import pytest

from bench.devset import fold
from bench.summary import covered, load_facts
from bot.errors import QuestionError, UnknownSourceError
from bot.jsonout import summary_json
from bot.models import Disagreement, Excerpt, Quote, Source, Summary
from bot.render import render_summary
from bot.summary import (
    SummarySettings,
    cross_support,
    mmr,
    numbers_compatible,
    standalone,
    validate_topic,
)
from index.sentences import Sentence

# ------------------------------------------------------------------------------ unit


def _sentence(text: str, quotable: bool = True) -> Sentence:
    return Sentence("d", 0, 0, len(text), text, 0, None, quotable)


def _quote(doc: str, text: str, also: tuple[str, ...] = ()) -> Quote:
    def excerpt(d: str, t: str) -> Excerpt:
        return Excerpt(Source(d, d.upper(), None, None, None), t, 0, len(t))

    return Quote(excerpt(doc, text), 1.0, tuple(excerpt(d, f"{text} ({d})") for d in also))


def test_standalone_rejects_fragments_and_lead_ins() -> None:
    settings = SummarySettings()
    assert standalone(_sentence("The two leaders agreed to pause strikes on energy sites."),
                      settings)
    assert not standalone(_sentence("Key points of the statement included:"), settings)
    assert not standalone(_sentence("” Further talks will follow about the routes at sea."),
                          settings)
    assert not standalone(_sentence("Too short to stand."), settings)
    assert not standalone(_sentence("x " * 200), settings)


def test_numbers_compatible() -> None:
    assert numbers_compatible("175 prisoners", "175 people and 23 wounded")
    assert numbers_compatible("a swap of prisoners", "175 prisoners")
    assert not numbers_compatible("90 minutes", "2 hours")


def test_cross_support_counts_other_articles_only() -> None:
    sims = np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.2], [0.8, 0.2, 1.0]])
    support = cross_support(sims, ["a", "a", "b"], floor=0.5)
    # Sentence 0 is supported by article b (0.8), not by its own neighbour (0.9).
    assert support == pytest.approx([0.3, 0.0, 0.3])


def test_mmr_skips_near_duplicates_and_weak_outliers() -> None:
    sims = np.array([[1.0, 0.95, 0.1, 0.0], [0.95, 1.0, 0.1, 0.0],
                     [0.1, 0.1, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]])
    relevance = np.array([1.0, 0.9, 0.5, 0.01])
    assert mmr(relevance, sims, k=4, lam=0.5, distinct=0.8, min_share=0.1) == [0, 2]


def test_validate_topic() -> None:
    assert validate_topic("  Black   Sea ") == "Black Sea"
    for bad in ("", "   ", "?!"):
        with pytest.raises(QuestionError):
            validate_topic(bad)


def test_render_summary_shows_every_point_and_discord_pages_them_whole() -> None:
    from bot.discord_app.embeds import render_embeds
    from bot.presentation import summary_presentation

    quotes = tuple(_quote(f"d{i}", f"Point number {i} " + "word " * 80 + ".", ("x", "y"))
                   for i in range(20))
    summary = Summary("Key points", True, quotes, total_sources=25)
    reply = render_summary(summary)
    assert all(q.excerpt.text in reply for q in quotes)  # the text renderer has no budget
    assert "Reported by 3 of 25 articles." in reply
    pages = render_embeds(summary_presentation(summary))
    assert len(pages) > 1 and all(len(p.description or "") <= 4096 for p in pages)
    posted = "\n\n".join(p.description or "" for p in pages)
    for q in quotes:  # each point whole on one page, every one posted, in order
        assert sum(q.excerpt.text in (p.description or "") for p in pages) == 1
    assert [posted.index(q.excerpt.text) for q in quotes] == sorted(
        posted.index(q.excerpt.text) for q in quotes)


def test_render_summary_marks_single_outlet_and_attaches_disagreement() -> None:
    lone = _quote("a", "Only one outlet says the call lasted ninety minutes.")
    other = Excerpt(Source("b", "B", None, None, None), "The call lasted three hours.", 0, 28)
    d = Disagreement("how long the call lasted", "number", (lone.excerpt, other))
    reply = render_summary(Summary("Key points", True, (lone,), (d,), total_sources=2))
    assert "Only A reports this." in reply
    assert reply.index("Sources disagree") > reply.index(lone.excerpt.text)
    out = summary_json(Summary("Key points", True, (lone,), (d,), total_sources=2), reply)
    assert out["answered"] and out["heading"] == "Key points" and out["reply"] == reply
    assert out["disagreements"][0]["about"] == "how long the call lasted"


def test_render_abstention_shows_note() -> None:
    reply = render_summary(Summary("On “Mars”", False, note="No article mentions mars."))
    assert "No article mentions mars." in reply


# ------------------------------------------------------------------------------ integration


@pytest.fixture()
def engine(seed_engine):
    """The session's engine over the seed corpus (see conftest)."""
    return seed_engine


def _verbatim(engine, excerpt: Excerpt) -> bool:
    article = engine.index.articles[excerpt.source.doc_id]
    return article.clean_text[excerpt.start : excerpt.end] == excerpt.text


@pytest.mark.integration
def test_key_fact_phrases_are_in_the_articles(engine) -> None:
    corpus = fold(" ".join(a.clean_text for a in engine.index.articles.values()))
    for fact in load_facts():
        missing = [p for p in fact.phrases if fold(p) not in corpus]
        assert not missing, (fact.id, missing)


@pytest.mark.integration
def test_overall_summary(engine) -> None:
    summary = engine.summary()
    assert summary.answered and summary.kind == "overall"
    assert 5 <= len(summary.quotes) <= 12
    assert summary.total_sources == len(engine.index.articles)
    for q in summary.quotes:
        assert _verbatim(engine, q.excerpt)
        assert all(_verbatim(engine, e) for e in q.also)
        docs = [q.excerpt.source.doc_id, *(e.source.doc_id for e in q.also)]
        assert len(docs) == len(set(docs)) == q.count
    # Consensus: most points are reported by several outlets.
    assert sum(q.count >= 2 for q in summary.quotes) >= len(summary.quotes) // 2
    facts = load_facts()
    hit = covered(facts, summary)
    core = [f for f in facts if f.core]
    assert len([f for f in hit if f.core]) >= len(core) - 1
    assert len(hit) >= len(facts) // 2
    assert engine.summary() is summary  # cached per index


@pytest.mark.integration
def test_overall_summary_renders_whole(engine) -> None:
    summary = engine.summary()
    reply = render_summary(summary)
    assert "of 5 articles" in reply
    for q in summary.quotes:
        assert q.excerpt.text in reply
    out = summary_json(summary, reply)
    assert out["answered"] is True and out["reply"] == reply
    assert any("also" in q and q["count"] >= 2 for q in out["quotes"])


@pytest.mark.integration
@pytest.mark.parametrize("name", ["000_6eca0caffe1ff5fb", "al jazeera", "el pais", "EL PAÍS",
                                  "003", "Trump And Putin Hold"])
def test_source_summary_quotes_only_that_article_in_order(engine, name) -> None:
    summary = engine.summary(source=name)
    assert summary.answered and summary.kind == "source"
    docs = {q.excerpt.source.doc_id for q in summary.quotes}
    assert len(docs) == 1
    starts = [q.excerpt.start for q in summary.quotes]
    assert starts == sorted(starts) and len(starts) >= 3
    assert all(_verbatim(engine, q.excerpt) and not q.also for q in summary.quotes)
    reply = render_summary(summary)
    # The footer names the one article it was drawn from, not the corpus size.
    assert f"Drawn from {summary.quotes[0].excerpt.source.label} only." in reply
    assert "003_" not in reply.replace("id `003_", "")


@pytest.mark.integration
def test_unknown_and_ambiguous_source(engine) -> None:
    with pytest.raises(UnknownSourceError) as err:
        engine.summary(source="The Guardian")
    assert "000_6eca0caffe1ff5fb" in str(err.value) and "Al Jazeera" in str(err.value)
    with pytest.raises(UnknownSourceError) as err:
        engine.summary(source="00")
    assert "matches 5 articles" in str(err.value)


@pytest.mark.integration
@pytest.mark.parametrize(("topic", "terms"), [
    ("prisoner exchange", ("prisoner", "exchange", "captive")),
    ("Black Sea", ("black sea", "maritime")),
])
def test_topic_summary_stays_on_topic(engine, topic, terms) -> None:
    summary = engine.summary(topic=topic)
    assert summary.answered and summary.kind == "topic"
    assert len({q.excerpt.source.doc_id for q in summary.quotes}) >= 3
    vector = engine.index.encode_question(topic)
    for q in summary.quotes:
        assert _verbatim(engine, q.excerpt)
        text = q.excerpt.text.lower()
        row = [s for s in engine.index.articles[q.excerpt.source.doc_id].sentences
               if s.start == q.excerpt.start][0]
        close = float(engine.index.sentence_vector(row) @ vector)
        assert any(t in text for t in terms) or close >= 0.5, q.excerpt.text
    # Grouped by outlet: each outlet's quotes are contiguous.
    order = [q.excerpt.source.doc_id for q in summary.quotes]
    assert order == sorted(order, key=order.index)
    reply = render_summary(summary)
    assert all(q.excerpt.text in reply for q in summary.quotes)


@pytest.mark.integration
def test_topic_within_one_source(engine) -> None:
    summary = engine.summary(source="al jazeera", topic="Black Sea")
    assert summary.answered
    assert {q.excerpt.source.doc_id for q in summary.quotes} == {"000_6eca0caffe1ff5fb"}


@pytest.mark.integration
def test_off_corpus_topic_abstains(engine) -> None:
    summary = engine.summary(topic="Mars colonisation")
    assert not summary.answered and not summary.quotes and summary.note
    assert summary.note in render_summary(summary)
    assert summary_json(summary, render_summary(summary))["answered"] is False


@pytest.mark.integration
@pytest.mark.parametrize("topic", ["", "   "])
def test_empty_topic_is_rejected(engine, topic) -> None:
    with pytest.raises(QuestionError, match="topic is empty"):
        engine.summary(topic=topic)


def test_topic_pruning_keeps_exactly_the_points_of_scoring_everything() -> None:
    """Skipping rows that cannot reach the summary changes nothing, ties included."""
    from bot.summary import _topic_scores, topic_points

    rng = np.random.default_rng(4)
    settings = SummarySettings(topic_per_outlet=2, topic_max_points=5)
    for _ in range(30):
        n = 300
        sims = np.round(rng.uniform(0.2, 0.9, n), 2)  # rounded: many exact ties
        docs = [f"d{int(k)}" for k in rng.integers(0, 25, n)]
        shares = np.round(rng.uniform(0, 1, n), 1)
        sentences = [Sentence(docs[i], i, 0, 1, "x", 0, None, True) for i in range(n)]
        calls = []

        def score_of(i: int, calls=calls, sims=sims, shares=shares, sentences=sentences):
            calls.append(i)
            score = float(sims[i]) + settings.topic_term_weight * float(shares[i])
            return (score, sentences[i]) if score >= settings.topic_bar else None

        close = np.arange(n)
        everything = [found for i in close if (found := score_of(int(i))) is not None]
        calls.clear()
        pruned = _topic_scores(close, sims, lambda i, docs=docs: docs[i], score_of, settings)
        assert topic_points(pruned, settings) == topic_points(everything, settings)
        assert len(calls) < n  # something was skipped
