"""Sentence spans and passages."""

from __future__ import annotations

import pytest

from bot.settings import PROJECT_ROOT
from index.clean import clean
from index.passages import ChunkSettings, make_passages
from index.sentences import split_sentences

ARTICLES = PROJECT_ROOT / "corpus" / "articles"


def test_abbreviations_do_not_split_sentences():
    c = clean("Title line here\n\nTalks with U.S. President Trump began on Mar. 18 in D.C. today. "
              "A second sentence follows.")
    texts = [s.text for s in split_sentences("x", c)]
    assert texts == [
        "Talks with U.S. President Trump began on Mar. 18 in D.C. today.",
        "A second sentence follows.",
    ]


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_sentence_span_indexes_the_clean_text(path):
    c = clean(path.read_text(encoding="utf-8"))
    sentences = split_sentences(path.stem, c)
    assert sentences
    for s in sentences:
        assert c.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_questions_are_not_quotable():
    c = clean("Headline of the page\n\nWill the pause hold? Here is what we know so far.")
    flags = {s.text: s.quotable for s in split_sentences("x", c)}
    assert flags == {"Will the pause hold?": False, "Here is what we know so far.": True}


def test_headings_give_context_and_are_not_sentences():
    path = next(ARTICLES.glob("000_*.txt"))
    sentences = split_sentences("000", clean(path.read_text(encoding="utf-8")))
    assert all(s.text != "How has Zelenskyy responded?" for s in sentences)
    quoted = [s for s in sentences if "precisely we are supporting" in s.text]
    assert quoted[0].heading == "How has Zelenskyy responded?"


def test_passages_overlap_and_never_cross_a_heading():
    path = next(ARTICLES.glob("000_*.txt"))
    c = clean(path.read_text(encoding="utf-8"))
    sentences = split_sentences("000", c)
    passages = make_passages(c.text, sentences, ChunkSettings(3, 1))
    for p in passages:
        group = sentences[p.first_sentence : p.last_sentence + 1]
        assert len(group) <= 3
        assert len({s.heading for s in group}) == 1
        assert c.text[p.start : p.end] == p.text
    covered = {i for p in passages for i in range(p.first_sentence, p.last_sentence + 1)}
    assert covered == set(range(len(sentences)))
    pairs = zip(passages, passages[1:], strict=False)
    same_section = [(a, b) for a, b in pairs if a.heading == b.heading]
    assert same_section and all(b.first_sentence == a.last_sentence for a, b in same_section)


def test_chunk_settings_are_validated():
    with pytest.raises(ValueError):
        ChunkSettings(2, 2)


_TRICKY = [
    "Dr. Smith met Mr. Jones at 9 a.m. on Jan. 5; No. 10 said Gov. Ray left at 5 p.m. today.",
    "The co. is in St. Louis. It is big. Sgt. Pepper arrived. Is it? Yes, Inc. said so.",
    "\u017ft. Paul and \u212aan. were named. The \u0130nc. and the \u0131s. are odd. Fine.",
    "He said \u201cvs. them\u201d \u2014 approx. 3 km. Then fig. 2 shows it. Vol. 3 followed.",
    "Prof. e.g. Wash. Calif. U.S.A. etc. The end. Art. 5 says no. It does.",
]


def _paragraphs() -> list[str]:
    blocks = list(_TRICKY)
    for path in sorted(ARTICLES.glob("*.txt")):
        c = clean(path.read_text(encoding="utf-8"))
        blocks += [c.text[b.start : b.end] for b in c.blocks]
    return blocks


def test_the_faster_abbreviation_pass_segments_as_pysbd_does():
    import pysbd

    from index.sentences import _segmenter

    plain = pysbd.Segmenter(language="en", clean=False)
    for text in _paragraphs():
        assert _segmenter().segment(text) == plain.segment(text), text
