"""`scr-docs build`: what is written, when nothing is, the publication pack and the PDFs."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from lxml import etree

from scr_docs import __version__
from scr_docs.output import pdf
from scr_docs.cli import cli
from scr_docs.documents import KINDS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "broken" / "04-missing-child.yaml"
DOCX = [f"child-a-{kind}.docx" for kind in KINDS]
PDFS = [name.replace(".docx", ".pdf") for name in DOCX]
FILES = [*DOCX, "child-a-action-plan.xlsx"]  # the action plan comes with its workbook
PACK = "child-a-publication-pack.zip"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return every file in `folder` (hidden ones too) with its bytes and mtime."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


AUDIT = "child-a-anonymity-audit.md"


def check_manifest(pack: Path, expected: list[str]) -> None:
    expected = [*expected, AUDIT]
    with zipfile.ZipFile(pack) as z:
        assert z.namelist() == [*expected, "manifest.json"]
        manifest = json.loads(z.read("manifest.json"))
        assert [f["name"] for f in manifest["files"]] == expected
        for entry in manifest["files"]:
            data = z.read(entry["name"])
            assert entry["sha256"] == sha256(data) and entry["size"] == len(data)
    assert manifest["version"] == __version__ and manifest["tool"] == "scr-docs"
    assert manifest["review_sha256"] == sha256(EXAMPLE.read_bytes())
    assert datetime.fromisoformat(manifest["built"].replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def packed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packed") / "out"
    result = run("build", EXAMPLE, "-o", out, "--pack")
    assert result.exit_code == 0, result.output
    return out


# -- what is written ----------------------------------------------------------------------------
def test_build_has_help():
    result = run("build", "--help")
    assert result.exit_code == 0 and "--only" in result.output and "--force" in result.output


def test_a_build_writes_the_four_documents_readable_by_others(packed):
    assert sorted(p.name for p in packed.iterdir()) == sorted([*FILES, PACK])
    mask = os.umask(0)
    os.umask(mask)
    assert all((packed / n).stat().st_mode & 0o777 == 0o666 & ~mask for n in FILES)


def test_pack_holds_the_documents_and_a_manifest_that_matches_them(packed):
    check_manifest(packed / PACK, FILES)
    with zipfile.ZipFile(packed / PACK) as z:
        assert all(z.read(n) == (packed / n).read_bytes() for n in FILES)


def test_only_writes_the_kinds_named(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path / "out", "--only",
                 "press-release,learning-summary")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "child-a-learning-summary.docx", "child-a-press-release.docx"]


def test_unknown_kind_exits_1_listing_the_kinds(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path / "out", "--only", "overview-report,minutes")
    assert result.exit_code == 1
    assert "minutes" in result.output and all(kind in result.output for kind in KINDS)
    assert not (tmp_path / "out").exists()


def test_existing_files_are_replaced_only_with_force(tmp_path):
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    before = snapshot(out)
    time.sleep(0.05)

    refused = run("build", EXAMPLE, "-o", out)

    assert refused.exit_code == 1 and "--force" in refused.output
    assert all(name in refused.output for name in FILES)
    assert snapshot(out) == before
    texts = []
    for _ in range(2):
        forced = run("build", EXAMPLE, "-o", out, "--force")
        assert forced.exit_code == 0, forced.output
        texts.append({n: document_text(out / n) for n in DOCX})
    assert texts[0] == texts[1] == {n: document_text(out / n) for n in DOCX}
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


def test_invalid_review_writes_nothing(tmp_path):
    result = run("build", BROKEN, "-o", tmp_path / "new")
    assert result.exit_code == 1 and "review.child" in result.output
    assert not (tmp_path / "new").exists()
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / DOCX[0]).write_bytes(b"older")
    before = snapshot(existing)
    assert run("build", BROKEN, "-o", existing, "--force").exit_code == 1
    assert snapshot(existing) == before


def test_pdf_without_libreoffice_says_what_to_install_and_writes_nothing(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = run("build", EXAMPLE, "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 1
    assert "LibreOffice" in result.output and "apt-get install libreoffice" in result.output
    assert not (tmp_path / "out").exists()


# -- PDF ----------------------------------------------------------------------------------------
libreoffice = pytest.mark.libreoffice
needs_libreoffice = pytest.mark.skipif(
    not os.environ.get("CI") and shutil.which("soffice") is None,
    reason="LibreOffice is not installed (these tests always run in CI)")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    """Build the example with --pdf --pack once, counting conversions and LibreOffice starts."""
    calls, starts = [], []
    real_convert, real_office = pdf.convert_to_pdf, pdf._Office.__init__

    def convert(pairs, *args, **kwargs):
        pairs = list(pairs)
        calls.append([(Path(a).name, Path(b).name) for a, b in pairs])
        return real_convert(pairs, *args, **kwargs)

    def office(self, *args, **kwargs):
        starts.append(args)
        real_office(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf, "convert_to_pdf", convert)
        mp.setattr(pdf._Office, "__init__", office)
        mp.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tmp")))
        out = tmp_path_factory.mktemp("pdf") / "out"
        result = run("build", EXAMPLE, "-o", out, "--pdf", "--pack")
    assert result.exit_code == 0, result.output
    return SimpleNamespace(out=out, calls=calls, starts=starts)


@libreoffice
@needs_libreoffice
def test_pdfs_are_written_beside_the_documents_in_one_libreoffice_run(pdf_build):
    assert sorted(p.name for p in pdf_build.out.iterdir()) == sorted([*FILES, *PDFS, PACK])
    assert pdf_build.calls == [list(zip(DOCX, PDFS))]
    assert len(pdf_build.starts) == 1
    check_manifest(pdf_build.out / PACK, [*FILES, *PDFS])


@libreoffice
@needs_libreoffice
def test_overview_pdf_contents_page_has_page_numbers(pdf_build):
    text = pdf_text(pdf_build.out / "child-a-overview-report.pdf")
    assert "Right-click to update" not in text
    contents = next(page for page in text.split("\f") if "Contents" in page)
    for heading in ("Introduction", "Analysis", "Recommendations"):
        assert re.search(rf"^\s*\d+\s+{heading}\s*\.{{3,}}\s*\d+\s*$", contents, re.M), contents


@libreoffice
@needs_libreoffice
def test_pdfs_are_tagged_and_the_short_documents_fit_two_pages(pdf_build):
    for name in PDFS:
        assert pdf_info(pdf_build.out / name)["Tagged"] == "yes", name
        assert b"pdfuaid:part" in (pdf_build.out / name).read_bytes(), f"{name} not PDF/UA"
    for kind in ("learning-summary", "press-release"):
        assert int(pdf_info(pdf_build.out / f"child-a-{kind}.pdf")["Pages"]) <= 2, kind


# -- a build killed midway ----------------------------------------------------------------------
def processes(text: str = "", parent: int | None = None) -> set[int]:
    """Return the ids of processes whose command line holds `text`, or below `parent`."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            table[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmdline)
    found = {pid for pid, (_, cmd) in table.items() if text and text in cmd}
    if parent is not None:
        level = {parent}
        while level:
            level = {pid for pid, (ppid, _) in table.items() if ppid in level}
            found |= level
    return found


