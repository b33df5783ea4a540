"""The public-data dispute benchmark's conversion and judging (`bench.external`), on
invented rows in the dataset's format."""

from __future__ import annotations

import json

from bench.external import quoted, wikicontradict_sets
from bot.models import Answer, Disagreement, Excerpt, Quote, Source
from index.clean import BlockKind, clean


def _row(question: str, a: str, b: str, answer1: str, answer2: str) -> dict:
    return {"question": question, "context1_info": a, "context2_info": b,
            "context1": a.split(". ")[0], "context2": b.split(". ")[0],
            "answer1": answer1, "answer2": answer2, "contradiction_type": "Explicit"}


def _excerpt(doc: str, text: str) -> Excerpt:
    return Excerpt(Source(doc, doc, None, None, None), text, 0, len(text))


def test_pairs_of_different_passages_become_two_article_corpora(tmp_path):
    rows = [
        _row("When did the mill open?", "The mill opened in 1911[inconsistent]. It closed later.",
             "Records say the mill opened in 1913.", "1911", "1913"),
        _row("Is it red?", "The barn is red.", "The barn is red.", "Yes", "No"),  # one passage
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    ((labelled, questions),) = wikicontradict_sets(path, work=tmp_path)
    first = clean((labelled.corpus / "articles" / "000_a.txt").read_text("utf-8"))
    assert first.title and "Passage A" in first.title  # a headline, not the passage
    assert [first.text[b.start : b.end] for b in first.blocks if b.kind is BlockKind.PARAGRAPH] \
        == ["The mill opened in 1911. It closed later."]
    (q,) = questions
    assert [(s.doc, s.answer) for s in q.sides] == [("000", "1911"), ("001", "1913")]


def test_a_side_is_quoted_by_its_answer_or_its_sentence_from_its_own_passage(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(_row("Who built it?", "Ann Roe built the mill in 1911.",
                                    "The mill was built by Tom Bly.", "a local carpenter",
                                    "Tom Bly")), "utf-8")
    ((_, (q,)),) = wikicontradict_sets(path, work=tmp_path)
    side_a, side_b = q.sides
    assert side_a.answer is None  # not stated word for word: judged by the sentence
    answer = Answer(question=q.question, answered=True, quotes=(
        Quote(_excerpt("000_a", "Ann Roe built the mill in 1911."), 0.5),), disagreements=(
        Disagreement(about="x", kind="actor", sides=(_excerpt("001_b", "by Tom Bly"),),
                     confidence=0.5),))
    assert quoted(answer, side_a) and quoted(answer, side_b)
    other = Answer(question=q.question, answered=True,
                   quotes=(Quote(_excerpt("001_b", "Ann Roe built the mill in 1911."), 0.5),))
    assert not quoted(other, side_a)  # the right words from the wrong passage
