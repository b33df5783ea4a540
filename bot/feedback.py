"""Votes on answers, kept in a local SQLite database beside the index; nothing leaves it.

A voter is stored only as a hash of their id with a salt made once per install, so the
database names nobody. One vote per voter per answer; voting again changes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.models import Answer

log = logging.getLogger(__name__)

FEEDBACK_FILE = "feedback.sqlite3"
UP, DOWN = 1, -1
TOP = 10

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY, question TEXT NOT NULL, quotes TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL REFERENCES answers(id), voter TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), time REAL NOT NULL,
    PRIMARY KEY (answer_id, voter));
"""


@dataclass(frozen=True)
class QuotedSpan:
    """One quote an answer showed: the article, the span and its verbatim text."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Counted:
    """A question or a quote with its 👎 count."""

    text: str
    down: int
    doc_id: str | None = None


@dataclass(frozen=True)
class FeedbackReport:
    """Totals, the questions with most 👎, and the quotes most often marked unhelpful."""

    answers: int
    voted: int
    up: int
    down: int
    questions: tuple[Counted, ...]
    quotes: tuple[Counted, ...]


def spans_of(answer: Answer) -> tuple[QuotedSpan, ...]:
    """The quoted spans an answer shows (its lead quotes)."""
    return tuple(QuotedSpan(q.excerpt.source.doc_id, q.excerpt.start, q.excerpt.end,
                            q.excerpt.text) for q in answer.quotes)


class FeedbackStore:
    """The votes database; every method is synchronous and thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._salt = ""

    @property
    def _db(self) -> sqlite3.Connection:
        # Opened on first use (callers hold the lock): a bot starting on an empty index folder
        # must not create a file there before the index build has marked the folder as ours.
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False,
                                         isolation_level=None)
            self._conn.executescript(SCHEMA)
            self._salt = self._make_salt()
        return self._conn

    @classmethod
    def beside(cls, store: Path) -> FeedbackStore:
        """The database in the index folder `store`."""
        return cls(store / FEEDBACK_FILE)

    def _make_salt(self) -> str:
        assert self._conn is not None
        self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)",
                           (secrets.token_hex(16),))
        return self._conn.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0]

    def voter(self, user_id: int) -> str:
        """The stored form of a voter: their id hashed with this install's salt."""
        with self._lock:
            self._db  # noqa: B018  # opens the database (and reads the salt) on first use
        return self._hash(user_id)

    def _hash(self, user_id: int) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()

    def record_answer(self, question: str, spans: tuple[QuotedSpan, ...]) -> str:
        """Remember an answer that can be voted on; returns its id (16 hex characters)."""
        answer_id = secrets.token_hex(8)
        quotes = json.dumps([s.__dict__ for s in spans], ensure_ascii=False)
        with self._lock:
            self._db.execute("INSERT INTO answers VALUES (?, ?, ?, ?)",
                             (answer_id, question, quotes, time.time()))
        return answer_id

    def vote(self, answer_id: str, user_id: int, vote: int) -> bool:
        """Record or change a vote; False when the answer is unknown."""
        if vote not in (UP, DOWN):
            raise ValueError(f"a vote is {UP} or {DOWN}, not {vote!r}")
        with self._lock:
            if not self._db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone():
                return False
            self._db.execute(
                "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, voter) "
                "DO UPDATE SET vote = excluded.vote, time = excluded.time",
                (answer_id, self._hash(user_id), vote, time.time()))
        return True

    def report(self, top: int = TOP) -> FeedbackReport:
        """What the votes say so far."""
        with self._lock:
            answers = self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            rows = self._db.execute(
                "SELECT a.id, a.question, a.quotes, v.vote FROM votes v "
                "JOIN answers a ON a.id = v.answer_id").fetchall()
        down_q: Counter[str] = Counter()
        down_s: Counter[tuple[str, str]] = Counter()
        for _, question, quotes, vote in rows:
            if vote == DOWN:
                down_q[question] += 1
                for span in json.loads(quotes):
                    down_s[(span["doc_id"], span["text"])] += 1
        return FeedbackReport(
            answers=answers, voted=len({r[0] for r in rows}),
            up=sum(r[3] == UP for r in rows), down=sum(r[3] == DOWN for r in rows),
            questions=tuple(Counted(q, n) for q, n in down_q.most_common(top)),
            quotes=tuple(Counted(t, n, d) for (d, t), n in down_s.most_common(top)),
        )

    def close(self) -> None:
        """Close the database (it opens again on the next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
