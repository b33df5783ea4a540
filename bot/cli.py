"""Command line: `callbot ask|summary|disagreements|sources|index|run|commands`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tqdm.contrib.logging import logging_redirect_tqdm

from bot.errors import CallbotError, QuestionError
from bot.followup import context_of
from bot.settings import Settings
from index.errors import (
    CorpusError,
    CorruptIndexError,
    IndexError_,
    StoreUnavailableError,
    StoreWriteError,
    UnsafeStoreError,
)

log = logging.getLogger(__name__)

# 5 is `callbot run`'s (bot/discord_app/main.py): Discord cannot be reached.
EXIT_USAGE, EXIT_CORPUS, EXIT_STORE, EXIT_WRITE, EXIT_INTERRUPTED = 2, 3, 4, 6, 130

EXIT_CODES = """exit codes:
  0    ok
  2    a bad question, option or setting, or a store folder that is not callbot's (the
       message says which)
  3    a broken or unreadable corpus (the message names the file and line)
  4    the vector store cannot be reached (e.g. the chroma server is down)
  5    `run`: Discord cannot be reached
  6    the index cannot be written (read-only store, disk full); the live index is unchanged
  130  interrupted (Ctrl-C)
"""
# Faults as exit codes and one line on stderr, most specific first.
_FAULTS: tuple[tuple[type[Exception], int, str], ...] = (
    (CorpusError, EXIT_CORPUS, "corpus error: {}"),
    (StoreUnavailableError, EXIT_STORE, "{}"),
    (UnsafeStoreError, EXIT_USAGE, "{}"),
    (StoreWriteError, EXIT_WRITE, "{}; the previous index is unchanged"),
    (CorruptIndexError, EXIT_WRITE, "the index could not be rebuilt: {}"),
    (CallbotError, EXIT_USAGE, "{}"),
    (IndexError_, EXIT_STORE, "{}"),
)


def _fault(exc: Exception) -> tuple[int, str]:
    """The exit code and message of a fault."""
    code, form = next((c, f) for kind, c, f in _FAULTS if isinstance(exc, kind))
    return code, form.format(exc)


JSON_HELP = "print JSON (one object a line for ask) instead of Markdown"


def log_level(args: argparse.Namespace, settings: Settings) -> int:
    """Warnings only, -v info, -vv debug; `run` (a service) logs at LOG_LEVEL (default INFO)."""
    if args.quiet:
        return logging.WARNING
    if args.verbose:
        return logging.DEBUG if args.verbose > 1 else logging.INFO
    if args.command == "run":
        return getattr(logging, settings.log_level, logging.INFO)
    return logging.WARNING


def _configure_logging(level: int) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("chromadb", "httpx", "sentence_transformers", "urllib3", "discord.http",
                  "bm25s", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _folder(value: str) -> Path:
    """A folder argument; an empty one would silently mean the current folder."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return Path(value).expanduser()


