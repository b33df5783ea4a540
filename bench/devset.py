"""Load the labelled dev questions and judge answers against them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bot.models import Answer
from bot.settings import PROJECT_ROOT

_SHARED_DEVSET = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"
_BUNDLED_DEVSET = PROJECT_ROOT / "bench" / "data" / "dev.jsonl"
# `../shared/eval` when present (it grows), else the copy in the repository (a fresh clone).
DEFAULT_DEVSET = _SHARED_DEVSET if _SHARED_DEVSET.exists() else _BUNDLED_DEVSET
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2014": "-", "\u2013": "-", "\u0e42": ""})


def fold(text: str) -> str:
    """Compare texts the way the dev set says: quotes, dashes, 'โ' and whitespace folded."""
    text = text.translate(_FOLD).replace("'", "").replace('"', "").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class DevQuestion:
    """One labelled question."""

    id: str
    kind: str
    question: str
    evidence: tuple[tuple[str, str], ...] = ()
    sides: tuple[tuple[tuple[str, str], ...], ...] = ()


def load_devset(path: Path = DEFAULT_DEVSET) -> list[DevQuestion]:
    """Read dev.jsonl."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            DevQuestion(
                id=row["id"],
                kind=row["kind"],
                question=row["question"],
                evidence=tuple((e["doc"], e["text"]) for e in row.get("evidence", [])),
                sides=tuple(
                    tuple((e["doc"], e["text"]) for e in side) for side in row.get("sides", [])
                ),
            )
        )
    return out


def _quoted(answer: Answer, include_sides: bool) -> list[tuple[str, str]]:
    spans = [(q.excerpt.source.doc_id, q.excerpt.text) for q in answer.quotes]
    if include_sides:
        spans += [(s.source.doc_id, s.text) for d in answer.disagreements for s in d.sides]
    return [(doc[:3], fold(text)) for doc, text in spans]


def covers(answer: Answer, spans: tuple[tuple[str, str], ...], include_sides: bool) -> bool:
    """True when some quote of the answer contains one of the labelled spans."""
    quoted = _quoted(answer, include_sides)
    return any(
        doc == qdoc and fold(text) in qtext for doc, text in spans for qdoc, qtext in quoted
    )


def judge(q: DevQuestion, answer: Answer) -> bool:
    """Whether the answer is good by the dev set's definition."""
    if q.kind == "none":
        return not answer.answered and not answer.quotes
    if q.kind == "answer":
        return answer.answered and covers(answer, q.evidence, include_sides=False)
    return bool(answer.disagreements) and all(
        covers(answer, side, include_sides=True) for side in q.sides
    )
