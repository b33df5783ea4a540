"""The JSON shapes of docs/DESIGN.md (`ask --json` and friends)."""

from __future__ import annotations

import json
import re

from bot.models import Answer, Disagreement, Excerpt, Quote, Source, SourceInfo, Summary

_UNENCODABLE = re.compile(r"[\u0085\u2028\u2029\ud800-\udfff]")


def json_line(obj: object) -> str:
    """`obj` as JSON on exactly one line, UTF-8 text kept readable.

    Escaped besides what JSON escapes: characters line-splitting readers (Python's
    `splitlines`, older JavaScript) take for line breaks, and lone surrogates (bytes that
    were not UTF-8 on the command line), which cannot be written as UTF-8.
    """
    text = json.dumps(obj, ensure_ascii=False)
    return _UNENCODABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def source_fields(s: Source) -> dict:
    """An article's attribution fields."""
    return {
        "doc_id": s.doc_id,
        "outlet": s.outlet,
        "title": s.title,
        "published": s.published.isoformat() if s.published else None,
        "url": s.url,
    }


def excerpt_json(e: Excerpt) -> dict:
    """A verbatim span with its attribution."""
    return {**source_fields(e.source), "text": e.text, "start": e.start, "end": e.end}


def quote_json(q: Quote) -> dict:
    """A quote: the excerpt plus score, and the other outlets reporting the same point."""
    out = excerpt_json(q.excerpt)
    out["score"] = q.score
    if q.also:
        out["also"] = [excerpt_json(e) for e in q.also]
        out["count"] = q.count
    return out


def disagreement_json(d: Disagreement) -> dict:
    """A conflict: what it is about and one verbatim side per position."""
    claims = d.claims if len(d.claims) == len(d.sides) else (None,) * len(d.sides)
    sides = []
    for side, claim in zip(d.sides, claims, strict=True):
        full = excerpt_json(side)
        entry = {k: full[k] for k in ("doc_id", "outlet", "text", "start", "end")}
        entry["claim"] = claim
        sides.append(entry)
    return {
        "about": d.about,
        "kind": d.kind,
        "confidence": round(d.confidence, 3),
        "sides": sides,
    }


def answer_json(answer: Answer, reply: str) -> dict:
    """One `ask --json` line (`follows`: only for a question read as a follow-up)."""
    line = {
        "question": answer.question,
        "answered": answer.answered,
        "quotes": [quote_json(q) for q in answer.quotes],
        "disagreements": [disagreement_json(d) for d in answer.disagreements],
        "reply": reply,
    }
    if answer.follows:
        line["follows"] = answer.follows
    return line


def source_json(info: SourceInfo) -> dict:
    """One article for `sources --json`."""
    return {**source_fields(info.source), "passages": info.passages, "sentences": info.sentences}


def summary_json(summary: Summary, reply: str) -> dict:
    """The `summary --json` object: the points as `ask --json` quotes, plus the reply."""
    return {
        "heading": summary.heading,
        "kind": summary.kind,
        "subject": summary.subject,
        "answered": summary.answered,
        "note": summary.note,
        "total_sources": summary.total_sources,
        "quotes": [quote_json(q) for q in summary.quotes],
        "disagreements": [disagreement_json(d) for d in summary.disagreements],
        "reply": reply,
    }
