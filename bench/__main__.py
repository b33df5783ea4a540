"""`python -m bench`: latency vs floor, indexing vs raw encode, cold start; `--scale N`; `--server`.

Examples:
  python -m bench                  # full run, table
  python -m bench --quick --json   # < 1 minute, one JSON object
  python -m bench --server         # the same against a `chroma run` server on loopback
  python -m bench --scale 10000    # synthetic corpus of 10k passages through the real build()
  python -m bench --articles 1000  # 1,000 synthetic articles of realistic length
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats: under a minute")
    parser.add_argument("--server", action="store_true",
                        help="run against a chroma server started on loopback for the run")
    parser.add_argument("--scale", type=int, metavar="N",
                        help="synthetic corpus of about N passages (see bench/scale.py)")
    parser.add_argument("--articles", type=int, metavar="N",
                        help="synthetic corpus of exactly N articles of realistic length")
    parser.add_argument("--reuse", action="store_true",
                        help="--scale/--articles with --keep: open the index kept there, no build")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: the project's)")
    parser.add_argument("--devset", type=Path, help="dev questions (default: shared/eval)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="--scale: write corpus and index here and keep them")
    parser.add_argument("--memo-encode", action="store_true",
                        help="--scale: encode each distinct sentence once (model cost left out)")
    parser.add_argument("--seed", type=int, default=1803, help="--scale: generator seed")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    return parser


@contextmanager
def _server(enabled: bool) -> Iterator[tuple[str | None, int]]:
    if not enabled:
        yield None, 8000
        return
    from bench.chroma_server import chroma_server

    with chroma_server() as server:
        yield server.host, server.port


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)

    def progress(msg: str) -> None:
        if args.verbose:
            print(f"[bench] {msg}", file=sys.stderr, flush=True)

    from bench.devset import DEFAULT_DEVSET, load_devset

    questions = [q.question for q in load_devset(args.devset or DEFAULT_DEVSET)]
    with _server(args.server) as (host, port):
        if args.scale or args.articles:
            from bench import scale

            plan = scale.ScalePlan(target=args.scale or None, articles=args.articles,
                                   seed=args.seed, quick=args.quick, memo=args.memo_encode,
                                   reuse=args.reuse)
            result = scale.run(plan, questions, host=host, port=port, keep=args.keep,
                               bars=args.verbose, progress=progress)
            text = scale.format_table([result])
            payload = result.as_dict()
        else:
            from bench import perf

            plan = perf.BenchPlan.quick() if args.quick else perf.BenchPlan()
            tmp = Path(tempfile.mkdtemp(prefix="callbot-bench-"))
            try:
                settings = perf.bench_settings(tmp / "index", args.corpus, host, port)
                result = perf.run(settings, questions, plan, progress=progress)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            text = perf.format_table(result)
            payload = result.as_dict()
    print(json.dumps(payload) if args.json else text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
