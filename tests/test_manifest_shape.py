"""The manifest's fast shape check passes only what the JSON schema accepts."""

from __future__ import annotations

import copy
import json

import pytest

from index import manifest

_SHA = "ab" * 32


def _valid() -> dict:
    doc = {"sha256": _SHA, "record_sha256": _SHA, "vectors_sha256": _SHA, "passages": 3,
           "meta": {"outlet": "An Outlet", "title": None, "published": "2025-01-02",
                    "url": None}}
    return {"complete": True, "generation": "g1", "collection": "c", "fingerprint": {},
            "digest": _SHA, "docs": {"000_x": doc, "001_y": copy.deepcopy(doc)}}


def _broken(path: tuple, value) -> dict:
    data = _valid()
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BROKEN = [
    (("complete",), 1), (("complete",), False), (("generation",), 7), (("collection",), None),
    (("fingerprint",), []), (("digest",), _SHA.upper()), (("digest",), _SHA + "\n"),
    (("docs",), []), (("docs", "001_y", "sha256"), "ab"), (("docs", "001_y", "passages"), -1),
    (("docs", "001_y", "passages"), True), (("docs", "001_y", "passages"), "3"),
    (("docs", "001_y", "meta", "url"), 5), (("docs", "001_y", "meta", "title"), KeyError),
    (("docs", "001_y", "record_sha256"), KeyError), (("docs", "001_y", "meta"), "x"),
]


def test_a_valid_manifest_passes_both_checks() -> None:
    assert manifest.well_shaped(_valid())
    assert manifest._VALIDATOR.is_valid(_valid())


@pytest.mark.parametrize(("path", "value"), BROKEN)
def test_the_fast_check_never_passes_what_the_schema_may_reject(path, value) -> None:
    data = _broken(path, value)
    assert not manifest.well_shaped(data)


@pytest.mark.parametrize(("path", "value"), [b for b in BROKEN if b[1] != _SHA + "\n"])
def test_a_malformed_manifest_is_not_read(tmp_path, path, value) -> None:
    (tmp_path / manifest.MANIFEST).write_text(json.dumps(_broken(path, value)), "utf-8")
    assert manifest.read(tmp_path) is None


def test_a_valid_manifest_is_read(tmp_path) -> None:
    (tmp_path / manifest.MANIFEST).write_text(json.dumps(_valid()), "utf-8")
    assert manifest.read(tmp_path) == _valid()
