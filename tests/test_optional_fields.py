"""Every optional field of the format can be left out: the documents still build, and a
section with nothing to say is left out rather than printed empty."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from lxml import etree

from scr_docs.pipeline import assemble
from scr_docs.review.load import load
from scr_docs.review.schema import SCHEMA
from scr_docs.review.validate import validate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"


#: Optional one by one but not together: one of each pair must be given.
PAIRED = {("author",), ("authors",), ("analysis", "items", 0, "tor"),
          ("analysis", "items", 0, "title")}
#: Left out with the field that needs them: a logo needs its alternative text.
NEEDED_BY = {("board", "logo_alt"): ("board", "logo")}
#: Optional only with another value: an agency that did not contribute has no involvement.
OPTIONAL_WITH = {("agencies", 0, "involvement"): (("agencies", 0, "role"), "other")}


def optional_paths(fields: dict, prefix: tuple = ()) -> list[tuple]:
    """Return the key paths of optional fields (lists of maps: their first entry)."""
    paths = []
    for name, rules in fields.items():
        path = prefix + (name,)
        if path == ("wording",):  # house-style wording: tests/test_wording.py
            continue
        if not rules.get("required") and path not in PAIRED:
            paths.append(path)
        child = rules.get("schema", {})
        if rules.get("type") == "dict":
            paths += optional_paths(child, path)
        elif child.get("type") == "dict":
            paths += optional_paths(child["schema"], path + (0,))
    return paths


@pytest.fixture(scope="module")
def example_data() -> dict:
    return load(EXAMPLE).data


def without(data: dict, path: tuple) -> dict | None:
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(node, dict) or path[-1] not in node:
        return None
    del node[path[-1]]
    return data


@pytest.mark.parametrize("path", optional_paths(SCHEMA), ids=lambda p: ".".join(map(str, p)))
def test_documents_build_without_each_optional_field(example_data, path, tmp_path):
    data = without(example_data, path)
    if data is None:
        pytest.skip("the example does not use this field")
    if path in NEEDED_BY:
        data = without(data, NEEDED_BY[path]) or data
    if path in OPTIONAL_WITH:
        (*where, key), value = OPTIONAL_WITH[path]
        node = data
        for step in where:
            node = node[step]
        node[key] = value
    logo = data["board"].get("logo")
    if logo:  # files the review names are relative to it
        shutil.copy(EXAMPLE.parent / logo, tmp_path / logo)
    review_file = tmp_path / "review.yaml"
    review_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    built = assemble(validate(load(review_file)))
    assert len(built.files) == 6  # four documents, the action plan and its workbook
    for name, text in built.texts.items():
        assert text.strip(), name


def test_minimal_review_leaves_out_empty_sections(tmp_path):
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "scr_docs" / "review" / "scaffold"
                           / "review.yaml").read_text(encoding="utf-8"))
    for key in ("family", "background", "lessons", "improvements", "glossary", "bibliography"):
        data.pop(key, None)
    review_file = tmp_path / "review.yaml"
    review_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    built = assemble(validate(load(review_file)), "overview-report")
    text = built.texts["overview-report"]
    for absent in ("Family involvement", "Agency contact prior to the review period",
                   "Glossary", "Bibliography", "Lessons learnt", "Improvements already"):
        assert absent not in text
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(next(iter(built.files.values())))) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))
