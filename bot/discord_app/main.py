"""Entry points for `callbot run` and `callbot commands`."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

import aiohttp
import discord

from bot.discord_app.client import CallBot
from bot.settings import Settings

log = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_CONNECT = 5
GATEWAY_AUTH_FAILED = 4004  # the token was rejected after login (4014 is handled by discord.py)

MISSING_TOKEN = (
    "callbot: DISCORD_TOKEN is not set. Put it in the environment or in .env "
    "(DISCORD_TOKEN=...). Get one from the Discord Developer Portal "
    "(https://discord.com/developers/applications): your application → Bot → Reset Token. "
    "See docs/DISCORD.md."
)
BAD_TOKEN = (
    "callbot: Discord rejected DISCORD_TOKEN. Reset it in the Developer Portal "
    "(your application → Bot → Reset Token) and update .env."
)
MISSING_INTENT = (
    "callbot: DISCORD_CHANNEL_IDS is set, which needs the Message Content intent. Enable it in "
    "the Developer Portal (your application → Bot → Privileged Gateway Intents → Message Content "
    "Intent), or unset DISCORD_CHANNEL_IDS to answer mentions and slash commands only."
)


def _open_engine(settings: Settings):
    from bot.engine import Engine  # the model stack is imported only when the bot starts

    engine = Engine.open(settings, progress=sys.stderr.isatty())
    engine.warm_up()  # the model loads before the bot reports ready, not on the first question
    return engine


async def _serve(settings: Settings, token: str) -> None:
    from bot.feedback import FeedbackStore

    feedback = FeedbackStore.beside(settings.store)
    bot = CallBot(settings, engine_factory=lambda: _open_engine(settings), feedback=feedback)
    try:
        async with bot:
            await bot.start(token)
    finally:
        feedback.close()


def run_bot(settings: Settings) -> int:
    """Start the bot; returns an exit code (non-zero at once without a token)."""
    token = settings.discord_token
    if not token or not token.strip():
        print(MISSING_TOKEN, file=sys.stderr)
        return EXIT_CONFIG
    try:
        asyncio.run(_serve(settings, token.strip()))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print(MISSING_INTENT, file=sys.stderr)
        return EXIT_CONFIG
    except discord.ConnectionClosed as exc:
        return _closed(exc)
    except (aiohttp.ClientConnectionError, OSError) as exc:
        print(f"callbot: cannot reach Discord: {exc}", file=sys.stderr)
        return EXIT_CONNECT
    return 0


def _closed(exc: discord.ConnectionClosed) -> int:
    """The gateway closed the connection: 4004 is a rejected token, like a login failure."""
    if exc.code == GATEWAY_AUTH_FAILED:
        print(BAD_TOKEN, file=sys.stderr)
        return EXIT_CONFIG
    print(f"callbot: Discord closed the connection (code {exc.code}: {exc.reason or 'no reason'})",
          file=sys.stderr)
    return EXIT_CONNECT


def command_payloads(settings: Settings | None = None) -> list[dict[str, Any]]:
    """The app-command payloads exactly as `tree.sync()` sends them; loads no model."""
    settings = settings or Settings.from_env()

    async def build() -> list[dict[str, Any]]:
        bot = CallBot(settings)  # no engine: building the commands needs none
        await bot.add_cogs()
        return [command.to_dict(bot.tree) for command in bot.tree.get_commands()]

    return asyncio.run(build())


def _describe(payload: dict[str, Any]) -> str:
    kinds = {3: "text", 4: "integer", 5: "true/false", 10: "number"}
    lines = [f"/{payload['name']} — {payload['description']}"]
    for option in payload.get("options", []):
        notes = ["required" if option.get("required") else "optional"]
        if "max_length" in option:
            notes.append(f"{option.get('min_length', 0)}–{option['max_length']} characters")
        if option.get("autocomplete"):
            notes.append("autocomplete")
        kind = kinds.get(option["type"], str(option["type"]))
        lines.append(f"    {option['name']} ({kind}; {', '.join(notes)}): {option['description']}")
    return "\n".join(lines)


def print_commands(as_json: bool, settings: Settings | None = None) -> int:
    """Print the slash commands (JSON: the exact payloads) without connecting to Discord."""
    payloads = command_payloads(settings)
    if as_json:
        print(json.dumps(payloads, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_describe(p) for p in payloads))
    return 0
