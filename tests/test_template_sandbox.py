"""A house template is data: no tag in it may run code, read files or loop without end."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from scr_docs.errors import TemplateError
from scr_docs.render.word import render_docx
from scr_docs.render.template_check import check_template
from scr_docs.render.sandbox import sandbox
from scr_docs.render.wordml import DocWriter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
SHIPPED = ROOT / "templates" / "press-release.docx"

# Each payload, were it run, creates the file MARKER (or prints secrets); {m} is its path.
ESCAPES = {
    "logo method globals": "{{{{ logo.fit.__globals__['os'].system('touch {m}') }}}}",
    "self context": "{{{{ self._TemplateReference__context.cycler.__init__.__globals__"
                    ".os.popen('touch {m}').read() }}}}",
    "lipsum": "{{{{ lipsum.__globals__['os'].popen('touch {m}').read() }}}}",
    "cycler": "{{{{ cycler.__init__.__globals__.os.popen('touch {m}').read() }}}}",
    "joiner": "{{{{ joiner.__init__.__globals__.os.popen('touch {m}').read() }}}}",
    "namespace": "{{{{ namespace.__init__.__globals__.os.popen('touch {m}').read() }}}}",
    "config": "{{{{ config.__class__.__init__.__globals__['os'].popen('touch {m}') }}}}",
    "request": "{{{{ request.application.__globals__.__builtins__.__import__('os')"
               ".popen('touch {m}').read() }}}}",
    "string format": "{{{{ '{{0.__class__.__mro__}}'.format(board_name) }}}}",
    "format filter": "{{{{ '%s'|format(board_name.__class__) }}}}",
    "attr filter": "{{{{ board_name|attr('__class__')|attr('__mro__') }}}}",
    "subclasses": "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}",
    "item access": "{{{{ board_name['__class__'] }}}}",
    "include": "{{% include '/etc/passwd' %}}",
    "import": "{{% import 'os' as os %}}",
    "from import": "{{% from 'x' import y %}}",
    "macro": "{{% macro m() %}}x{{% endmacro %}}",
    "set": "{{% set x = lipsum %}}",
    "loop": "{{% for i in range(10**9) %}}x{{% endfor %}}",
    "nested loop": "{{% for a in board_name %}}{{% for b in board_name %}}x{{% endfor %}}"
                   "{{% endfor %}}",
    "string repetition": "{{{{ board_name * 10**9 }}}}",
    "power": "{{{{ 10**10**10 }}}}",
    "environment": "{{{{ self.__init__.__globals__.__builtins__.open('/proc/self/environ')"
                   ".read() }}}}",
}


def _plant(template: Path, part: str, payload: str, out: Path) -> None:
    """Copy ``template`` to ``out`` with ``payload`` typed into ``part`` (as one run)."""
    with zipfile.ZipFile(template) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == part:
                text = data.decode("utf-8")
                if part == "docProps/core.xml":
                    text = text.replace("</dc:title>", escaped + "</dc:title>", 1) \
                        if "</dc:title>" in text else text.replace(
                            "</cp:coreProperties>", f"<dc:title>{escaped}</dc:title>"
                            "</cp:coreProperties>")
                else:
                    close = "</w:body>" if part == "word/document.xml" else "</w:hdr>"
                    text = text.replace(close, f"<w:p><w:r><w:t>{escaped}</w:t></w:r></w:p>"
                                        + close, 1)
                data = text.encode("utf-8")
            zout.writestr(info, data)


def _house(tmp_path: Path, part: str, payload: str) -> Path:
    house = tmp_path / "house"
    house.mkdir()
    _plant(SHIPPED, part, payload, house / "press-release.docx")
    return house


def _header_part(template: Path) -> str:
    with zipfile.ZipFile(template) as z:
        return next(n for n in z.namelist() if n.startswith("word/header"))


def _build(house: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scr_docs.cli", "build", str(EXAMPLE), "-o", str(out),
         "--only", "press-release", "--templates", str(house)],
        capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_house_template_escape_is_refused_naming_tag_and_part(tmp_path, name):
    marker = tmp_path / "pwned"
    payload = ESCAPES[name].format(m=marker)
    house = _house(tmp_path, "word/document.xml", payload)
    out = tmp_path / "out"
    started = time.monotonic()
    result = _build(house, out)
    assert time.monotonic() - started < 60
    assert result.returncode == 1, result.stdout + result.stderr
    message = result.stdout + result.stderr
    assert "Traceback" not in message
    assert "word/document.xml: the tag {" in message and "is not allowed" in message
    assert not out.exists()
    assert not marker.exists()


@pytest.mark.parametrize("where", ["header", "docProps/core.xml"])
def test_escape_in_a_header_or_a_core_property_is_refused_naming_the_part(tmp_path, where):
    marker = tmp_path / "pwned"
    part = _header_part(SHIPPED) if where == "header" else where
    house = _house(tmp_path, part, ESCAPES["lipsum"].format(m=marker))
    out = tmp_path / "out"
    result = _build(house, out)
    message = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in message
    assert f"{part}" in message and "'lipsum' is not a template variable" in message
    assert not out.exists() and not marker.exists()


@pytest.mark.parametrize("name", ["logo method globals", "self context", "lipsum", "cycler",
                                  "joiner", "namespace", "config", "request", "string format",
                                  "subclasses", "item access", "loop", "string repetition",
                                  "power", "environment", "attr filter", "format filter"])
def test_the_sandbox_alone_stops_each_escape_when_the_check_is_skipped(tmp_path, name):
    """Defence in depth: render without the tag check, as the shipped templates are."""
    marker = tmp_path / "pwned"
    template = tmp_path / "press-release.docx"
    _plant(SHIPPED, "word/document.xml", ESCAPES[name].format(m=marker), template)
    context = {"board_name": "Wexmoor Board", "doc_title": "T", "draft": True, "marking": "",
               "date_text": "1 May 2020", "logo": None}
    with pytest.raises(TemplateError):
        render_docx(template, context, DocWriter(), {"title": "T"}, check_tags=False)
    assert not marker.exists()


def test_a_template_that_loops_for_ever_is_stopped_within_seconds(tmp_path, monkeypatch):
    monkeypatch.setattr("scr_docs.render.word.RENDER_SECONDS", 1)
    template = tmp_path / "press-release.docx"
    loops = "".join("{%% for x%d in board_name %%}" % i for i in range(8))
    _plant(SHIPPED, "word/document.xml", loops + "x" + "{% endfor %}" * 8, template)
    context = {"board_name": "Wexmoor Safeguarding Children Partnership", "doc_title": "T",
               "draft": False, "marking": "", "date_text": "", "logo": None}
    started = time.monotonic()
    with pytest.raises(TemplateError, match="longer than 1 s"):
        render_docx(template, context, DocWriter(), {"title": "T"}, check_tags=False)
    assert time.monotonic() - started < 10


def test_documented_tags_pass_the_check(tmp_path):
    template = tmp_path / "press-release.docx"
    tags = ("{{ board_name|upper }} {{ marking|default('OFFICIAL') }} {{ logo.fit(4, 1.5) }}"
            " {% if draft and not marking %}x{% elif marking == 'OFFICIAL' %}y{% else %}z"
            "{% endif %}")
    _plant(SHIPPED, "word/document.xml", tags, template)
    assert check_template(template) == []


def test_the_sandbox_has_no_globals_and_few_filters():
    env = sandbox()
    assert env.globals == {}
    assert sorted(env.filters) == ["capitalize", "default", "lower", "title", "trim", "upper"]
    assert env.from_string("{{ logo.fit(5, 1.8) }}").render(logo="scr-docs-logo-3f8a2d") \
        == "scr-docs-logo-3f8a2d-5.00x1.80"
    assert env.from_string("{{ logo.fit(5, 1.8) }}").render(logo="") == ""


def test_shipped_templates_and_a_copied_house_set_still_build(tmp_path):
    house = tmp_path / "house"
    copied = subprocess.run([sys.executable, "-m", "scr_docs.cli", "templates", str(house)],
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stderr
    for template in sorted(house.glob("*.docx")):
        assert check_template(template) == [], template.name
    for args in ([], ["--templates", str(house)]):
        out = tmp_path / ("out-house" if args else "out-shipped")
        result = subprocess.run(
            [sys.executable, "-m", "scr_docs.cli", "build", str(EXAMPLE), "-o", str(out), *args],
            capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout + result.stderr
        assert len(list(out.glob("*.docx"))) == 5
