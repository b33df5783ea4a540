"""The text renderer: a presentation as one Markdown message (CLI, `reply` in `--json`).

It shows every block of the presentation, in order, with the same Markdown the Discord
renderer posts (`bot.markdown`); it has no size budget, since a terminal has none. The
Discord renderer (`bot.discord_app.embeds`) shows the same blocks, paged over as many
messages as Discord's limits need.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.markdown import block_markdown, note_markdown, title_markdown
from bot.models import Answer, Disagreement, SourceInfo, Summary
from bot.presentation import (
    FOOTER,
    Presentation,
    answer_presentation,
    disagreements_presentation,
    sources_presentation,
    summary_presentation,
)

__all__ = ["FOOTER", "body", "render", "render_answer", "render_disagreements",
           "render_sources", "render_summary"]


def body(presentation: Presentation) -> str:
    """The blocks as Markdown, joined by the presentation's separator."""
    return presentation.separator.join(block_markdown(b) for b in presentation.blocks)


def render(presentation: Presentation) -> str:
    """Title, blocks, note and footer as one Markdown text."""
    parts = [title_markdown(presentation), body(presentation), note_markdown(presentation)]
    if presentation.footer:
        parts.append(f"*{presentation.footer}*")
    return "\n\n".join(p for p in parts if p)


def render_answer(answer: Answer) -> str:
    """The reply to a question."""
    return render(answer_presentation(answer))


def render_summary(summary: Summary) -> str:
    """A summary, every point."""
    return render(summary_presentation(summary))


def render_disagreements(disagreements: Sequence[Disagreement]) -> str:
    """Every conflict, most confident first (`callbot disagreements`)."""
    return render(disagreements_presentation(disagreements))


def render_sources(infos: Sequence[SourceInfo]) -> str:
    """The articles, one row each (`callbot sources`)."""
    return render(sources_presentation(infos))
