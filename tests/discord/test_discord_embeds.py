"""Embed rendering: Discord's limits, whole quotes only, escaping without changing a word."""

from __future__ import annotations

import re

import discord
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

from bot.discord_app import embeds
from bot.models import Answer, Disagreement, Summary


def _shown_quote_texts(embed: discord.Embed) -> list[str]:
    return quoted_texts(embed.description or "")


def test_answer_embed_shows_quote_attribution_also_reported_and_footer() -> None:
    answer = make_answer()
    embed = embeds.answer_embed(answer)
    assert_within_limits(embed)
    assert embed.title == "How long did the call last?"
    desc = embed.description or ""
    assert _shown_quote_texts(embed) == [answer.quotes[0].excerpt.text]
    link = "[Headline number 1](https://example.com/article)"
    assert f"— **Outlet 1** · {link} · 19 March 2025" in desc
    assert "Also reported by [Outlet 2](https://example.com/article)." in desc
    assert "verbatim" in (embed.footer.text or "")


def test_attribution_without_url_or_outlet() -> None:
    no_url = make_quote("Text.", url=None)
    assert "*Headline number 1*" in embeds.quote_text(no_url)
    src = make_excerpt("x", outlet="", url=None).source
    line = embeds.attribution(src)
    assert line.startswith("— **Headline number 1**") and "19 March 2025" in line


def test_very_long_quote_is_dropped_whole_and_counted() -> None:
    long_text = "The Kremlin said " + "very " * 1200 + "long."  # > 4096 characters
    short = "Trump called the conversation very good and productive."
    answer = make_answer(quotes=(make_quote(long_text, 1), make_quote(short, 2)))
    embed = embeds.answer_embed(answer)
    assert_within_limits(embed)
    assert _shown_quote_texts(embed) == [short]
    assert "1 more quote left out" in (embed.description or "")


def test_many_quotes_fill_the_description_with_whole_quotes_only() -> None:
    texts = [f"Quote {i}: " + "Moscow and Washington discussed the ceasefire. " * 6
             for i in range(60)]
    answer = make_answer(quotes=tuple(make_quote(t, i % 5 + 1, also=(3, 4)) for i, t in
                                      enumerate(texts)))
    embed = embeds.answer_embed(answer)
    assert_within_limits(embed)
    shown = _shown_quote_texts(embed)
    assert 0 < len(shown) < 60
    assert shown == texts[: len(shown)]  # whole quotes, in order, none cut
    left_out = re.search(r"(\d+) more quotes left out", embed.description or "")
    assert left_out and int(left_out.group(1)) == 60 - len(shown)


def test_every_quote_dropped_still_says_so() -> None:
    answer = make_answer(quotes=(make_quote("x" * 5000), make_quote("y" * 4500, 2)))
    embed = embeds.answer_embed(answer)
    assert_within_limits(embed)
    assert _shown_quote_texts(embed) == []
    assert "2 more quotes left out" in (embed.description or "")


def test_astral_characters_count_as_two_utf16_units() -> None:
    emoji_text = "\U0001F91D" * 1500  # 1500 code points, 3000 UTF-16 units
    answer = make_answer(quotes=(make_quote(emoji_text), make_quote(emoji_text, 2)))
    embed = embeds.answer_embed(answer)
    assert_within_limits(embed)
    assert len(_shown_quote_texts(embed)) == 1


def test_markdown_in_article_text_is_escaped_without_changing_a_word() -> None:
    text = ("*Bold* claims, _italic_ ones, ~~struck~~, `code`, ||spoiler||, a \\ backslash,\n"
            "> not a quote\n# not a heading\n- not a list\n[not a link](https://evil.example)")
    embed = embeds.answer_embed(make_answer(quotes=(make_quote(text),)))
    assert _shown_quote_texts(embed) == [text]
    desc = embed.description or ""
    body = desc.split("\n— ")[0]
    # No markdown character survives unescaped in the quoted text.
    assert not re.search(r"(?<!\\)[*_~`|]", body.replace("\\\\", ""))
    assert "> \\> not a quote" in desc and "> \\# not a heading" in desc
    assert "\\[not a link](" in desc


def test_mentions_and_everyone_in_article_text_cannot_render_or_ping() -> None:
    text = "He wrote @everyone and @here, pinged <@123>, <@!45>, role <@&678> and <#9>."
    quote = make_quote(text)
    answer = make_answer("Did @everyone hear <@123>?", quotes=(quote,),
                         disagreements=(make_disagreement(sides=(text, "Nobody was pinged.")),))
    embed = embeds.answer_embed(answer)
    payload = str(embed.to_dict())
    for raw in ("@everyone", "@here", "<@123>", "<@!45>", "<@&678>", "<#9>"):
        # every occurrence is preceded by a backslash, so Discord shows it as text
        assert re.search(rf"(?<!\\){re.escape(raw)}", payload.replace("\\\\", "\\")) is None, raw
    assert _shown_quote_texts(embed) == [text]
    assert unescape(embed.title or "") == "Did @everyone hear <@123>?"


