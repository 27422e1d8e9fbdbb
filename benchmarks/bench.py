"""Benchmark: build the example review and copies scaled 4x and 16x.

Prints, per size: the prose size, wall time of `scr-docs build` (a fresh process, so start-up
is included) for the overview report and executive summary, its peak memory, and the time
pandoc takes to turn the same prose, as one Markdown file, into .docx (where pandoc is
installed). Run: python benchmarks/bench.py [--repeat N]
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


def timed(command: list[str], repeat: int) -> float:
    """Return the median wall time of running `command`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,4,16")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    scr = [sys.executable, "-m", "scr_docs.cli"]
    print(f"{'size':>5} {'prose KB':>9} {'scr-docs s':>11} {'peak MB':>8} {'pandoc s':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (int(s) for s in args.sizes.split(",")):
            case = write_case(Path(tmp) / f"x{factor}", factor)
            prose = markdown_of(case)
            out = Path(tmp) / f"out{factor}"
            seconds = timed(scr + ["build", str(case), "-o", str(out), "--force", "--only",
                                      "overview-report,executive-summary"], args.repeat)
            peak = _peak_of(scr + ["build", str(case), "-o", str(out), "--force", "--only",
                                   "overview-report,executive-summary"])
            pandoc_s = ratio = float("nan")
            if pandoc:
                md = Path(tmp) / f"x{factor}.md"
                md.write_text(prose, encoding="utf-8")
                pandoc_s = timed([pandoc, str(md), "-f", "markdown", "-o",
                                     str(Path(tmp) / f"p{factor}.docx")], args.repeat)
                ratio = seconds / pandoc_s
            print(f"{factor:>4}x {len(prose.encode()) / 1024:>9.0f} {seconds:>11.2f} {peak:>8.0f} "
                  f"{pandoc_s:>9.2f} {ratio:>6.2f}")


def _peak_of(command: list[str]) -> float:
    """Return the peak resident memory (MB) of one run of `command`."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"build failed: {' '.join(command)}")
    return usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
