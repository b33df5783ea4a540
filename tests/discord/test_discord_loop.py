"""Under load the event loop keeps ticking: engine calls never run on it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from helpers import FakeEngine, event_names, make_bot, make_interaction

from bot.discord_app.cogs.commands import SlashCommands
from bot.settings import Settings

TICK = 0.005


async def _largest_stall(work: Callable[[], Awaitable[object]]) -> float:
    """Run `work` while a ticker measures how late the loop wakes it up; the worst lateness."""
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            worst = max(worst, time.perf_counter() - before - TICK)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    try:
        await work()
    finally:
        done.set()
        await task
    return worst


async def test_ticker_detects_a_blocked_loop() -> None:
    async def blocking() -> None:
        await asyncio.sleep(0.02)
        time.sleep(0.15)  # what calling the engine on the loop would do
        await asyncio.sleep(0.02)

    assert await _largest_stall(blocking) >= 0.1


async def test_twenty_concurrent_questions_never_stall_the_loop() -> None:
    engine = FakeEngine(delay=0.2)  # each ask() blocks its thread like embedding would
    cog = SlashCommands(make_bot(engine, Settings(cooldown_seconds=10)))
    interactions = [make_interaction(user_id=i) for i in range(20)]

    async def twenty_questions() -> None:
        await asyncio.gather(*(
            cog.ask_command.callback(it, f"Question number {i} about the call?")
            for i, it in enumerate(interactions)
        ))

    started = time.perf_counter()
    stall = await _largest_stall(twenty_questions)
    elapsed = time.perf_counter() - started
    print(f"\nlargest event-loop stall with 20 concurrent questions: {stall * 1000:.1f} ms "
          f"(all answered in {elapsed:.2f} s)")
    assert len(engine.calls) == 20
    assert all(event_names(it) == ["defer", "followup"] for it in interactions)
    assert stall < 0.1
