"""`callbot feedback` output: the vote report as text or as one JSON object."""

from __future__ import annotations

from dataclasses import asdict

from bot.feedback import FeedbackReport


def feedback_json(report: FeedbackReport) -> dict:
    """The report as plain data: totals, `questions` and `quotes` with their 👎 counts."""
    data = asdict(report)
    data["questions"] = [{"question": q["text"], "down": q["down"]} for q in data["questions"]]
    data["quotes"] = [{"doc_id": q["doc_id"], "text": q["text"], "down": q["down"]}
                      for q in data["quotes"]]
    return data


def feedback_text(report: FeedbackReport) -> str:
    """The report for a terminal."""
    lines = [f"{report.answers} answers shown with vote buttons, {report.voted} voted on: "
             f"{report.up} 👍, {report.down} 👎"]
    if report.questions:
        lines += ["", "Questions with most 👎:"]
        lines += [f"  {q.down} × {q.text}" for q in report.questions]
    if report.quotes:
        lines += ["", "Quotes most often marked unhelpful:"]
        lines += [f"  {q.down} × [{q.doc_id}] “{q.text}”" for q in report.quotes]
    return "\n".join(lines)
