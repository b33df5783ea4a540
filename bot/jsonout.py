"""The JSON shapes of DESIGN.md (`ask --json` and friends)."""

from __future__ import annotations

from bot.models import Answer, Disagreement, Excerpt, Quote, SourceInfo


def excerpt_json(e: Excerpt) -> dict:
    """A verbatim span with its attribution."""
    s = e.source
    return {
        "doc_id": s.doc_id,
        "outlet": s.outlet,
        "title": s.title,
        "published": s.published.isoformat() if s.published else None,
        "url": s.url,
        "text": e.text,
        "start": e.start,
        "end": e.end,
    }


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
    return {
        "about": d.about,
        "kind": d.kind,
        "confidence": round(d.confidence, 3),
        "sides": [
            {k: v for k, v in excerpt_json(s).items() if k in ("doc_id", "outlet", "text", "start", "end")}
            for s in d.sides
        ],
    }


def answer_json(answer: Answer, reply: str) -> dict:
    """One `ask --json` line."""
    return {
        "question": answer.question,
        "answered": answer.answered,
        "quotes": [quote_json(q) for q in answer.quotes],
        "disagreements": [disagreement_json(d) for d in answer.disagreements],
        "reply": reply,
    }


def source_json(info: SourceInfo) -> dict:
    """One article for `sources --json`."""
    s = info.source
    return {
        "doc_id": s.doc_id,
        "outlet": s.outlet,
        "title": s.title,
        "published": s.published.isoformat() if s.published else None,
        "url": s.url,
        "passages": info.passages,
        "sentences": info.sentences,
    }
