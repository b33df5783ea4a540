"""Settings from the environment and an optional `.env` file (python-dotenv)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import CallbotError
from bot.questions import DEFAULT_MAX_CHARS, DISCORD_OPTION_MAX_CHARS
from index.build import IndexConfig
from index.store import StoreConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(CallbotError):
    """A setting has a value that cannot be used."""


def _int(env: dict[str, str], name: str, default: int | None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be on or off (1/0, true/false), got {raw!r}")


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from exc
    if value < 0 or value != value:
        raise SettingsError(f"{name} must be 0 (off) or more, got {raw!r}")
    return value


def _ids(env: dict[str, str], name: str) -> tuple[int, ...]:
    raw = env.get(name, "").replace(";", ",").replace(" ", ",")
    try:
        return tuple(int(part) for part in raw.split(",") if part)
    except ValueError as exc:
        raise SettingsError(f"{name} must be comma-separated channel ids, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads; see `.env.example` for what each one does."""

    corpus: Path = PROJECT_ROOT / "corpus"
    store: Path = PROJECT_ROOT / "data" / "index"
    embedding_model: str | None = None
    encoder_dir: Path | None = None  # the model's ONNX export (default: <store>/encoder)
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "callbot-passages"
    max_question_chars: int = DEFAULT_MAX_CHARS
    discord_token: str | None = field(default=None, repr=False)
    guild_id: int | None = None
    channel_ids: tuple[int, ...] = ()
    cooldown_seconds: int = 10
    refresh_seconds: float = 5.0
    admin_channel_id: int | None = None  # where a refresh the bot could not do is reported
    threads: bool = True
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read settings from `env` (default: the process environment, after loading .env)."""
        if env is None:
            if dotenv:
                from dotenv import load_dotenv

                load_dotenv(override=False)
            env = dict(os.environ)
        defaults = cls()
        max_chars = _int(env, "CALLBOT_MAX_QUESTION_CHARS", defaults.max_question_chars)
        if max_chars is not None and not 10 <= max_chars <= DISCORD_OPTION_MAX_CHARS:
            raise SettingsError(
                f"CALLBOT_MAX_QUESTION_CHARS must be between 10 and {DISCORD_OPTION_MAX_CHARS} "
                "(Discord's limit for a text option)"
            )
        return cls(
            corpus=Path(env.get("CALLBOT_CORPUS", "").strip() or defaults.corpus).expanduser(),
            store=Path(env.get("CALLBOT_STORE", "").strip() or defaults.store).expanduser(),
            embedding_model=env.get("EMBEDDING_MODEL") or None,
            encoder_dir=Path(env["CALLBOT_ENCODER_DIR"].strip()).expanduser()
            if env.get("CALLBOT_ENCODER_DIR", "").strip() else None,
            chroma_host=env.get("CHROMA_HOST") or None,
            chroma_port=_int(env, "CHROMA_PORT", defaults.chroma_port) or defaults.chroma_port,
            chroma_collection=env.get("CHROMA_COLLECTION") or defaults.chroma_collection,
            max_question_chars=max_chars or defaults.max_question_chars,
            discord_token=env.get("DISCORD_TOKEN") or None,
            guild_id=_int(env, "DISCORD_GUILD_ID", None),
            channel_ids=_ids(env, "DISCORD_CHANNEL_IDS"),
            cooldown_seconds=_int(env, "CALLBOT_COOLDOWN_SECONDS", defaults.cooldown_seconds)
            or 0,
            threads=_flag(env, "CALLBOT_THREADS", defaults.threads),
            refresh_seconds=_seconds(env, "CALLBOT_REFRESH_SECONDS", defaults.refresh_seconds),
            admin_channel_id=_int(env, "CALLBOT_ADMIN_CHANNEL_ID", None),
            log_level=(env.get("LOG_LEVEL") or defaults.log_level).upper(),
        )

    def index_config(self, corpus: Path | None = None, store: Path | None = None) -> IndexConfig:
        """The index these settings point at (CLI flags may override the folders)."""
        return IndexConfig(
            corpus=corpus or self.corpus,
            store=StoreConfig(
                path=store or self.store,
                host=self.chroma_host,
                port=self.chroma_port,
                collection=self.chroma_collection,
            ),
        )
