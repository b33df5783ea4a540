"""The answer path on an event written for these tests: coverage by meaning, the answer
first, disagreements about the same slot. Real model, real chroma."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot import relevance
from bot.analysis import analyse, names_in
from bot.answer import AnswerSettings, answer_question
from bot.compare import SlotValue, nearest_value, of_one_happening, of_one_kind, positions
from bot.engine import Engine
from bot.relevance import Candidate
from bot.selection import same_fact, values_clash
from bot.settings import Settings
from bot.slots import fills, loosely_fills
from bot.weights import Logistic, weights
from index.sentences import Sentence
from index.values import values

# A made-up ferry accident reported by three outlets that differ on the toll and the time.
FERRY = {
    "200_harbour.txt": (
        "Ferry capsizes off Port Selwyn\n\n"
        "A passenger ferry capsized off Port Selwyn on Tuesday, killing 14 people, the "
        "coastguard said. The vessel left the harbour at 6:40 a.m. local time with 212 "
        "passengers aboard.\n\n"
        "Rescuers pulled 180 survivors from the water. Harbour master Lina Okoro said the "
        "weather had been calm."
    ),
    "201_courier.txt": (
        "Dozens rescued after ferry sinks\n\n"
        "At least 17 people died when a ferry sank near Port Selwyn, officials said. The boat "
        "had departed at 7:15 a.m. and overturned about twenty minutes later.\n\n"
        "The ferry operator said it would pay for the funerals of the victims."
    ),
    "202_wire.txt": (
        "Port Selwyn ferry disaster\n\n"
        "Fourteen people were killed and dozens injured when the ferry overturned, the "
        "coastguard said. Survivors described water flooding the lower deck within minutes.\n\n"
        "The government announced an inquiry into the accident on Wednesday."
    ),
}
MANIFEST = (
    '[[article]]\nfile = "200_harbour.txt"\noutlet = "Harbour Times"\n\n'
    '[[article]]\nfile = "201_courier.txt"\noutlet = "Coast Courier"\n\n'
    '[[article]]\nfile = "202_wire.txt"\noutlet = "Island Wire"\n'
)

pytestmark = pytest.mark.integration


def engine_over(root: Path, articles: dict[str, str], embedder, manifest: str = "") -> Engine:
    """An engine over made-up articles written into `root`."""
    (root / "articles").mkdir()
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    if manifest:
        (root / "sources.toml").write_text(manifest, encoding="utf-8")
    return Engine.open(Settings(corpus=root, store=root / "idx"), embedder=embedder,
                       progress=False)


def published_on(articles: dict[str, str], day: str) -> str:
    """A manifest dating every made-up article to one day."""
    return "".join(f'[[article]]\nfile = "{name}"\npublished = {day}\n\n' for name in articles)


@pytest.fixture(scope="module")
def ferry(tmp_path_factory, embedder) -> Engine:
    return engine_over(tmp_path_factory.mktemp("ferry"), FERRY, embedder, MANIFEST)


# A made-up explosion: the outlets agree on the dead and differ on the injured.
BLAST = {
    "300_gazette.txt": (
        "Blast at Kerrin chemical plant\n\n"
        "At least 12 people were killed and 30 people were injured in an explosion at a "
        "chemical plant in Kerrin on Friday, fire officials said.\n\n"
        "Firefighters battled the flames for six hours."
    ),
    "301_herald.txt": (
        "Kerrin explosion kills 12\n\n"
        "An explosion at a chemical works in Kerrin killed 12 people on Friday, the regional "
        "health office said.\n\nThe plant's owner said it would cooperate with investigators."
    ),
    "302_post.txt": (
        "Twelve dead in Kerrin plant explosion\n\n"
        "Twelve people died and 35 were hurt when a storage hall exploded at a Kerrin chemical "
        "plant, police said."
    ),
}


@pytest.fixture(scope="module")
def blast(tmp_path_factory, embedder) -> Engine:
    return engine_over(tmp_path_factory.mktemp("blast"), BLAST, embedder)


def test_the_dead_and_the_injured_are_different_counts(blast):
    # "12 people were killed and 30 people were injured": the dead are 12 in every outlet.
    assert not blast.ask("How many people died in the explosion?").disagreements
    # "Twelve people died and 35 were hurt": 35 people, hurt; the other outlet says 30.
    claims = " ".join(c for d in blast.ask("How many people were injured?").disagreements
                      for c in d.claims)
    assert "30" in claims and "35" in claims and "12" not in claims


def test_the_listing_compares_the_injured_with_the_injured(blast):
    # The index-time list uses the same states: 30 vs 35 injured, never 12 dead vs 30 hurt.
    claims = [set(d.claims) for d in blast.disagreements()]
    assert any({"30 people", "35 people"} <= c for c in claims)
    assert not any(c & {"12 people", "Twelve people", "At least 12 people"} for c in claims)


def test_a_depth_is_compared_with_depths_only(tmp_path, embedder):
    articles = {
        "500_a.txt": "Quake hits Alvera\n\nThe quake's epicentre was 12 kilometres east of "
                     "Marsk, at a depth of 10 km, the agency said.",
        "501_b.txt": "Alvera earthquake\n\nThe earthquake struck at a depth of 35 km. It was "
                     "felt as far away as the capital, 300 kilometres to the west.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    claims = {c for d in engine.ask("How deep was the earthquake?").disagreements
              for c in d.claims}
    assert claims == {"10 km", "35 km"}


def test_a_length_may_be_one_of_time(tmp_path, embedder):
    articles = {
        "510_a.txt": "Strike ends\n\nThe strike at the Tarnby depot lasted 11 days before "
                     "the union accepted the offer.",
        "511_b.txt": "Depot strike over\n\nAfter a 12-day strike, workers at the Tarnby depot "
                     "returned on Monday. The depot's new platform is 300 metres long.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    answer = engine.ask("What was the length of the strike at the depot?")
    assert answer.answered  # not "none of the articles covers it" for want of metres
    assert {c for d in answer.disagreements for c in d.claims} == {"11 days", "12-day"}


# Figures of different things, none a side on the other: (articles, the day they were
# published or "", questions asked).
_NOT_ONE_SLOT = {
    "hours of an activity against the event's length": ({
        "515_a.txt": "Plane missing\n\nThe captain had a total of 6,100 flying hours, the "
                     "airline said.",
        "516_b.txt": "Search goes on\n\nThe captain had flown for the airline for years. "
                     "The flight was due to land in Perth about two hours after take-off.",
    }, "", ("How long had the captain been flying?",)),
    "a joined count against one of its parts": ({
        "517_a.txt": "Ferry missing\n\nMost of the 48 passengers and crew were local, the "
                     "operator said.",
        "518_b.txt": "Ferry search\n\nThe ferry carried 42 passengers and six crew, the "
                     "operator said.",
        "519_c.txt": "Ferry lost\n\nOnly 42 passengers were on board the ferry.",
    }, "", ("How many passengers were on the ferry?",
            "How many passengers and crew were on the ferry?")),
    "a turnout against the vote share asked": ({
        "525_a.txt": "Renn wins\n\nThe Unity Party came first with 52.4 percent.",
        "526_b.txt": "Markets calm\n\nTurnout of 61 percent, the highest in years, gave "
                     "the Unity Party a clear win.",
    }, "", ("What percentage did the Unity Party win?",)),
    "a figure of another month": ({
        "520_a.txt": "Rocket lost\n\nThe Tarn rocket was carrying three satellites when it "
                     "exploded on Tuesday.",
        "521_b.txt": "Launch failure\n\nThe Tarn rocket exploded on Tuesday. On March 18 "
                     "the same rocket carried 11 satellites to orbit.",
        "522_c.txt": "Setback\n\nThe Tarn rocket broke up on Tuesday. It last flew in March, "
                     "when it put 11 satellites into orbit.",
    }, "2031-06-10", ("How many satellites was the Tarn rocket carrying?",)),
}


@pytest.mark.parametrize("case", sorted(_NOT_ONE_SLOT))
def test_figures_of_different_things_are_no_sides_on_each_other(case, tmp_path, embedder):
    articles, day, questions = _NOT_ONE_SLOT[case]
    manifest = published_on(articles, day) if day else ""
    engine = engine_over(tmp_path, articles, embedder, manifest)
    for question in questions:
        answer = engine.ask(question)
        assert answer.answered and not answer.disagreements, question


def test_an_age_answers_only_for_whose_it_is(tmp_path, embedder):
    articles = {
        "523_a.txt": "Mayor convicted\n\nThe jury convicted Koratz, 61, of bribery. Judge "
                     "Olsby read the verdict.",
        "524_b.txt": "Verdict\n\nKoratz, 61, was jailed. His contractor Oskar Linde, 54, was "
                     "also jailed by Judge Olsby.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    koratz = engine.ask("How old is Koratz?")
    assert koratz.answered and "61" in koratz.quotes[0].excerpt.text
    assert not koratz.disagreements  # Linde's 54 is no side on Koratz's age
    assert not engine.ask("How old is Judge Olsby?").answered


def test_a_measure_is_compared_with_measures_of_the_same_thing(tmp_path, embedder):
    articles = {
        "510_a.txt": "Cyclone Moraine\n\nThe storm surge reached about six feet at the harbour "
                     "wall, the coastguard said.",
        "511_b.txt": "Moraine floods Port Ashby\n\nUp to 18 inches of rain fell across the "
                     "county.",
        "512_c.txt": "Moraine: what we know\n\nThe cyclone brought a storm surge of nine feet.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    claims = {c for d in engine.ask("How high was the storm surge?").disagreements
              for c in d.claims}
    assert claims == {"about six feet", "nine feet"}


def test_sums_of_money_are_compared_with_sums_of_the_same_thing(tmp_path, embedder):
    articles = {
        "520_a.txt": "Port chief jailed\n\nThe court fined Ivo Lind 1.2 million Norvane marks "
                     "for taking bribes.",
        "521_b.txt": "Lind sentenced\n\nThe court ordered the confiscation of 6.8 million "
                     "marks in assets held by Lind.",
        "522_c.txt": "Lind verdict\n\nLind must pay a fine of 1.5 million marks.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    answer = engine.ask("How much money must Lind pay?")
    claims = {c for d in answer.disagreements for c in d.claims}
    assert claims == {"1.2 million Norvane marks", "1.5 million marks"}


def test_a_figure_updated_in_later_reports_is_shown_as_reported(tmp_path, embedder):
    articles = {
        "530_a.txt": "Cyclone Moraine hits Port Ashby\n\nSeven people were killed when "
                     "Cyclone Moraine hit Port Ashby, officials said.",
        "531_b.txt": "Moraine: seven dead\n\nCyclone Moraine killed seven people in Port Ashby.",
        "532_c.txt": "Moraine toll rises\n\nThe number of people killed by Cyclone Moraine "
                     "in Port Ashby has risen to nine.",
    }
    days = {"530_a.txt": "2031-09-16", "531_b.txt": "2031-09-16", "532_c.txt": "2031-09-17"}
    manifest = "".join(f'[[article]]\nfile = "{n}"\npublished = {d}\n\n' for n, d in days.items())
    engine = engine_over(tmp_path, articles, embedder, manifest)
    (found,) = engine.ask("How many people did Cyclone Moraine kill?").disagreements
    assert found.about.endswith("→ nine as reported (16 Sep → 17 Sep)")
    assert {e.source.doc_id for e in found.sides} == {"530_a", "531_b", "532_c"}


def test_a_toll_answers_how_many_people_died(tmp_path, embedder):
    articles = {
        "540_a.txt": "Cyclone Moraine hits Port Ashby\n\nSeven people were killed when Cyclone "
                     "Moraine hit Port Ashby.",
        "541_b.txt": "Moraine toll rises\n\nThe death toll from Cyclone Moraine rose to nine "
                     "after rescuers found two more bodies.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    (found,) = engine.ask("How many people died?").disagreements
    assert set(found.claims) == {"Seven", "nine"}


QUAKE = {
    "400_tribune.txt": (
        "Strong earthquake shakes Alvera province\n\n"
        "A magnitude 6.4 earthquake struck Alvera province at 3:12 a.m. on Saturday, killing at "
        "least 41 people, the national disaster agency said.\n\n"
        "Rescue teams pulled 16 survivors from collapsed buildings by nightfall, and 9 people "
        "remain missing."
    ),
    "401_courier.txt": (
        "Dozens dead as quake hits Alvera\n\n"
        "At least 38 people died when an earthquake hit Alvera province on Saturday. More than "
        "180 people were injured and 12 are still missing, according to the governor."
    ),
    "402_wire.txt": (
        "Alvera earthquake: what we know\n\n"
        "The earthquake killed 41 people. Rescuers freed 16 people from the rubble."
    ),
}


# A made-up cyclone: a count of the injured beside counts naming no state, an earlier
# cyclone's toll, and days of statements.
CYCLONE = {
    "700_wire.txt": (
        "Cyclone Moraine hits Port Ashby\n\n"
        "Cyclone Moraine made landfall near Port Ashby on Tuesday.\n\n"
        "At least nine people were killed and 40 others were injured, officials said on "
        "Tuesday.\n\n"
        "In 2009, Cyclone Tamsin killed 23 people on the same coast.\n\n"
        "About 300 soldiers were sent to help with the clean-up."
    ),
    "701_ledger.txt": (
        "Moraine: crews work through the night\n\n"
        "Rescue crews pulled 85 people from flooded homes overnight.\n\n"
        "Doctors said 52 people were injured by flying debris.\n\n"
        "Nine people were killed in the storm, the governor said on Wednesday.\n\n"
        "Two soldiers were injured when a wall collapsed during the clean-up."
    ),
    "702_post.txt": (
        "Port Ashby counts the cost\n\n"
        "Cyclone Moraine made landfall near Port Ashby on Wednesday, forecasters said."
    ),
}


@pytest.fixture(scope="module")
def cyclone(tmp_path_factory, embedder) -> Engine:
    return engine_over(tmp_path_factory.mktemp("cyclone"), CYCLONE, embedder,
                       published_on(CYCLONE, "2031-09-16"))


def test_a_count_naming_no_state_answers_no_state_asked(cyclone):
    # The injured are 40 against 52; the 85 pulled from their homes are not the injured.
    found = cyclone.ask("How many people were hurt?").disagreements
    claims = {c.split()[0] for d in found for c in d.claims}
    assert claims == {"40", "52"}


def test_a_count_naming_no_state_is_not_set_against_the_hurt(cyclone):
    # "About 300 soldiers were sent" counts all the soldiers; "two soldiers were injured"
    # counts what happened to some: no disagreement, in the answer or the listing.
    assert not cyclone.ask("How many soldiers were sent to help?").disagreements
    assert not any("soldiers" in " ".join(d.claims) for d in cyclone.disagreements())


def test_an_outlet_giving_a_time_and_a_day_answers_a_time_with_its_time(tmp_path, embedder):
    # "at 3:40 a.m. on Tuesday" answers "when?" with a day or a time; against another
    # outlet's time, its time.
    articles = {
        "740_a.txt": "Moraine\n\nThe storm came ashore at about 4:15 a.m. on Tuesday, packing "
                     "winds of 130 mph, forecasters said.",
        "741_b.txt": "Moraine hits Port Ashby\n\nPORT ASHBY — Cyclone Moraine made landfall near "
                     "Port Ashby at 3:40 a.m. on Tuesday as a Category 4 storm, with maximum "
                     "sustained winds of 145 mph.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    found = engine.ask("When did the storm make landfall?").disagreements
    assert found and set(found[0].claims) == {"about 4:15 a.m.", "3:40 a.m."}


def test_a_count_question_compares_counts_of_the_thing_asked(tmp_path, embedder):
    # The most relevant figure is a share ("case fatality rate"); the counts of cases lead.
    articles = {
        "760_a.txt": "Outbreak in Renn\n\nThe agency said the case fatality rate stood at "
                     "1.8%, well above its threshold.",
        "761_b.txt": "Renn outbreak grows\n\nThe number of confirmed cholera cases in Renn has "
                     "risen to 2,340, the health ministry said.",
        "762_c.txt": "Schools shut in Renn\n\nSchools closed on Tuesday as the number of cases "
                     "rose to 2,510.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    found = engine.ask("How many cases have there been?").disagreements
    assert found and set(found[0].claims) == {"2,340", "2,510"}


def test_a_toll_answers_before_a_part_of_it(tmp_path, embedder):
    articles = {
        "730_a.txt": "Moraine toll rises\n\nThe death toll from Cyclone Moraine rose to nine on "
                     "Wednesday, after two bodies were recovered from a flooded car park.",
        "731_b.txt": "Cyclone Moraine\n\nSeven people died in the cyclone, the governor said.",
    }
    found = engine_over(tmp_path, articles, embedder).ask("How many died?").disagreements
    assert found and set(found[0].claims) == {"nine", "Seven"}


def test_an_open_bound_does_not_make_two_figures_agree(tmp_path, embedder):
    # "at least 14" fits both 16 and 14, which do not fit each other.
    articles = {
        "750_a.txt": "Kerrin ferry\n\nAt least 14 people died.",
        "751_b.txt": "Kerrin ferry toll\n\nThe number of people killed when the ferry sank off "
                     "Kerrin on Friday evening has risen to 16, police said.",
        "752_c.txt": "Ferry sinks off Kerrin\n\nThe ferry capsized off Kerrin on Friday, killing "
                     "14 people, the operator said.",
    }
    found = engine_over(tmp_path, articles, embedder).ask("How many people died?").disagreements
    assert found and found[0].about.endswith("16 vs 14")


def test_an_earlier_events_figure_answers_only_a_question_naming_it(cyclone):
    # "In 2009, …" dates the whole sentence: Tamsin's 23 dead are no side on Moraine's dead,
    # and answer the question naming Tamsin, with nothing of this cyclone to set against.
    claims = {c for d in cyclone.ask("How many people were killed?").disagreements
              for c in d.claims}
    assert not any("23" in c for c in claims)
    answer = cyclone.ask("How many people did Cyclone Tamsin kill?")
    assert "23" in answer.quotes[0].excerpt.text and not answer.disagreements


def test_an_answer_shows_the_days_the_listing_sets_apart(tmp_path, embedder):
    # The most relevant sentence ("the eye passed over the town") is of no event another
    # outlet dates; the listing's day disagreement about the landfall is the answer's.
    articles = {
        "720_wire.txt": "Cyclone Moraine slams Port Ashby\n\nPORT ASHBY — Cyclone Moraine made "
                        "landfall near Port Ashby at 3:40 a.m. on Tuesday as a Category 4 "
                        "storm, with maximum sustained winds of 145 mph, the weather office "
                        "said.",
        "721_post.txt": "Cyclone Moraine: what we know\n\nCyclone Moraine hit the coast near "
                        "Port Ashby early on Wednesday, the Post reported, bringing winds of up "
                        "to 145 mph.\n\nThe storm weakened as it moved inland on Wednesday "
                        "afternoon.",
        "722_radio.txt": "Moraine leaves trail of damage\n\nThe storm's eye passed over the "
                         "town shortly before 4 a.m. on Tuesday.",
    }
    found = engine_over(tmp_path, articles, embedder).ask("Which day did the storm hit?")
    assert found.disagreements and {"Tuesday", "Wednesday"} <= set(
        found.disagreements[0].claims)


def test_the_listing_leaves_out_days_of_statements(cyclone):
    # "officials said on Tuesday" / "the governor said on Wednesday" date two statements;
    # "made landfall on Tuesday" / "on Wednesday" is the disagreement.
    days = [d for d in cyclone.disagreements() if d.kind == "day"]
    assert days and all("landfall" in s.text for d in days for s in d.sides)


@pytest.fixture(scope="module")
def quake(tmp_path_factory, embedder) -> Engine:
    return engine_over(tmp_path_factory.mktemp("quake"), QUAKE, embedder,
                       published_on(QUAKE, "2031-05-17"))


def test_counts_naming_other_states_are_not_compared(quake):
    # The injured are 180 in one outlet only: the dead (41) and the freed (16) are no side.
    assert not quake.ask("How many people were injured?").disagreements
    claims = {c for d in quake.ask("How many people are missing?").disagreements
              for c in d.claims}
    assert {"12", "9"} <= {c.split()[0] for c in claims}
    listed = [set(d.claims) for d in quake.disagreements()]
    assert not any({"16 people", "41 people"} & c and {"9 people", "12 people"} & c
                   for c in listed)


def test_outlets_naming_different_announcers_disagree(tmp_path, embedder):
    # The two sentences say little alike (the listing, without a question, leaves them);
    # the question says what was announced.
    articles = {
        "610_wire.txt": "Norvane to cut 1,200 jobs\n\nChief executive Lena Hoff announced "
                        "the job cuts in a memo to staff.",
        "611_desk.txt": "Norvane layoffs\n\nThe announcement was made by finance chief Ivo "
                        "Lind during a call with analysts.",
        "612_post.txt": "Norvane job cuts\n\nNorvane chief executive Lena Hoff announced the "
                        "cuts on Tuesday.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    found = engine.ask("Who announced the job cuts?").disagreements
    assert len(found) == 1 and {"Lena Hoff announced", "Ivo Lind announced"} == set(
        found[0].claims)
    assert not engine.ask("How many jobs will be cut?").disagreements


def test_an_outlet_denying_what_another_affirms_is_a_disagreement(tmp_path, embedder):
    articles = {
        "600_herald.txt": "Ruling party holds on\n\nOpposition leader Mara Quill conceded "
                          "defeat in a speech in the capital late on Sunday.",
        "601_post.txt": "Renn claims victory\n\nThe Reform Bloc said it would challenge the "
                        "results. Its leader, Mara Quill, did not concede.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    found = engine.ask("Did Mara Quill concede?").disagreements
    assert len(found) == 1 and set(found[0].claims) == {"not concede", "conceded"}
    assert {e.source.doc_id for e in found[0].sides} == {"600_herald", "601_post"}
    assert not engine.ask("Did the Reform Bloc challenge the results?").disagreements


def test_a_topic_asked_in_other_words_is_shown_its_known_conflict(tmp_path, embedder):
    articles = {
        "620_wire.txt": "Border talks end\n\n\u201cWe did not discuss aid,\u201d the Dravan "
                        "president said after the talks on the border dispute.",
        "621_daily.txt": "Border talks\n\nDuring the talks on the border dispute, the Dravan "
                         "president demanded an end to foreign aid to the rebels.",
    }
    engine = engine_over(tmp_path, articles, embedder)
    assert [c.kind for c in engine.index.conflicts] == ["polarity"]
    asked = engine.ask("Did the talks cover assistance to the rebels?").disagreements
    assert [d.kind for d in asked] == ["polarity"]
    assert not engine.ask("Did the talks cover the border dispute?").disagreements


def test_a_sentence_making_two_claims_joins_two_disagreements(tmp_path, embedder):
    articles = {
        "600_herald.txt": "Ruling party holds on\n\nThe Unity Party won 52.4% of the vote in "
                          "Sunday's election, the commission announced, with turnout at 61%.",
        "601_post.txt": "Renn claims victory\n\nThe Unity Party took 51.9% of the vote, "
                        "according to preliminary results. Turnout was 64%.",
    }
    listed = engine_over(tmp_path, articles, embedder).disagreements()
    claims = [frozenset(d.claims) for d in listed]
    assert sorted(claims, key=sorted) == [{"51.9%", "52.4%"}, {"61%", "64%"}]


def test_an_open_question_naming_a_figure_compares_the_figures(tmp_path, embedder):
    articles = {
        "600_herald.txt": "Ruling party holds on\n\nThe Unity Party won the election, with "
                          "turnout at 61%.",
        "601_post.txt": "Renn claims victory\n\nTurnout was 64%, the highest since 2009.",
    }
    answer = engine_over(tmp_path, articles, embedder).ask("What was the turnout?")
    assert {c for d in answer.disagreements for c in d.claims} == {"61%", "64%"}


def test_a_synonym_does_not_cause_abstention(ferry):
    # "vessel" and "overturn" are the articles' words; the question says "boat" and "sink".
    answer = ferry.ask("How many people lost their lives when the boat went down?")
    assert answer.answered


def test_a_name_no_article_mentions_abstains(ferry):
    answer = ferry.ask("What did Admiral Fitzgerald say about the rescue?")
    assert not answer.answered and answer.quotes == ()
    assert "Fitzgerald" in answer.note


def test_the_differing_toll_is_flagged_with_both_sides(ferry):
    answer = ferry.ask("How many people were killed?")
    assert answer.answered and answer.disagreements
    sides = {e.source.outlet for d in answer.disagreements for e in d.sides}
    assert "Coast Courier" in sides and sides & {"Harbour Times", "Island Wire"}


def test_a_yes_no_question_stating_the_toll_shows_the_differing_tolls(ferry):
    answer = ferry.ask("Were 14 people killed?")
    assert answer.answered and answer.disagreements
    claims = " ".join(c for d in answer.disagreements for c in d.claims)
    assert "14" in claims and "17" in claims


def test_outlets_are_compared_over_more_passages_than_are_quoted(ferry):
    # Quoting from one passage only, the other outlets' tolls are still found and compared.
    narrow = AnswerSettings(passages=1, compared_passages=1)
    deep = AnswerSettings(passages=1, compared_passages=12)
    question = "How many people were killed?"
    assert not answer_question(ferry.index, question, narrow).disagreements
    assert answer_question(ferry.index, question, deep).disagreements


def test_the_first_hits_scored_within_all_the_hits_are_scored_as_alone(ferry):
    question = "How many people were killed?"
    q = analyse(question, ferry.index.encode_question(question))
    hits = ferry.index.search(question, q.vector, k=12)
    first, whole = relevance.score_pools(ferry.index, q, hits, 2)
    assert len(first) < len(whole)  # the check compares two different pools
    alone = relevance.score(ferry.index, q, hits[:2])  # the first hits scored on their own
    assert [c.sentence for c in first] == [c.sentence for c in alone]
    # the same up to float rounding (one matrix product over the whole pool)
    assert [c.probability for c in first] == pytest.approx([c.probability for c in alone])


def test_the_differing_departure_time_is_flagged(ferry):
    answer = ferry.ask("What time did the ferry leave port?")
    assert answer.disagreements
    texts = " ".join(e.text for d in answer.disagreements for e in d.sides)
    assert "6:40" in texts and "7:15" in texts


def test_a_count_of_another_thing_is_not_a_disagreement(ferry):
    # Survivors (180) and passengers (212) are other slots than the dead.
    answer = ferry.ask("How many survivors were pulled from the water?")
    assert answer.answered and not answer.disagreements
    assert "180 survivors" in answer.quotes[0].excerpt.text


def test_days_of_two_different_happenings_are_not_a_disagreement(ferry):
    # The capsizing (Tuesday) and the announcement of an inquiry (Wednesday).
    answer = ferry.ask("On which day did the ferry capsize?")
    assert answer.answered and not answer.disagreements
    assert "Tuesday" in answer.quotes[0].excerpt.text


def test_the_first_quote_answers(ferry):
    answer = ferry.ask("Who is the harbour master?")
    assert "Lina Okoro" in answer.quotes[0].excerpt.text


def test_quotes_are_verbatim_and_few(ferry):
    for question in ("How many people were killed?", "What time did the ferry leave port?",
                     "Who is the harbour master?"):
        answer = ferry.ask(question)
        assert 1 <= len(answer.quotes) <= 4
        for e in [q.excerpt for q in answer.quotes] + [s for d in answer.disagreements
                                                        for s in d.sides]:
            assert ferry.index.articles[e.source.doc_id].clean_text[e.start : e.end] == e.text


def test_names_in_a_question():
    assert names_in("Did AirWays change its logo?") == ("AirWays",)
    assert names_in("Were there any US citizens aboard?") == ("US",)
    assert names_in("What did the mayor's office say?") == ()
    assert names_in("What did the German MP say?") == ("German",)  # a title, not a name


def test_analysis_reads_the_slot_once():
    q = analyse("How many crew members were aboard?", np.zeros(3))
    assert q.slot == "crew members" and q.focus.value == "number"
    assert q.slot_terms == {"crew", "member"}
    assert "crew" in q.terms


def _slot_fillers(question: str, sentence: str) -> list[str]:
    q = analyse(question, np.zeros(3))
    every = values(sentence, 2024)
    return [v.text for v in every if fills(v, q, sentence, every)]


def test_a_count_of_another_state_fills_no_slot_naming_a_state():
    sentence = "Twelve people were killed and 30 were injured in the blast."
    assert _slot_fillers("How many people were hurt?", sentence) == ["30"]
    assert _slot_fillers("How many people were there?", sentence) == ["Twelve", "30"]
    # A count naming no state may say the state in other words: it answers (and is no side
    # of a disagreement on the state, `test_a_count_naming_no_state_answers_no_state_asked`).
    told_to_leave = "Police told 4,500 people to leave."
    assert _slot_fillers("How many people were evacuated?", told_to_leave) == ["4,500"]
    # Set free: the state of a release, whatever held them before.
    released = "The release of 25 fishermen held in the port was agreed."
    assert _slot_fillers("How many fishermen will be freed?", released) == ["25"]


def test_a_physical_measure_answers_how_much_of_itself():
    sentence = "Up to 18 inches of rain fell, and a 40-metre ferry sank in the bay."
    assert _slot_fillers("How much rain fell?", sentence) == ["Up to 18 inches"]
    assert _slot_fillers("How much did the ferry cost?", sentence) == []


def test_only_a_written_year_answers_what_year():
    sentence = "The pier opened on Tuesday, 4 May, and was rebuilt in 2024."
    assert _slot_fillers("What year was the pier rebuilt?", sentence) == ["2024"]
    assert _slot_fillers("On which day did the pier open?", sentence) == [
        "Tuesday", "4 May", "2024"]


def test_a_measure_fills_only_the_dimension_asked():
    sentence = "The jet climbed to 31,000ft at 800 km/h with fuel worth $2 million aboard."
    assert _slot_fillers("How fast was the jet going?", sentence) == ["800 km/h"]
    assert _slot_fillers("What altitude did the jet reach?", sentence) == ["31,000ft"]
    assert _slot_fillers("How much flying experience did the crew have?",
                         "The jet climbed to 31,000ft at 800 km/h.") == []
    assert _slot_fillers("How much money was aboard?", sentence) == ["$2 million"]
    assert _slot_fillers("How much fuel was aboard?", sentence) == ["$2 million"]
    assert _slot_fillers("How much cargo was aboard?", sentence) == []
    assert _slot_fillers("How much working time did the crew log?",
                         "The crew logged 1,200 working hours, more than most.") == [
        "1,200 working hours"]


def test_an_attribute_duration_answers_only_about_its_noun():
    sentence = "After a 90-minute call they agreed to a 45-day pause."
    assert _slot_fillers("How long did the call last?", sentence) == ["90-minute"]
    assert _slot_fillers("How long will the pause hold?", sentence) == ["45-day"]
    assert _slot_fillers("How long did the talks last?", "The talks lasted three hours.") == [
        "three hours"]


def test_the_fitted_weights_are_readable():
    fitted = weights()
    assert 0 < fitted.coverage_threshold < 1 and 0 <= fitted.quote_floor < 1
    assert set(fitted.ranking.features) >= {"similarity", "typed"}
    assert fitted.ranking.weights[fitted.ranking.features.index("similarity")] > 0
    assert fitted.calibration.features == ("score", "gap")
    model = Logistic(("a", "b"), (1.0, -2.0), 0.5)
    assert model.logits(np.array([[1.0, 1.0]]))[0] == pytest.approx(-0.5)
    assert Logistic.from_json(model.to_json()) == model


def _sentence(engine: Engine, doc_prefix: str, words: str):
    return next(s for s in engine.index.sentences
                if s.doc_id.startswith(doc_prefix) and words in s.text)


def test_sentences_whose_values_clash_are_never_the_same_point(ferry):
    fourteen = _sentence(ferry, "202", "Fourteen people")
    at_least_17 = _sentence(ferry, "201", "At least 17")
    killing_14 = _sentence(ferry, "200", "killing 14")
    assert values_clash(ferry.index, fourteen, at_least_17)
    assert not values_clash(ferry.index, fourteen, killing_14)
    assert not same_fact(ferry.index, fourteen, at_least_17, threshold=0.0)


def test_an_uncomparable_value_does_not_hide_a_disagreement():
    (v212, share), (v213,) = values("212 Chileans, 40 percent of them", 2024), values(
        "213 Chileans", 2024)
    a = SlotValue(candidate=None, value=v212, others=(share,))
    b = SlotValue(candidate=None, value=v213, others=())
    assert [len(g) for g in positions([a, b])] == [1, 1]
    same = SlotValue(candidate=None, value=values("212 Chileans", 2024)[0], others=())
    assert [len(g) for g in positions([a, same])] == [2]


def test_background_figures_or_an_open_bound_do_not_make_outlets_agree():
    (nearly, pause_a) = values("After nearly three hours of talks they agreed on a pause "
                               "for 45 days.", 2024)
    (over, pause_b) = values("Over three hours of talks ended in a pause for 45 days.", 2024)
    a = SlotValue(candidate=None, value=nearly, others=(pause_a,))
    b = SlotValue(candidate=None, value=over, others=(pause_b,))
    assert [len(g) for g in positions([a, b])] == [1, 1]
    also = SlotValue(candidate=None, value=values("It took three and a half hours.", 2024)[0],
                     others=())
    assert [len(g) for g in positions([b, also])] == [2]


def test_a_day_and_a_time_of_day_are_not_two_sides():
    (clock,) = values("The ferry sails again at 14:00.", 2024)
    (day,) = values("The ferry sails again on Friday.", 2024)
    (other_clock,) = values("It left at 09:15.", 2024)
    found = [SlotValue(None, clock, ()), SlotValue(None, day, ()),
             SlotValue(None, other_clock, ())]
    asked = analyse("When does the ferry sail again?", np.zeros(3))
    assert [sv.value for sv in of_one_kind(asked, found)] == [clock, other_clock]


def _slot_value(doc: str, text: str, alternatives: tuple[str, ...] = ()) -> SlotValue:
    """An outlet's duration from a made-up sentence, with its other sentences' durations."""
    def option(line: str) -> tuple[Candidate, object]:
        sentence = Sentence(doc, 0, 0, len(line), line, 0, None, True)
        return Candidate(sentence, 0.5, 0.5, 1.0, 0.5), values(line, 2024)[0]
    candidate, value = option(text)
    return SlotValue(candidate, value, (), tuple(option(a) for a in alternatives))


def test_an_outlet_answers_with_its_value_of_the_same_happening(ferry):
    lead = _slot_value("a", "The talks lasted nearly three hours.")
    other = _slot_value("b", "The pause in attacks will last for 45 days.",
                        ("Over three hours of talks ended without a deal.",))
    kept = of_one_happening(ferry.index, [lead, other])
    assert [sv.value.text for sv in kept] == ["nearly three hours", "Over three hours"]
    assert "45 days" in [v.text for v in kept[1].others]
    assert len(positions(kept)) == 2


def test_a_time_of_another_happening_does_not_make_an_outlet_agree(ferry):
    lead = _slot_value("a", "The ferry was due to dock in Kerrin at 09:45.")
    other = _slot_value("b", "The ferry was scheduled to dock in Kerrin at 09:30.",
                        ("Radio contact with the crew was lost at 09:45.",))
    other = SlotValue(other.candidate, other.value, (other.alternatives[0][1],),
                      other.alternatives)
    assert len(positions([lead, other])) == 1  # its "contact was lost at 09:45" agrees
    kept = of_one_happening(ferry.index, [lead, other])
    assert [sv.value.text for sv in kept] == ["09:45", "09:30"]
    assert kept[1].others == ()
    assert len(positions(kept)) == 2


@pytest.mark.parametrize("question, expected", [
    ("What time was the ferry due to dock in Kerrin?", "09:45"),
    ("What time did the ferry leave Port Selwyn?", "06:10 local time"),
])
def test_an_outlet_value_is_the_one_next_to_what_is_asked(question, expected):
    text = ("The ferry left Port Selwyn at 06:10 local time (22:10 GMT Monday) and was due to "
            "dock in Kerrin at 09:45.")
    found = [v for v in values(text, 2024) if not v.converted]
    assert nearest_value(found, text, analyse(question, np.zeros(3))).text == expected


@pytest.mark.parametrize("question", [
    "What time was the ferry to leave?", "What time did it leave?",
])
def test_a_value_is_placed_by_its_clause_not_by_the_words_asking_its_kind(question):
    # "leave" is far before 06:10 but in its clause; "time" (of "local time") is nearer 09:45.
    text = ("The ferry was scheduled to leave from the old stone harbour wall beside the fish "
            "market of Port Selwyn at 06:10 local time, with arrival in Kerrin set for 09:45.")
    found = [v for v in values(text, 2024) if not v.converted]
    analysed = analyse(question, np.zeros(3))
    assert "time" not in analysed.placing_terms
    assert nearest_value(found, text, analysed).text == "06:10 local time"


@pytest.mark.parametrize("asked", ["How deep was the earthquake?",
                                   "What was the depth of the earthquake?"])
def test_a_dimension_asked_places_its_measure_by_its_noun(asked):
    text = "The earthquake's epicentre was 12 kilometres east of Marsk, at a depth of 10 km."
    question = analyse(asked, np.zeros(3))
    assert nearest_value(values(text, 2024), text, question).text == "10 km"


def test_the_words_of_a_stated_value_do_not_place_another_value():
    text = "Following nearly three hours of talks, they agreed to a pause of 45 days."
    found = values(text, 2024)
    question = analyse("Did the talks last an hour?", np.zeros(3))
    assert nearest_value(found, text, question).text == "nearly three hours"


def test_a_count_in_other_words_answers_but_makes_no_side(ferry):
    answer = ferry.ask("How many travellers were aboard the ferry?")
    assert answer.answered
    assert "212 passengers" in answer.quotes[0].excerpt.text
    assert answer.disagreements == ()


def test_a_count_of_something_else_is_not_a_count_in_other_words(ferry):
    index = ferry.index
    q = analyse("How many crew were aboard?", index.encode_question("How many crew were aboard?"))
    sentence = _sentence(ferry, "200", "212 passengers")
    assert not loosely_fills(index, q, sentence)
    other = analyse("How many travellers were aboard?",
                    index.encode_question("How many travellers were aboard?"))
    assert loosely_fills(index, other, sentence)
