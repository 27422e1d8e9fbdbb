"""The pipeline's contracts: one library call, no import cycle, findings located in the review
file, and the text rules saying the same on the document models and on the .docx files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

import scr_docs
from scr_docs.check import document_kind
from scr_docs.check.consistency import passages_from_docx
from scr_docs.check.docx_text import read_docx
from scr_docs.errors import ScrDocsError, ValidationError
from scr_docs.pipeline import assemble, validate_review
from scr_docs.textrules import Corpus, passages_from_models, rules, run_rules

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scr_docs"
REVIEWS = sorted((ROOT / "examples").glob("*/review.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "real").glob("*/review.yaml"))
BROKEN = sorted((ROOT / "tests" / "fixtures" / "broken").glob("*.yaml"))


# -- one library call -------------------------------------------------------------------------
def test_scr_docs_build_can_be_called_twice_in_one_process(tmp_path):
    import scr_docs.pipeline  # noqa: F401  (importing the module must not shadow the function)

    example = ROOT / "examples" / "child-b" / "review.yaml"
    first = scr_docs.build(example, tmp_path / "one")
    second = scr_docs.build(example, tmp_path / "two")
    assert callable(scr_docs.build)
    assert [p.name for p in first.written] == [p.name for p in second.written]


def test_python_m_scr_docs_runs_the_command(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "scr_docs", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "scr-docs" in result.stdout


# -- no import cycle --------------------------------------------------------------------------
def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Return module -> the scr_docs modules it imports anywhere in its source (functions too)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            for target in targets:
                if target in modules and target != module:
                    graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_inside_scr_docs():
    graph = import_graph()
    assert len(graph) > 40
    assert graph["scr_docs.pipeline"] >= {"scr_docs.review.validate", "scr_docs.documents"}
    assert _cycles(graph) == []


@pytest.mark.parametrize("stage,forbidden", [
    ("scr_docs.assemble", ("scr_docs.render", "scr_docs.check", "scr_docs.output",
                           "scr_docs.pipeline", "scr_docs.cli")),
    ("scr_docs.model", ("scr_docs.render", "scr_docs.check", "scr_docs.assemble",
                        "scr_docs.pipeline", "scr_docs.cli", "scr_docs.review")),
    ("scr_docs.review", ("scr_docs.render", "scr_docs.check", "scr_docs.assemble",
                         "scr_docs.output", "scr_docs.pipeline", "scr_docs.cli")),
    ("scr_docs.render", ("scr_docs.check", "scr_docs.pipeline", "scr_docs.cli")),
    ("scr_docs.check", ("scr_docs.pipeline", "scr_docs.cli", "scr_docs.render")),
])
def test_a_stage_imports_only_what_the_architecture_allows(stage, forbidden):
    graph = import_graph()
    bad = sorted((m, t) for m in graph if m == stage or m.startswith(stage + ".")
                 for t in graph[m] if t.startswith(forbidden))
    assert bad == []


def test_the_check_stage_never_imports_the_pipeline():
    graph = import_graph()
    assert not any("scr_docs.pipeline" in graph[m] for m in graph if m.startswith("scr_docs.check"))


# -- findings name the review file, line and field path ---------------------------------------
PLANTED = {
    # rule id: (field path, change to the scaffold review)
    "pseudonym": ("lessons", lambda d: d.update(lessons="The lessons for child x are clear.")),
    "pronoun": ("background", lambda d: d.update(
        background="Child X was seen at home and he was upset.")),
    "agency-name": ("lessons", lambda d: d.update(
        lessons="The review thanks example council children's social care for its report.")),
    "age": ("background", lambda d: d.update(
        background="Child X, aged 9 years, was seen at home.")),
    "recommendation-count": ("lessons", lambda d: d.update(
        lessons="The review makes seven recommendations.")),
    "report-quote": ("press_release.report_quotes[0]", lambda d: d["press_release"].update(
        report_quotes=["Agencies shared everything they knew at every stage."])),
    "glossary": ("background", lambda d: d.update(
        background="The XQZ team visited the family at home.",
        glossary=[{"term": "family", "meaning": "the people the child lives with",
                   "kind": "term"}])),
    "link-text": ("background", lambda d: d.update(
        background="See [click here](https://example.org/guidance) for the guidance.")),
}


def test_every_rule_but_heading_levels_is_planted():
    """Heading levels cannot skip in a build: prose sub-headings are placed at most one level
    below the heading before them, so the rule only ever fires on a hand-edited .docx."""
    assert set(PLANTED) == set(rules()) - {"heading-level"}


@pytest.mark.parametrize("rule", sorted(PLANTED))
def test_a_planted_problem_is_found_at_its_file_line_and_field(write_review, scaffold_data,
                                                               rule):
    field, change = PLANTED[rule]
    change(scaffold_data)
    path = write_review(scaffold_data)
    try:
        problems = validate_review(path).problems.items
    except ValidationError as exc:
        problems = exc.problems
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [p for p in problems if p.path == field]
    assert hits, [p.format() for p in problems]
    for problem in hits:
        assert problem.file == str(path)
        assert problem.line and 1 <= problem.line <= len(lines)
        key = field.rsplit(".", 1)[-1].split("[")[0]
        near = "\n".join(lines[max(0, problem.line - 3):problem.line + 1])
        assert key in near, (problem.format(), near)


def test_a_finding_in_generated_text_names_the_sentence_that_wrote_it(write_review,
                                                                      scaffold_data):
    scaffold_data["review"]["child_age_at_incident"] = "3 months"
    scaffold_data["review"]["child"] = "Child X"
    review = validate_review(write_review(scaffold_data))
    models = {k: v for k, v in review.models.items()}
    corpus = Corpus(passages_from_models(models), review.data)
    sources = {p.source.rule for ps in corpus.documents.values() for p in ps
               if p.source is not None and p.source.generated}
    assert "overview.introduction.background" in sources


# -- the same rules on the models and on the .docx files ---------------------------------------
def _base(message: str) -> str:
    return re.sub(r" \((?:in the|text written by)[^)]*\)$", "", message)


@pytest.mark.parametrize("review_path", REVIEWS, ids=[p.parent.name for p in REVIEWS])
def test_text_rules_agree_on_the_models_and_on_the_built_docx(review_path):
    review = validate_review(review_path)
    built = assemble(review)
    on_models = run_rules(Corpus(passages_from_models(built.models), review.data))
    docs = {}
    for name, data in built.files.items():
        if name.endswith(".docx"):
            kind = document_kind(name)
            docs[kind] = passages_from_docx(read_docx(data, name), kind)
    on_docx = run_rules(Corpus(docs, review.data))
    # A .docx has no sources, so the exemptions that need one (scr-docs's own sentences, a
    # dated chronology entry, a bibliography citation) apply on the models only: the check
    # of the .docx reports everything the build does, and may report more.
    counted = re.compile(r" \(\d+ times?\)")
    assert {counted.sub("", _base(p.message)) for p in on_models} <= \
        {counted.sub("", _base(p.message)) for p in on_docx}


@pytest.mark.parametrize("broken", BROKEN, ids=[p.stem for p in BROKEN])
def test_validate_and_build_refuse_a_broken_review_alike(broken, tmp_path):
    with pytest.raises(ScrDocsError) as validated:
        validate_review(broken)
    with pytest.raises(ScrDocsError) as built:
        scr_docs.build(broken, tmp_path / "out")
    assert [p.format() for p in validated.value.problems] == \
        [p.format() for p in built.value.problems]
    assert not (tmp_path / "out").exists()


def test_the_scaffold_is_clean_under_every_rule():
    data = yaml.safe_load((PACKAGE / "review" / "scaffold" / "review.yaml").read_text())
    assert data["review"]["child"]
    review = validate_review(PACKAGE / "review" / "scaffold" / "review.yaml")
    assert review.problems.items == []
