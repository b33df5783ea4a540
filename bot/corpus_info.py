"""What a corpus is about, in its own words: the `[corpus]` table of `sources.toml`.

```toml
[corpus]
subject = "the press coverage of …"       # completes "Ask about …"
example = "How long did the call last?"   # one question the articles answer
```

Both keys are optional; without them the bot's texts stay neutral (`DEFAULT`).
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.errors import CallbotError

log = logging.getLogger(__name__)

MANIFEST = "sources.toml"
SUBJECT_MAX_CHARS = 200
EXAMPLE_MAX_CHARS = 150


class CorpusInfoError(CallbotError):
    """The `[corpus]` table has a value the bot cannot use."""


@dataclass(frozen=True)
class CorpusInfo:
    """The corpus's subject and an example question, for the bot's own texts."""

    subject: str = "the news articles in this collection"
    example: str = "What happened?"


DEFAULT = CorpusInfo()


def _text(table: dict, key: str, limit: int, where: Path) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CorpusInfoError(f"{where}: [corpus] {key} must be a non-empty string")
    value = " ".join(value.split())
    if len(value) > limit:
        raise CorpusInfoError(f"{where}: [corpus] {key} is longer than {limit} characters")
    return value


def read_corpus_info(corpus: Path) -> CorpusInfo:
    """The `[corpus]` table of `corpus/sources.toml`, or the neutral default when absent."""
    manifest = corpus / MANIFEST
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DEFAULT
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusInfoError(f"{manifest}: {exc}") from exc
    table = data.get("corpus", {})
    if not isinstance(table, dict):
        raise CorpusInfoError(f"{manifest}: 'corpus' must be a table ([corpus])")
    unknown = set(table) - {"subject", "example"}
    if unknown:
        raise CorpusInfoError(f"{manifest}: unknown [corpus] key(s) {', '.join(sorted(unknown))}")
    return CorpusInfo(
        subject=_text(table, "subject", SUBJECT_MAX_CHARS, manifest) or DEFAULT.subject,
        example=_text(table, "example", EXAMPLE_MAX_CHARS, manifest) or DEFAULT.example,
    )