def _folders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=_folder, help="corpus folder (articles/ + sources.toml)")
    parser.add_argument("--store", type=_folder, help="index folder")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests)."""
    parser = argparse.ArgumentParser(
        prog="callbot",
        description="Answers questions about a corpus of articles with verbatim, attributed "
        "quotes. Design and contracts: docs/DESIGN.md.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log progress on stderr (-v info, -vv debug); default: warnings only")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="warnings only and no progress bar")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer questions with quotes from the articles")
    ask.add_argument("questions", nargs="+", metavar="QUESTION")
    ask.add_argument("--json", action="store_true",
                     help="one JSON object per question, one line each (docs/DESIGN.md)")
    ask.add_argument("--follow-up", action="store_true",
                     help="read each question that cannot stand alone as a follow-up to the "
                     "last one that could (and the follow-ups since)")
    _folders(ask)

    chat = sub.add_parser("chat", help="ask questions one per line; follow-ups use the last "
                          "question that stood alone and the follow-ups since")
    _folders(chat)

    sources = sub.add_parser("sources", help="list the articles")
    sources.add_argument("--json", action="store_true", help=JSON_HELP)
    _folders(sources)

    index = sub.add_parser("index", help="build or refresh the index")
    index.add_argument("--rebuild", action="store_true", help="re-embed everything")
    _folders(index)

    summary = sub.add_parser("summary", help="extractive, attributed summary")
    summary.add_argument("--source", metavar="NAME", help="one article: doc id, outlet or title")
    summary.add_argument("--topic", metavar="TEXT", help="only points about this topic")
    summary.add_argument("--json", action="store_true", help=JSON_HELP)
    _folders(summary)

    disagreements = sub.add_parser("disagreements", help="every conflict between the articles")
    disagreements.add_argument("--json", action="store_true", help=JSON_HELP)
    _folders(disagreements)

    feedback = sub.add_parser("feedback", help="what readers' 👍/👎 votes on answers say")
    feedback.add_argument("--json", action="store_true", help=JSON_HELP)
    feedback.add_argument("--store", type=_folder, help="index folder (the votes are beside it)")

    sub.add_parser("run", help="start the Discord bot (DISCORD_TOKEN from env or .env)")
    commands = sub.add_parser("commands", help="print the slash commands sent to Discord")
    commands.add_argument("--json", action="store_true", help=JSON_HELP)
    return parser


def _engine(args: argparse.Namespace, settings: Settings, *, search: bool = True):
    """The engine; `search` false for views that neither encode nor search (faster open)."""
    from bot.engine import Engine  # imports the model stack: only for commands that need it

    return Engine.open(
        settings, corpus=args.corpus, store=args.store,
        progress=sys.stderr.isatty() and not args.quiet, search=search,
    )


def _kept_view(args: argparse.Namespace, settings: Settings, name: str,
               printed: Callable[[Any], str]) -> str:
    """A whole-corpus view as printed: kept beside the live generation, else computed."""
    from bot import viewcache
    from index.embed import SentenceTransformerEmbedder

    config = settings.index_config(args.corpus, args.store)
    model = SentenceTransformerEmbedder(settings.embedding_model).name

    def compute() -> tuple[str, Any]:
        engine = _engine(args, settings, search=False)
        return printed(engine), engine.live.live if engine.live else None

    return viewcache.view(config, model, f"{name}.{'json' if args.json else 'txt'}", compute)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer each question in order."""
    from bot.jsonout import answer_json, json_line
    from bot.models import Answer
    from bot.render import render_answer

    engine = _engine(args, settings)
    status = 0
    asked: list[str] = []  # with --follow-up: the questions so far, for the next follow-up
    for i, question in enumerate(args.questions):
        try:
            answer = engine.ask(question, earlier=context_of(asked))
            reply = render_answer(answer)
            if args.follow_up:
                asked.append(answer.question)
        except QuestionError as exc:
            status = EXIT_USAGE
            answer, reply = Answer(question=question, answered=False, note=str(exc)), str(exc)
            if not args.json:
                print(f"callbot: {exc}", file=sys.stderr)
                continue
        if args.json:
            print(json_line(answer_json(answer, reply)), flush=True)
        else:
            if len(args.questions) > 1:
                print(f"{'' if i == 0 else chr(10)}Q: {answer.question}")
            print(reply, flush=True)
    return status


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Answer questions read one per line from stdin, follow-ups in context, until EOF."""
    from bot.render import render_answer

    engine = _engine(args, settings)
    asked: list[str] = []  # the session's questions: a follow-up is read after them
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            return 0
        if not line.strip():
            continue
        try:
            answer = engine.ask(line, earlier=context_of(asked))
        except QuestionError as exc:
            print(f"callbot: {exc}", file=sys.stderr)
            continue
        asked.append(answer.question)
        print(render_answer(answer) + "\n", flush=True)


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    """List the indexed articles."""
    from bot.jsonout import json_line, source_json
    from bot.render import render_sources

    infos = _engine(args, settings, search=False).sources()
    if args.json:
        print(json_line({"sources": [source_json(i) for i in infos]}))
    else:
        print(render_sources(infos))
    return 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build or refresh the index with a progress bar."""
    from index.build import build
    from index.embed import SentenceTransformerEmbedder

    config = settings.index_config(args.corpus, args.store)
    report = build(
        config,
        SentenceTransformerEmbedder(settings.embedding_model, store=config.path,
                                       encoder_dir=settings.encoder_dir),
        rebuild=args.rebuild,
        progress=not args.quiet,
    )
    print(report.summary())
    return 0


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    """Print an overall, per-outlet or per-topic summary."""
    from bot.jsonout import json_line, summary_json
    from bot.render import render_summary

    def printed(engine) -> str:
        summary = engine.summary(source=args.source, topic=args.topic)
        reply = render_summary(summary)
        return json_line(summary_json(summary, reply)) if args.json else reply

    if args.source is None and args.topic is None:
        print(_kept_view(args, settings, "summary", printed))
    else:  # not kept; a topic is encoded, so that one opens to search
        print(printed(_engine(args, settings, search=args.topic is not None)))
    return 0


def cmd_disagreements(args: argparse.Namespace, settings: Settings) -> int:
    """Print every conflict found across the articles."""
    from bot.jsonout import disagreement_json, json_line
    from bot.render import render_disagreements

    def printed(engine) -> str:
        found = engine.disagreements()
        if args.json:
            return json_line({"disagreements": [disagreement_json(d) for d in found]})
        return render_disagreements(found)

    print(_kept_view(args, settings, "disagreements", printed))
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """Report the votes kept beside the index (no model, no index needed)."""
    from bot.feedback import FEEDBACK_FILE, FeedbackReport, FeedbackStore
    from bot.feedback_out import feedback_json, feedback_text
    from bot.jsonout import json_line

    path = (args.store or settings.store) / FEEDBACK_FILE
    if not path.exists():  # nothing written: reporting creates no database
        report = FeedbackReport(0, 0, 0, 0, (), ())
    else:
        store = FeedbackStore(path)
        try:
            report = store.report()
        finally:
            store.close()
    print(json_line(feedback_json(report)) if args.json else feedback_text(report))
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Discord bot."""
    from bot.discord_app.main import run_bot

    return run_bot(settings)


def cmd_commands(args: argparse.Namespace, settings: Settings) -> int:
    """Print the app-command payloads without connecting to Discord."""
    from bot.discord_app.main import print_commands

    return print_commands(as_json=args.json)


COMMANDS = {
    "ask": cmd_ask,
    "chat": cmd_chat,
    "sources": cmd_sources,
    "index": cmd_index,
    "summary": cmd_summary,
    "disagreements": cmd_disagreements,
    "feedback": cmd_feedback,
    "run": cmd_run,
    "commands": cmd_commands,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `callbot` and `python -m bot`."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except CallbotError as exc:
        print(f"callbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(log_level(args, settings))
    try:
        with logging_redirect_tqdm():  # log lines go above the progress bar, not through it
            return COMMANDS[args.command](args, settings)
    except (CallbotError, IndexError_) as exc:
        code, message = _fault(exc)
        print(f"callbot: {message}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        print("callbot: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `callbot … | head`: the reader left; nothing more to say
        sys.stdout = None  # type: ignore[assignment]  # no flush error at exit
        return 0
