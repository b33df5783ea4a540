"""The two renderers over one presentation: the same Markdown, Discord's limits, escaping."""

from __future__ import annotations

import re
from datetime import date

import discord
import pytest
from helpers import (
    assert_within_limits,
    make_answer,
    make_disagreement,
    make_excerpt,
    make_quote,
    make_sources,
    quoted_texts,
    unescape,
)

from bot import presentation as pres
from bot.discord_app.embeds import fit_content, render_embeds, shorten
from bot.markdown import escape
from bot.models import Answer, Disagreement, Excerpt, Source, SourceInfo, Summary
from bot.render import render


def _one_page(p: pres.Presentation) -> discord.Embed:
    pages = render_embeds(p)
    assert len(pages) == 1
    assert_within_limits(pages[0])
    return pages[0]


def _as_text(embed: discord.Embed) -> str:
    """What the embed shows, in the text renderer's layout."""
    parts = [f"**{embed.title}**", embed.description or ""]
    if embed.footer.text:
        parts.append(f"*{embed.footer.text}*")
    return "\n\n".join(p for p in parts if p)


PRESENTATIONS = {
    "answer": pres.answer_presentation(make_answer(disagreements=(make_disagreement(),))),
    "abstention": pres.answer_presentation(Answer("What about Mars?", False, note="Not covered.")),
    "summary": pres.summary_presentation(Summary(
        "Key points", True, (make_quote("Putin agreed to stop energy strikes.", also=(2,)),),
        (make_disagreement(),), total_sources=5)),
    "topic": pres.summary_presentation(Summary(
        "On “ships”", True, (make_quote("Ships.", 1), make_quote("More ships.", 2)),
        total_sources=5, kind="topic", subject="ships")),
    "disagreements": pres.disagreements_presentation([make_disagreement()]),
    "sources": pres.sources_presentation(make_sources(5)),
    "help": pres.help_presentation(max_question_chars=300, cooldown_seconds=5, channels=True),
}


@pytest.mark.parametrize("name", sorted(PRESENTATIONS))
def test_the_cli_text_is_exactly_what_the_embed_shows(name: str) -> None:
    p = PRESENTATIONS[name]
    assert render(p) == _as_text(_one_page(p))


def test_answer_shows_quote_attribution_also_reported_and_footer() -> None:
    answer = make_answer()
    embed = _one_page(pres.answer_presentation(answer))
    assert embed.title == "How long did the call last?"
    desc = embed.description or ""
    assert quoted_texts(desc) == [answer.quotes[0].excerpt.text]
    link = "[Headline number 1](https://example.com/article)"
    assert f"— **Outlet 1** · {link} · 19 March 2025" in desc
    assert "Also reported by [Outlet 2](https://example.com/article)." in desc
    assert "verbatim" in (embed.footer.text or "")
    assert embed.colour == discord.Colour.blurple()


def test_a_quote_that_is_a_disagreement_side_is_shown_once_in_both_renderers() -> None:
    d = make_disagreement()
    quotes = (make_quote("more than three hours", 1), make_quote("Other point.", 3))
    quotes = (type(quotes[0])(d.sides[0], 0.9), quotes[1])
    p = pres.answer_presentation(make_answer(quotes=quotes, disagreements=(d,)))
    text = render(p)
    assert text.count("> more than three hours") == 1
    assert text.index("Sources disagree") < text.index("Other point.")  # the dispute leads
    assert render(p) == _as_text(_one_page(p))


def test_headline_link_is_escaped_once() -> None:
    quote = make_quote("Text.", title="[x](javascript:alert) *bold* <@1>")
    desc = _one_page(pres.answer_presentation(make_answer(quotes=(quote,)))).description or ""
    assert "[\\[x\\](javascript:alert) \\*bold\\* \\<@1>](https://example.com/article)" in desc
    assert "\\\\" not in desc


def test_url_characters_that_would_break_a_link_are_encoded() -> None:
    quote = make_quote("Text.", url="https://example.com/a (b)>c")
    desc = _one_page(pres.answer_presentation(make_answer(quotes=(quote,)))).description or ""
    assert "(https://example.com/a%20%28b%29%3Ec)" in desc
    no_link = make_quote("Text.", url="javascript:alert(1)")
    assert "javascript" not in render(pres.answer_presentation(make_answer(quotes=(no_link,))))


