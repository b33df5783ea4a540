"""Whole-corpus views are computed once per loaded index, also when requests race."""

from __future__ import annotations

import threading

import bot.listing
import bot.summary
from bot.disagreements import grouped


def test_the_listing_is_grouped_once_per_index(seed_engine, monkeypatch) -> None:
    index = seed_engine.index
    expected = grouped(index, index.conflicts)
    calls = []

    def counting(idx, conflicts):
        calls.append(1)
        return grouped(idx, conflicts)

    monkeypatch.setattr(bot.listing, "grouped", counting)
    monkeypatch.setattr(bot.listing, "_CACHE", type(bot.listing._CACHE)())
    assert expected and seed_engine.disagreements() == expected
    assert seed_engine.disagreements() == expected
    assert len(calls) == 1


def test_requests_during_the_precompute_wait_for_it(seed_engine, monkeypatch) -> None:
    started, release = threading.Event(), threading.Event()
    real = bot.summary._overall
    calls = []

    def slow(*args):
        calls.append(1)
        started.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(bot.summary, "_overall", slow)
    monkeypatch.setattr(bot.summary, "_CACHE", type(bot.summary._CACHE)())
    seed_engine.warm_up()  # starts the background precompute
    assert started.wait(10)
    results = []
    asker = threading.Thread(target=lambda: results.append(seed_engine.summary()))
    asker.start()
    asker.join(0.3)
    assert asker.is_alive()  # waiting for the precompute, not computing again
    release.set()
    asker.join(10)
    assert len(calls) == 1 and results and results[0].answered
