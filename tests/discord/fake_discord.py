"""A small fake of Discord's HTTP API and gateway on loopback, for end-to-end tests.

discord.py is pointed at it through `discord.http.Route.BASE` (REST and interaction
webhooks) and `DiscordWebSocket.DEFAULT_GATEWAY`. It answers what a bot needs to log in,
sync commands, connect, receive events and reply; it records every request (with the time
it arrived) so tests can check exactly what the bot sent. JSON responses carry the exact
`Content-Type: application/json` that discord.py's client requires to parse them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 700_000_000_000_000_001
BOT_ID = 700_000_000_000_000_002
GUILD_ID = 700_000_000_000_000_003
CHANNEL_ID = 700_000_000_000_000_004
LOCKED_CHANNEL_ID = 700_000_000_000_000_005  # typing there is refused (403)
BOT_ROLE_ID = 700_000_000_000_000_006
ADMIN_CHANNEL_ID = 700_000_000_000_000_007  # where admins hear of refresh failures
USER_ID = 700_000_000_000_000_100
TIMESTAMP = "2025-03-19T12:00:00.000000+00:00"
ALL_PERMISSIONS = str((1 << 50) - 1)

BOT_USER = {"id": str(BOT_ID), "username": "callbot", "discriminator": "0", "avatar": None,
            "global_name": None, "bot": True, "flags": 0, "verified": True,
            "mfa_enabled": False}


def user(user_id: int = USER_ID) -> dict[str, Any]:
    """A user object."""
    return {"id": str(user_id), "username": f"user{user_id % 1000}", "discriminator": "0",
            "avatar": None, "global_name": None}


@dataclass
class Request:
    """One request the bot made."""

    method: str
    path: str
    body: Any
    at: float


@dataclass
class FakeDiscord:
    """The fake API: `requests` in arrival order; `fail` maps (method, path regex) to a status."""

    requests: list[Request] = field(default_factory=list)
    fail: dict[tuple[str, str], int] = field(default_factory=dict)
    port: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(800_000_000_000_000_000))
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    _ws: web.WebSocketResponse | None = None
    _runner: web.AppRunner | None = None
    commands: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → every message
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → threads opened

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Serve on a free loopback port."""
        app = web.Application()
        app.router.add_route("GET", "/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._http)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close the gateway and the server."""
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """What `discord.http.Route.BASE` must be."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """What `DiscordWebSocket.DEFAULT_GATEWAY` must be."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> str:
        """A fresh snowflake."""
        return str(next(self._ids))

    # ------------------------------------------------------------------ gateway

    async def _send(self, payload: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        await self._ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one gateway event to the bot (a message is kept for the channel's history)."""
        if event == "MESSAGE_CREATE":
            self.messages[data["id"]] = data
        await self._send({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self._send({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            if payload["op"] == 1:  # heartbeat
                await self._send({"op": 11, "d": None, "s": None, "t": None})
            elif payload["op"] == 2:  # identify
                await self.dispatch("READY", self._ready())
                await self.dispatch("GUILD_CREATE", self._guild())
        return ws

    def _ready(self) -> dict[str, Any]:
        return {"v": 10, "user": BOT_USER, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [],
                "relationships": [], "shard": [0, 1]}

    def _guild(self) -> dict[str, Any]:
        def channel(cid: int, name: str) -> dict[str, Any]:
            return {"id": str(cid), "type": 0, "name": name, "position": 0,
                    "guild_id": str(GUILD_ID), "permission_overwrites": [], "nsfw": False,
                    "parent_id": None, "topic": None, "last_message_id": None,
                    "rate_limit_per_user": 0}

        def role(rid: int, name: str, **extra: Any) -> dict[str, Any]:
            return {"id": str(rid), "name": name, "permissions": ALL_PERMISSIONS, "position": 0,
                    "color": 0, "hoist": False, "managed": False, "mentionable": False,
                    "flags": 0, **extra}

        return {
            "id": str(GUILD_ID), "name": "Fake guild", "icon": None, "owner_id": str(USER_ID),
            "features": [], "emojis": [], "stickers": [], "member_count": 2, "large": False,
            "roles": [role(GUILD_ID, "@everyone"),
                      role(BOT_ROLE_ID, "callbot", managed=True, tags={"bot_id": str(BOT_ID)})],
            "channels": [channel(CHANNEL_ID, "questions"), channel(LOCKED_CHANNEL_ID, "locked"),
                         channel(ADMIN_CHANNEL_ID, "admins")],
            "members": [{"user": BOT_USER, "roles": [str(BOT_ROLE_ID)], "joined_at": TIMESTAMP,
                         "deaf": False, "mute": False, "flags": 0}],
            "threads": list(self.threads.values()),  # active threads, as after a restart
            "voice_states": [], "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [], "unavailable": False,
            "mfa_level": 0, "verification_level": 0, "explicit_content_filter": 0,
            "default_message_notifications": 0, "system_channel_flags": 0, "premium_tier": 0,
            "nsfw_level": 0, "preferred_locale": "en-US",
        }

    # ------------------------------------------------------------------ events to send

    def message(self, content: str, *, channel_id: int = CHANNEL_ID, author: int = USER_ID,
                mentions: tuple[dict[str, Any], ...] = (), reply_to: dict[str, Any] | None = None,
                ) -> dict[str, Any]:
        """A MESSAGE_CREATE payload (a reply when `reply_to` is a message payload)."""
        data = {
            "id": self.next_id(), "channel_id": str(channel_id), "guild_id": str(GUILD_ID),
            "author": BOT_USER if author == BOT_ID else user(author),
            "member": {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                       "flags": 0},
            "content": content, "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": list(mentions), "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
        }
        if reply_to is not None:
            data["type"] = 19
            data["message_reference"] = {"message_id": reply_to["id"],
                                         "channel_id": reply_to["channel_id"],
                                         "guild_id": str(GUILD_ID)}
            data["referenced_message"] = reply_to
        return data

    def click(self, custom_id: str, message: dict[str, Any], *,
              user_id: int = USER_ID) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a button click on `message` (a sent message)."""
        return {
            "id": self.next_id(), "application_id": str(APP_ID), "type": 3,
            "token": f"token-{self.next_id()}", "version": 1, "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "member": {"user": user(user_id), "roles": [], "joined_at": TIMESTAMP,
                       "permissions": ALL_PERMISSIONS, "deaf": False, "mute": False,
                       "flags": 0},
            "app_permissions": ALL_PERMISSIONS, "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0, "attachment_size_limit": 25 * 1024 * 1024, "message": message,
            "data": {"custom_id": custom_id, "component_type": 2},
        }

    def interaction(self, name: str, options: dict[str, str] | None = None, *,
                    user_id: int = USER_ID, permissions: str = ALL_PERMISSIONS
                    ) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a slash command."""
        command = next((c for c in self.commands if c["name"] == name), {"id": self.next_id()})
        return {
            "id": self.next_id(), "application_id": str(APP_ID), "type": 2,
            "token": f"token-{self.next_id()}", "version": 1, "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID),
                        "name": "questions", "position": 0, "permission_overwrites": [],
                        "nsfw": False, "parent_id": None},
            "member": {"user": user(user_id), "roles": [], "joined_at": TIMESTAMP,
                       "permissions": permissions, "deaf": False, "mute": False,
                       "flags": 0},
            "app_permissions": ALL_PERMISSIONS, "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0, "attachment_size_limit": 25 * 1024 * 1024,
            "data": {"id": command["id"], "name": name, "type": 1,
                     "options": [{"name": k, "type": 3, "value": v}
                                 for k, v in (options or {}).items()]},
        }

    # ------------------------------------------------------------------ REST

    def _sent_message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        reference = body.get("message_reference") or {}
        replied = self.messages.get(str(reference.get("message_id")))
        data = self.message(body.get("content") or "", channel_id=int(channel_id), author=BOT_ID,
                            reply_to=replied)
        data["embeds"] = body.get("embeds") or []
        data["flags"] = body.get("flags") or 0
        data["webhook_id"] = None
        self.messages[data["id"]] = data
        return data

    def _thread(self, parent_id: str, message_id: str, name: str) -> dict[str, Any]:
        """A thread opened on a message: it has the message's id, as on Discord."""
        thread = {"id": message_id, "type": 11, "guild_id": str(GUILD_ID),
                  "parent_id": parent_id, "owner_id": str(BOT_ID), "name": name,
                  "message_count": 0, "member_count": 1, "rate_limit_per_user": 0,
                  "last_message_id": None,
                  "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                      "archive_timestamp": TIMESTAMP, "locked": False}}
        self.threads[message_id] = thread
        # Discord tells the bot over the gateway too; then messages there come from a Thread.
        asyncio.get_running_loop().create_task(
            self.dispatch("THREAD_CREATE", {**thread, "newly_created": True}))
        return thread

    def _history(self, channel_id: str, query: Any) -> list[dict[str, Any]]:
        """GET /channels/{id}/messages: newest first, before `before`, at most `limit`."""
        before = int(query.get("before") or 1 << 64)
        found = [m for m in self.messages.values()
                 if m["channel_id"] == channel_id and int(m["id"]) < before]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return found[: int(query.get("limit") or 50)]

    def _read(self, path: str, query: Any) -> web.Response | None:
        """The GET routes: a channel's history and one message."""
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self._history(m.group(1), query))
        m = re.fullmatch(r"/channels/(\d+)/messages/(\d+)", path)
        if m and (found := self.messages.get(m.group(2))) and found["channel_id"] == m.group(1):
            return _json(found)
        if m:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        return None

    async def _http(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw)
            elif request.content_type.startswith("multipart/"):
                match = re.search(rb'name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n(.*?)\r\n--',
                                  raw, re.S)
                body = json.loads(match.group(1)) if match else raw
        self.requests.append(Request(request.method, path, body, time.monotonic()))
        for (method, pattern), status in self.fail.items():
            if request.method == method and re.fullmatch(pattern, path):
                return _json({"message": "refused by the fake", "code": 50013}, status)
        if request.method == "GET" and (read := self._read(path, request.query)) is not None:
            return read
        return self._answer(request.method, path, body)

    def _answer(self, method: str, path: str, body: Any) -> web.Response:
        if path == "/users/@me":
            return _json(BOT_USER)
        if path == "/oauth2/applications/@me":
            return _json({"id": str(APP_ID), "name": "callbot", "icon": None,
                          "description": "", "rpc_origins": [], "bot_public": True,
                          "bot_require_code_grant": False, "owner": user(), "summary": "",
                          "verify_key": "0" * 64, "flags": 0, "team": None})
        if method == "PUT" and path.endswith("/commands"):
            self.commands = [{**c, "id": self.next_id(), "application_id": str(APP_ID),
                              "version": "1"} for c in body]
            return _json(self.commands)
        if m := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            loading = body.get("type") == 5
            flags = (body.get("data") or {}).get("flags") or 0
            return _json({"interaction": {"id": m.group(1), "type": 2,
                                          "response_message_loading": loading,
                                          "response_message_ephemeral": bool(flags & 64)}})
        if method == "DELETE" or path.endswith("/typing"):
            return web.Response(status=204)
        if re.fullmatch(r"/webhooks/\d+/[^/]+", path):
            return _json(self._sent_message(str(CHANNEL_ID), body))
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path):
            return _json(self._thread(m.group(1), m.group(2), body.get("name")))
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self._sent_message(m.group(1), body))
        return _json({"message": f"no fake for {method} {path}", "code": 0}, 404)

    # ------------------------------------------------------------------ what was sent

    def sent(self, since: int = 0) -> list[Request]:
        """Requests that post something (responses, follow-ups, messages) from `since` on."""
        return [r for r in self.requests[since:]
                if r.method == "POST" and not r.path.endswith("/typing")]

    async def wait_for(self, count: int, since: int = 0, timeout: float = 10.0) -> list[Request]:
        """Wait until at least `count` posting requests arrived after `since`."""
        deadline = time.monotonic() + timeout
        while len(self.sent(since)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} requests, got {self.sent(since)}")
            await asyncio.sleep(0.02)
        return self.sent(since)


def _json(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": discord.py parses nothing else (no "; charset=…").
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json"})