def test_a_source_without_outlet_or_headline_is_never_named_by_its_file_id() -> None:
    bare = Source("002_95c2037b3342536c", None, None, None, None,
                  opening="In a significant diplomatic move")
    assert bare.label == "untitled article “In a significant diplomatic move…”"
    with_url = Source("002_95c2037b3342536c", None, None, None, "https://www.example.org/x",
                      opening="In a significant diplomatic move")
    assert with_url.label == "example.org"
    assert Source("002_x", None, None, None, None).label == "an untitled article"
    quote = type(make_quote("x"))(Excerpt(bare, "The call lasted three hours.", 0, 28), 0.5,
                                  (Excerpt(bare, "y", 0, 1),))
    summary = Summary("Key points", True, (quote,), total_sources=5)
    for p in (pres.summary_presentation(summary),
              pres.answer_presentation(make_answer(quotes=(quote,))),
              pres.sources_presentation([SourceInfo(bare, 3, 9)])):
        shown = render(p).replace("id `002_95c2037b3342536c`", "")
        assert "002_" not in shown and "95c2037b" not in shown


def test_one_article_reporting_differing_accounts_gets_its_own_label() -> None:
    side = make_excerpt("Accounts of the call differ, officials said.", 3)
    reported = Disagreement("accounts differ, as 003_x reports", "reported", (side,),
                            claims=("reports differing accounts",))
    text = render(pres.disagreements_presentation([reported]))
    assert "Differing accounts, as Outlet 3 reports" in text
    assert "Sources disagree" not in text and "003_x" not in text
    assert "1 articles" not in text
    same_doc = Disagreement("the day", "day", (make_excerpt("Tuesday", 2),
                                               make_excerpt("Wednesday", 2)))
    assert "Differing accounts, as Outlet 2 reports" in render(
        pres.disagreements_presentation([same_doc]))
    two = render(pres.disagreements_presentation([make_disagreement()]))
    assert "2 articles report this differently" in two


def test_a_quote_longer_than_a_page_is_split_across_pages_never_cut() -> None:
    long_text = "The Kremlin said " + "very " * 1200 + "long."  # > 4096 characters
    short = "Trump called the conversation very good and productive."
    answer = make_answer(quotes=(make_quote(long_text, 1), make_quote(short, 2)))
    pages = render_embeds(pres.answer_presentation(answer))
    assert len(pages) >= 2
    for page in pages:
        assert_within_limits(page)
    shown = " ".join(" ".join(quoted_texts(p.description or "")) for p in pages)
    assert " ".join(long_text.split()) in " ".join(shown.split())
    assert short in shown


def test_many_quotes_are_paged_whole_and_in_order() -> None:
    texts = [f"Quote {i}: " + "Moscow and Washington discussed the ceasefire. " * 6
             for i in range(60)]
    answer = make_answer(quotes=tuple(make_quote(t, i % 5 + 1, also=(3, 4))
                                      for i, t in enumerate(texts)))
    pages = render_embeds(pres.answer_presentation(answer))
    assert len(pages) > 1
    shown = []
    for n, page in enumerate(pages, 1):
        assert_within_limits(page)
        assert page.title == f"How long did the call last? (page {n}/{len(pages)})"
        shown += quoted_texts(page.description or "")
    assert shown == texts


def test_astral_characters_count_as_two_utf16_units() -> None:
    emoji_text = "\U0001F91D" * 1500  # 1500 code points, 3000 UTF-16 units
    answer = make_answer(quotes=(make_quote(emoji_text), make_quote(emoji_text, 2)))
    pages = render_embeds(pres.answer_presentation(answer))
    assert len(pages) == 2
    for page in pages:
        assert_within_limits(page)


def test_markdown_in_article_text_is_escaped_without_changing_a_word() -> None:
    text = ("*Bold* claims, _italic_ ones, ~~struck~~, `code`, ||spoiler||, a \\ backslash,\n"
            "> not a quote\n# not a heading\n- not a list\n1. not a list\n"
            "[not a link](https://evil.example)")
    desc = _one_page(pres.answer_presentation(make_answer(quotes=(make_quote(text),))))
    desc = desc.description or ""
    assert quoted_texts(desc) == [text]
    body = desc.split("\n— ")[0]
    assert not re.search(r"(?<!\\)[*_~`|]", body.replace("\\\\", ""))
    assert "> \\> not a quote" in desc and "> \\# not a heading" in desc
    assert "> \\- not a list" in desc and "> 1\\. not a list" in desc
    assert "\\[not a link\\](" in desc


