"""The labelled question sets, each with the corpus it is about, and the held-out split.

A set is a questions file plus a corpus folder (`articles/` + `sources.toml`):
- `dev`: `dev.jsonl` about the project's own corpus (the five seed articles);
- `own`: `tests/data/own_questions.jsonl`, more questions about the same corpus;
- `events/NAME`: one folder per other news event (`NNN_*.txt`, `sources.json`,
  `questions.jsonl`); its `sources.json` is turned into a corpus folder under `data/bench/`.

Held-out split: a set named in `HELD_OUT_SETS` and, in every other set, the questions whose
id hashes into the held-out bucket (`held_out_question`) are kept out of all tuning; the
benchmark reports them separately. The rule depends on ids only, never on content.

Invented sets (`bench/data/invented/`, `invented_sets`): made-up events of kinds no labelled
set has, in the same format, written for this project by someone who saw neither its code
nor the labelled sets. They are reported apart from the real sets and never fitted on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from bench.devset import DevQuestion, load_devset
from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
BUNDLED_EVAL = PROJECT_ROOT / "bench" / "data"
WORK = PROJECT_ROOT / "data" / "bench"
OWN_QUESTIONS = PROJECT_ROOT / "tests" / "data" / "own_questions.jsonl"
INVENTED = BUNDLED_EVAL / "invented"
# Whole events kept out of tuning: the closest stand-in for an event never seen.
HELD_OUT_SETS = frozenset({"protest", "invented-quake", "invented-strike", "invented-breach",
                           "invented-flood"})
HELD_OUT_SHARE = 4  # one question in this many (by id hash) is held out of every other set
SQUAD = SHARED_EVAL / "external" / "squad2-cs224n-dev" / "dev-v2.0.json"


@dataclass(frozen=True)
class LabelledSet:
    """Questions and the corpus they are about."""

    name: str
    corpus: Path
    questions: tuple[DevQuestion, ...]

    @property
    def held_out(self) -> bool:
        """Is the whole set kept out of tuning?"""
        return self.name in HELD_OUT_SETS

    @property
    def invented(self) -> bool:
        """Is it a made-up event (`invented_sets`), reported apart from the real ones?"""
        return self.name.startswith("invented-")


def held_out_question(set_name: str, question_id: str) -> bool:
    """Is this question kept out of tuning (its whole set, or its id's hash bucket)?

    A SQuAD article is held out whole, by the hash of its title: its questions share text.
    """
    if set_name in HELD_OUT_SETS:
        return True
    if set_name.startswith("squad:"):
        question_id = set_name
    digest = hashlib.sha256(question_id.encode("utf-8")).digest()
    return digest[0] % HELD_OUT_SHARE == 0


def eval_root() -> Path:
    """`../shared/eval` when present (it grows), else the copy bundled with the project."""
    return SHARED_EVAL if SHARED_EVAL.is_dir() else BUNDLED_EVAL


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def event_corpus(folder: Path, work: Path = WORK) -> Path:
    """Turn an event folder (`sources.json` + texts) into a corpus folder; reused when current."""
    sources = json.loads((folder / "sources.json").read_text("utf-8"))
    target = work / "corpora" / folder.name
    articles = target / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    lines = [f"# Generated from {folder.name}/sources.json by bench.sets; do not edit.\n"]
    for src in sources:
        text = (folder / src["file"]).read_text("utf-8")
        dest = articles / src["file"]
        if not dest.exists() or dest.read_text("utf-8") != text:
            dest.write_text(text, "utf-8")
        lines.append("[[article]]")
        lines.append(f"file = {_toml_string(src['file'])}")
        for key, field in (("outlet", "outlet"), ("title", "title"), ("url", "url")):
            if src.get(key):
                lines.append(f"{field} = {_toml_string(src[key])}")
        if src.get("date"):
            lines.append(f"published = {src['date']}")
        lines.append("")
    manifest = target / "sources.toml"
    content = "\n".join(lines)
    if not manifest.exists() or manifest.read_text("utf-8") != content:
        manifest.write_text(content, "utf-8")
    return target


def discover(root: Path | None = None, work: Path = WORK) -> list[LabelledSet]:
    """Every labelled set: dev, own, then each event folder in name order."""
    root = root or eval_root()
    out = []
    if (root / "dev.jsonl").exists():
        dev = tuple(load_devset(root / "dev.jsonl"))
        out.append(LabelledSet("dev", PROJECT_ROOT / "corpus", dev))
    if OWN_QUESTIONS.exists():
        out.append(LabelledSet("own", PROJECT_ROOT / "corpus", tuple(load_devset(OWN_QUESTIONS))))
    out += event_sets(root / "events", work)
    if not out:
        log.warning("no labelled sets found under %s", root)
    return out


def event_sets(events: Path, work: Path = WORK) -> list[LabelledSet]:
    """A set per event folder under `events` (`NNN_*.txt`, `sources.json`, `questions.jsonl`)."""
    out = []
    for folder in sorted(events.glob("*/")):
        if (folder / "questions.jsonl").exists() and (folder / "sources.json").exists():
            questions = tuple(load_devset(folder / "questions.jsonl"))
            out.append(LabelledSet(folder.name, event_corpus(folder, work), questions))
    return out


def invented_sets(work: Path = WORK) -> list[LabelledSet]:
    """The made-up events bundled with the project (`bench/data/invented/`)."""
    return event_sets(INVENTED, work)


def store_for(labelled: LabelledSet, work: Path = WORK) -> Path:
    """Where the benchmark keeps the index of a set's corpus (one per corpus)."""
    key = hashlib.sha256(str(labelled.corpus.resolve()).encode()).hexdigest()[:10]
    return work / "index" / f"{labelled.corpus.name}-{key}"


def squad_sets(path: Path = SQUAD, work: Path = WORK) -> list[LabelledSet]:
    """SQuAD 2.0 articles as corpora: each paragraph an article, unanswerable questions as
    'none'. Empty (with a log line) when the file is absent."""
    if not path.exists():
        log.warning("SQuAD 2.0 not found at %s: skipping it", path)
        return []
    out = []
    for art in json.loads(path.read_text("utf-8"))["data"]:
        title = art["title"]
        target = work / "corpora" / f"squad-{title}"
        articles = target / "articles"
        articles.mkdir(parents=True, exist_ok=True)
        lines, questions = [], []
        for i, para in enumerate(art["paragraphs"]):
            name = f"{i:03d}_p.txt"
            dest = articles / name
            if not dest.exists() or dest.read_text("utf-8") != para["context"]:
                dest.write_text(para["context"], "utf-8")
            lines += ["[[article]]", f"file = {_toml_string(name)}",
                      f"outlet = {_toml_string(f'{title} ¶{i}')}", ""]
            for qa in para["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                kind = "none" if qa.get("is_impossible") else "answer"
                questions.append(DevQuestion(
                    id=qa["id"], kind=kind, question=qa["question"],
                    evidence=tuple((f"{i:03d}", a) for a in answers) if kind == "answer" else (),
                ))
        manifest = target / "sources.toml"
        content = "\n".join(lines)
        if not manifest.exists() or manifest.read_text("utf-8") != content:
            manifest.write_text(content, "utf-8")
        out.append(LabelledSet(f"squad:{title}", target, tuple(questions)))
    return out
