"""A generation's manifest: what it was built from, validated against a JSON schema.

The manifest also holds the sha256 of every stored record and vector file, so a record
edited after the build (text that would be quoted as verbatim) is caught on load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

import jsonschema

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"

_SHA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_OPT_STR = {"type": ["string", "null"]}
SCHEMA = {
    "type": "object",
    "required": ["complete", "generation", "collection", "fingerprint", "digest", "docs"],
    "properties": {
        "complete": {"const": True},
        "generation": {"type": "string"},
        "collection": {"type": "string"},
        "fingerprint": {"type": "object"},
        "digest": _SHA,
        "docs": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["sha256", "meta", "passages", "record_sha256", "vectors_sha256"],
                "properties": {
                    "sha256": _SHA,
                    "record_sha256": _SHA,
                    "vectors_sha256": _SHA,
                    "passages": {"type": "integer", "minimum": 0},
                    "meta": {
                        "type": "object",
                        "required": ["outlet", "title", "published", "url"],
                        "properties": dict.fromkeys(("outlet", "title", "published", "url"),
                                                    _OPT_STR),
                    },
                },
            },
        },
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def read(folder: Path) -> dict | None:
    """The folder's manifest when it is readable, complete and well-shaped, else None."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("index manifest %s unreadable (%s)", folder / MANIFEST, exc)
        return None
    if well_shaped(manifest):  # the common case, without jsonschema's walk (~0.4 s at 100k)
        return manifest
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(manifest))
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "top level"
        log.warning("index manifest %s is malformed at %s: %s", folder / MANIFEST, where,
                    error.message)
        return None
    return manifest


_HEX64 = re.compile(r"[0-9a-f]{64}")
_DOC_SHAS = ("sha256", "record_sha256", "vectors_sha256")
_META = ("outlet", "title", "published", "url")


def _sha(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def _doc_shaped(doc: object) -> bool:
    if not isinstance(doc, dict) or not all(_sha(doc.get(k)) for k in _DOC_SHAS):
        return False
    passages, meta = doc.get("passages"), doc.get("meta")
    return (type(passages) is int and passages >= 0 and isinstance(meta, dict)
            and all(k in meta and (meta[k] is None or isinstance(meta[k], str))
                    for k in _META))


def well_shaped(manifest: object) -> bool:
    """A strict check that only passes manifests `SCHEMA` accepts (a fast path for it)."""
    return (isinstance(manifest, dict) and manifest.get("complete") is True
            and isinstance(manifest.get("generation"), str)
            and isinstance(manifest.get("collection"), str)
            and isinstance(manifest.get("fingerprint"), dict)
            and _sha(manifest.get("digest"))
            and isinstance(manifest.get("docs"), dict)
            and all(_doc_shaped(d) for d in manifest["docs"].values()))


def digest(content: dict, docs: dict[str, tuple[str, dict]]) -> str:
    """What an index holds, independent of where it is stored: settings and each article."""
    payload = json.dumps([content, sorted(docs.items())], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