def test_mentions_emoji_and_everyone_in_article_text_cannot_render_or_ping() -> None:
    text = "He wrote @everyone and @here, pinged <@123>, <@!45>, role <@&678>, <#9>, <:ok:42>."
    answer = make_answer("Did @everyone hear <@123>?", quotes=(make_quote(text),),
                         disagreements=(make_disagreement(sides=(text, "Nobody was pinged.")),))
    embed = render_embeds(pres.answer_presentation(answer))[0]
    payload = str(embed.to_dict())
    for raw in ("@everyone", "@here", "<@123>", "<@!45>", "<@&678>", "<#9>", "<:ok:42>"):
        assert re.search(rf"(?<!\\){re.escape(raw)}", payload.replace("\\\\", "\\")) is None, raw
    assert quoted_texts(embed.description or "")[0] == text
    assert unescape(embed.title or "") == "Did @everyone hear <@123>?"


def test_long_titles_and_labels_are_shortened_only_in_our_own_text() -> None:
    question = "why " * 200
    embed = _one_page(pres.answer_presentation(Answer(question, False, note="Not covered.")))
    assert (embed.title or "").endswith("…")
    assert embed.description == "Not covered."
    assert embed.colour == discord.Colour.light_grey()
    assert len(shorten("*" * 300, 256)) <= 256


def test_summary_footer_names_what_it_was_drawn_from() -> None:
    one = Summary("Key points from Outlet 1", True, (make_quote("A point.", 1),),
                  total_sources=5, kind="source", subject="Outlet 1")
    assert _one_page(pres.summary_presentation(one)).footer.text.endswith(
        "Drawn from Outlet 1 only.")
    many = Summary("Key points", True, (make_quote("A point.", 1, also=(2, 3)),),
                   total_sources=5)
    assert "Drawn from 3 of 5 articles." in render(pres.summary_presentation(many))
    empty = _one_page(pres.summary_presentation(Summary("Topic: weather", False, note="None.")))
    assert empty.description == "None."


def test_no_disagreements_says_so() -> None:
    embed = _one_page(pres.disagreements_presentation([]))
    assert "do not contradict" in (embed.description or "")


def test_sources_list_every_article_on_as_many_pages_as_needed() -> None:
    embed = _one_page(pres.sources_presentation(make_sources(5)))
    lines = (embed.description or "").split("\n")
    assert len(lines) == 5 and lines[0].startswith("— **EL PAÍS USA Edition**")
    assert "10 passages · id `001_abcdef01`" in lines[0]
    big = render_embeds(pres.sources_presentation(make_sources(200)))
    assert len(big) > 1
    rows = [row for page in big for row in (page.description or "").split("\n")]
    assert len(rows) == 200
    for page in big:
        assert_within_limits(page)


def test_help_mentions_every_command_and_no_event() -> None:
    embed = _one_page(pres.help_presentation(max_question_chars=321, cooldown_seconds=7,
                                             channels=True))
    desc = embed.description or ""
    for name in ("/ask", "/summary", "/disagreements", "/sources", "321", "7 s", "Mention me"):
        assert name in desc
    assert "Trump" not in desc


def test_fit_content_and_escape() -> None:
    assert len(fit_content("a" * 5000)) == 2000
    assert fit_content("short") == "short"
    assert escape("a_b") == "a\\_b" and escape("@here") == "\\@here"


def test_dates_render_readably() -> None:
    src = make_excerpt("x", outlet="", url=None).source
    text = render(pres.answer_presentation(make_answer(quotes=(type(make_quote("x"))(
        Excerpt(src, "Text.", 0, 5), 0.5),))))
    assert "— **Headline number 1** · 19 March 2025" in text
    assert date(2025, 3, 19).isoformat() not in text


def test_a_split_quote_keeps_its_attribution_outside_the_quote() -> None:
    from bot.discord_app.embeds import _split

    block = "> " + "word " * 30 + "end.\n— **Outlet**"
    for budget in (60, 160):  # cut inside the quote line / right at the attribution
        pieces = _split(block, budget)
        assert len(pieces) > 1 and all(len(p) <= budget for p in pieces)
        assert all(p.startswith("> ") for p in pieces if "Outlet" not in p or "word" in p)
        assert not any("> —" in p for p in pieces) and pieces[-1].endswith("— **Outlet**")
        words = " ".join(" ".join(p.removeprefix("> ").split()) for p in pieces)
        assert words == " ".join(("word " * 30 + "end. — **Outlet**").split())