def kill_all(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@libreoffice
@needs_libreoffice
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find LibreOffice")
def test_a_build_killed_while_converting_leaves_the_folder_as_it_was(tmp_path):
    out, own_tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    own_tmp.mkdir()
    (out / DOCX[0]).write_bytes(b"the published version")
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    env = {**os.environ, "TMPDIR": str(own_tmp),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    build = subprocess.Popen([sys.executable, "-m", "scr_docs.cli", "build", str(EXAMPLE),
                              "-o", str(out), "--pdf", "--force"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = set()
    try:
        deadline = time.monotonic() + 60
        while not processes(f"UserInstallation={own_tmp.as_uri()}/"):
            assert build.poll() is None and time.monotonic() < deadline, "LibreOffice not seen"
            time.sleep(0.05)
        time.sleep(0.5)
        assert build.poll() is None, "the build finished before it could be killed"
        started = processes(str(own_tmp), parent=build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait()
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        # LibreOffice runs in a session of its own and outlives the build: end it here.
        for _ in range(100):
            left = (started | processes(str(own_tmp))) - {build.pid}
            kill_all(left)
            if not any(Path(f"/proc/{p}").exists() for p in left):
                break
            time.sleep(0.1)
        for workdir in own_tmp.glob("scr-docs-lo-*"):  # and the sockets it leaves in /tmp
            pdf._Office._remove_sockets(SimpleNamespace(
                pipe=f"scr_docs_{build.pid}", profile_url=(workdir / "profile").as_uri()))
        for socket in Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_scr_docs_{build.pid}_*"):
            socket.unlink(missing_ok=True)

    assert snapshot(out) == before
    assert processes(str(own_tmp)) == set()