def test_disagreement_fields_are_side_by_side_and_verbatim() -> None:
    d = make_disagreement()
    embed = embeds.answer_embed(make_answer(disagreements=(d,)))
    assert_within_limits(embed)
    header, *sides = embed.fields
    assert header.name == "Sources disagree: how long the call lasted" and not header.inline
    assert [s.inline for s in sides] == [True, True]
    assert [s.name for s in sides] == ["Outlet 1", "Outlet 2"]
    assert [quoted_texts(s.value)[0] for s in sides] == ["more than two hours", "90 minutes"]
    assert embed.colour == embeds.CONFLICT_COLOUR


def test_disagreement_with_a_side_too_long_for_a_field_is_dropped_not_cut() -> None:
    d = make_disagreement(sides=("a" * 1100, "short"))
    embed = embeds.answer_embed(make_answer(disagreements=(d,)))
    assert_within_limits(embed)
    assert embed.fields == []
    assert "1 disagreement (see /disagreements) left out" in (embed.description or "")


def test_many_disagreements_respect_field_count_and_total() -> None:
    many = [make_disagreement(f"point {i}", ("x " * 240, "y " * 240)) for i in range(20)]
    embed = embeds.disagreements_embed(many)
    assert_within_limits(embed)
    assert len(embed.fields) % 3 == 0 and embed.fields
    shown = len(embed.fields) // 3
    assert f"{20 - shown} disagreements (see /disagreements) left out" in (embed.description or "")
    for f in embed.fields:
        if f.inline:
            assert quoted_texts(f.value)[0] in ("x " * 240, "y " * 240)


def test_long_question_title_is_shortened_and_labels_fit() -> None:
    question = "why " * 200
    embed = embeds.answer_embed(Answer(question=question, answered=False, note="Not covered."))
    assert_within_limits(embed)
    assert (embed.title or "").endswith("…")
    assert embed.description == "Not covered."
    assert embed.colour == embeds.ABSTAIN_COLOUR
    long_about = Disagreement(about="z" * 400, kind="x",
                              sides=(make_excerpt("a"), make_excerpt("b", 2)))
    fields = embeds.disagreement_fields(long_about)
    assert fields is not None and len(fields[0].name) <= 256


def test_summary_embed_and_abstention() -> None:
    s = Summary(heading="What the articles say", answered=True,
                quotes=(make_quote("Putin agreed to stop energy strikes."),),
                disagreements=(make_disagreement(),), total_sources=5)
    embed = embeds.summary_embed(s)
    assert_within_limits(embed)
    assert embed.title == "What the articles say"
    assert _shown_quote_texts(embed) == ["Putin agreed to stop energy strikes."]
    assert "Drawn from 5 articles" in (embed.footer.text or "")
    assert embed.fields[0].name.startswith("Sources disagree")
    empty = embeds.summary_embed(Summary(heading="Topic: weather", answered=False, note="None."))
    assert empty.description == "None." and not empty.fields


def test_no_disagreements_says_so() -> None:
    embed = embeds.disagreements_embed([])
    assert "No conflicts" in (embed.description or "")


def test_sources_embed_lists_articles_and_drops_whole_lines() -> None:
    embed = embeds.sources_embed(make_sources(5))
    assert_within_limits(embed)
    lines = (embed.description or "").split("\n")
    assert len(lines) == 5 and lines[0].startswith("`001_abcdef01` — **EL PAÍS USA Edition**")
    assert "10 passages" in lines[0]
    big = embeds.sources_embed(make_sources(200))
    assert_within_limits(big)
    assert re.search(r"\d+ more articles left out", big.description or "")


def test_help_embed_mentions_every_command() -> None:
    embed = embeds.help_embed(max_question_chars=321, cooldown_seconds=7, channels=True)
    assert_within_limits(embed)
    desc = embed.description or ""
    for name in ("/ask", "/summary", "/disagreements", "/sources", "321", "7 s", "Mention me"):
        assert name in desc


def test_fit_content_and_label() -> None:
    assert len(embeds.fit_content("a" * 5000)) == 2000
    assert embeds.fit_content("short") == "short"
    assert embeds.label("*" * 300, 256).endswith("…")
    assert len(embeds.label("*" * 300, 256)) <= 256
