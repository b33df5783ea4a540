"""Start and stop a real chroma server (`chroma run`) on loopback, for benchmarks and tests.

Run `python -m bench.chroma_server [--path DIR] [--port N]` to keep one running in the
foreground (Ctrl-C stops it), or use `chroma_server()` as a context manager.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
HEARTBEATS = ("/api/v2/heartbeat", "/api/v1/heartbeat")


class ChromaServerError(RuntimeError):
    """The chroma server could not be started."""


@dataclass(frozen=True)
class ChromaServer:
    """A running server: where it listens and where it keeps its data."""

    host: str
    port: int
    path: Path
    pid: int


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def chroma_executable() -> str | None:
    """The `chroma` CLI of this interpreter's environment, else the one on PATH."""
    beside = Path(sys.executable).parent / "chroma"
    if beside.exists():
        return str(beside)
    return shutil.which("chroma")


def heartbeat(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when a chroma server answers its heartbeat at host:port."""
    for route in HEARTBEATS:
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{route}", timeout=timeout) as resp:
                if resp.status == 200:
                    return True
        except (urllib.error.URLError, OSError, ValueError):
            continue
    return False


def _stop(proc: subprocess.Popen, grace: float) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)  # chroma shuts down cleanly on Ctrl-C
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log.warning("chroma server %d ignored SIGINT: terminating it", proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def chroma_server(
    path: Path | None = None,
    *,
    port: int | None = None,
    host: str = HOST,
    start_timeout: float = 60.0,
) -> Iterator[ChromaServer]:
    """Run `chroma run --path … --host 127.0.0.1 --port …` until the block exits."""
    exe = chroma_executable()
    if exe is None:
        raise ChromaServerError("the `chroma` command is not installed (pip install chromadb)")
    owned = path is None
    data = Path(tempfile.mkdtemp(prefix="callbot-chroma-")) if owned else Path(path)
    data.mkdir(parents=True, exist_ok=True)
    port = port or free_port(host)
    logfile = Path(tempfile.gettempdir()) / f"callbot-chroma-{port}.log"
    cmd = [exe, "run", "--path", str(data), "--host", host, "--port", str(port)]
    log.info("starting %s", " ".join(cmd))
    with logfile.open("wb") as out:
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + start_timeout
        while not heartbeat(host, port, timeout=0.5):
            if proc.poll() is not None:
                tail = logfile.read_text("utf-8", errors="replace")[-2000:]
                raise ChromaServerError(f"chroma exited with {proc.returncode}: {tail}")
            if time.monotonic() > deadline:
                raise ChromaServerError(f"no heartbeat from {host}:{port} after {start_timeout}s")
            time.sleep(0.1)
        yield ChromaServer(host=host, port=port, path=data, pid=proc.pid)
        logfile.unlink(missing_ok=True)  # kept only when the server failed
    finally:
        _stop(proc, grace=10.0)
        if owned:
            shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Keep a loopback chroma server running in the foreground."""
    parser = argparse.ArgumentParser(prog="python -m bench.chroma_server", description=__doc__)
    parser.add_argument("--path", type=Path, help="data folder (default: a temporary one)")
    parser.add_argument("--port", type=int, help="port (default: a free one)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        with chroma_server(args.path, port=args.port) as server:
            print(f"CHROMA_HOST={server.host} CHROMA_PORT={server.port}  (Ctrl-C stops it)",
                  flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    except ChromaServerError as exc:
        print(f"chroma_server: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
