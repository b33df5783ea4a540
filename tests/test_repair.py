"""Broken-character repair on the real articles and on made-up text."""

from __future__ import annotations

from bot.settings import PROJECT_ROOT
from index.repair import find_stand_ins, repair

ARTICLES = PROJECT_ROOT / "corpus" / "articles"


def _article(prefix: str) -> str:
    return next(ARTICLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_article_003_stand_in_is_found_and_fully_replaced():
    raw = _article("003")
    assert find_stand_ins(raw) == {"\u0e42"}
    fixed = repair(raw)
    assert "\u0e42" not in fixed
    assert len(fixed) == len(raw)  # one character for one character: no word is touched


def test_article_003_apostrophes_quotes_and_dash_from_context():
    fixed = repair(_article("003"))
    assert "Ukraine\u2019s energy infrastructure" in fixed  # possessive
    assert "Putin\u2019s intentions" in fixed
    assert "\u201cThere are two sides in this war\u2014Russia and Ukraine,\u201d" in fixed
    assert "\u201cTrying to negotiate without Ukraine will not be productive.\u201d" in fixed


def test_clean_articles_are_left_alone():
    for prefix in ("000", "001", "002", "004"):
        raw = _article(prefix)
        assert find_stand_ins(raw) == set()
        assert repair(raw) == raw


def test_made_up_cases():
    t = "xPutinโs plan, โit worksโ he said โ and the soldiersโ lives, donโt."
    assert repair(t.replace("x", "")) == (
        "Putin\u2019s plan, \u201cit works\u201d he said \u2014 and the soldiers\u2019 lives, "
        "don\u2019t."
    )


def test_classic_mojibake_is_undone_but_curly_quotes_stay():
    assert repair("Putinâ€™s â€œdealâ€\x9d") == "Putin\u2019s \u201cdeal\u201d"
    assert repair("“quoted” and ‘single’") == "“quoted” and ‘single’"


def test_foreign_script_text_is_not_treated_as_broken():
    thai = "ภาษาไทย โรงเรียน " * 5
    assert find_stand_ins(thai) == set()
