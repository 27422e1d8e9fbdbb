"""Benchmark: build the example review, copies scaled 4x and 16x, and the real Oxfordshire review.

Prints, per case: the prose size, wall time of `scr-docs build` (a fresh process, so start-up
is included) for the overview report and executive summary, its peak memory, the time pandoc
takes to turn the same prose, as one Markdown file, into .docx (where pandoc is installed), and
the paired ratio: each repetition runs scr-docs and then pandoc back to back, and the ratio is
the median of the per-pair ratios (a busy machine slows both runs of a pair alike).
Times are medians of ``--repeat`` runs, after one warm-up run per case. By default the builds
may use compiled bytecode (``__pycache__``), as an installed scr-docs does (pip compiles it);
``--no-bytecode`` sets PYTHONDONTWRITEBYTECODE and removes this checkout's ``__pycache__``
folders first, so every run compiles the package's sources again (about 0.1 s).
Run: python benchmarks/bench.py [--repeat N] [--sizes 1,4,16] [--real | --no-real]
[--bytecode | --no-bytecode]
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
REAL = ROOT / "tests" / "fixtures" / "real" / "oxfordshire-child-h" / "review.yaml"
ONLY = "overview-report,executive-summary"
sys.path.insert(0, str(ROOT))

from scr_docs.review.load import load  # noqa: E402
from scr_docs.review.rules import strings  # noqa: E402

#: Top-level fields whose prose the overview report does not print.
NOT_IN_OVERVIEW = ("executive_summary", "press_release", "learning_summary", "board")


def overview_prose(data: dict):
    """Yield ``(path, markdown)`` for each prose field the overview report prints."""
    for path, value, kind in strings(data):
        if kind == "prose" and path.split(".", 1)[0].split("[", 1)[0] not in NOT_IN_OVERVIEW \
                and ".actions[" not in path:
            yield path, value


def scaled(data: dict, factor: int) -> dict:
    """Return the review with its chronology, analysis and recommendations repeated."""
    data = copy.deepcopy(data)
    periods = data["chronology"]["periods"]
    data["chronology"]["periods"] = [dict(p, title=f"{p['title']} ({i + 1})")
                                     for i in range(factor) for p in periods]
    data["analysis"]["items"] = [item for _ in range(factor) for item in data["analysis"]["items"]]
    recs = data["recommendations"]["items"]
    data["recommendations"]["items"] = [r for _ in range(factor) for r in recs]
    if "press_release" in data:
        data["press_release"].pop("report_quotes", None)
    return data


def write_case(folder: Path, factor: int) -> Path:
    loaded = load(EXAMPLE)
    data = scaled(loaded.data, factor) if factor > 1 else loaded.data
    folder.mkdir(parents=True, exist_ok=True)
    logo = data["board"].get("logo")
    if logo:  # the one file still named relative to the review once includes are read
        shutil.copy(EXAMPLE.parent / logo, folder / logo)
    path = folder / "review.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def markdown_of(path: Path) -> str:
    data = load(path).data
    return "\n\n".join(f"## {p}\n\n{md}" for p, md in overview_prose(data))


def _run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def timed(command: list[str], repeat: int) -> float:
    """Return the median wall time (s) of running ``command`` ``repeat`` times."""
    return statistics.median(_run(command) for _ in range(repeat))


def paired(command: list[str], other: list[str], repeat: int) -> tuple[float, float, float]:
    """Run ``command`` then ``other``, ``repeat`` times; return the median wall time (s) of
    each and the median of the per-pair ratios ``command / other``."""
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_run(command))
        theirs.append(_run(other))
    ratios = [a / b for a, b in zip(ours, theirs)]
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


def measure(label: str, case: Path, tmp: Path, repeat: int, pandoc: str | None) -> None:
    """Print one line of the table for the review file ``case``."""
    scr = [sys.executable, "-m", "scr_docs.cli", "build", str(case), "-o", str(tmp / "out"),
           "--force", "--only", ONLY]
    prose = markdown_of(case)
    subprocess.run(scr, check=True, capture_output=True)  # warm the file cache once
    peak = _peak_of(scr)
    if pandoc:
        md = tmp / f"{label}.md"
        md.write_text(prose, encoding="utf-8")
        seconds, pandoc_s, ratio = paired(
            scr, [pandoc, str(md), "-f", "markdown", "-o", str(tmp / f"{label}.docx")], repeat)
    else:
        seconds, pandoc_s, ratio = timed(scr, repeat), float("nan"), float("nan")
    print(f"{label:>6} {len(prose.encode()) / 1024:>9.0f} {seconds:>11.2f} {peak:>8.0f} "
          f"{pandoc_s:>9.2f} {ratio:>6.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1,4,16")
    parser.add_argument("--real", action=argparse.BooleanOptionalAction, default=True,
                        help="also the real Oxfordshire review (tests/fixtures/real)")
    parser.add_argument("--bytecode", action=argparse.BooleanOptionalAction, default=True,
                        help="let the builds use compiled bytecode, as an installed copy does")
    args = parser.parse_args()
    if args.bytecode:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        for cache in (ROOT / "scr_docs").rglob("__pycache__"):
            shutil.rmtree(cache)
    pandoc = shutil.which("pandoc")
    # the builds run this checkout's code, not whichever copy is installed
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    print(f"bytecode: {'cached' if args.bytecode else 'compiled on every run'}")
    print(f"{'case':>6} {'prose KB':>9} {'scr-docs s':>11} {'peak MB':>8} {'pandoc s':>9} "
          f"{'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (int(s) for s in args.sizes.split(",") if s):
            folder = Path(tmp) / f"x{factor}"
            measure(f"{factor}x", write_case(folder, factor), folder, args.repeat, pandoc)
        if args.real:
            folder = Path(tmp) / "real"
            folder.mkdir()
            measure("real", REAL, folder, args.repeat, pandoc)


def _peak_of(command: list[str]) -> float:
    """Return the peak resident memory (MB) of one run of `command`."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"build failed: {' '.join(command)}")
    return usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
