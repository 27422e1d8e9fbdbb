"""Benchmark: build the example review, copies scaled 4x and 16x, and the real Oxfordshire review.

Prints, per case: the prose size, wall time of `scr-docs build` (a fresh process, so start-up
is included) for the overview report and executive summary, its peak memory, the time pandoc
takes to turn the same prose, as one Markdown file, into .docx (where pandoc is installed), and
the paired ratio: each repetition runs scr-docs and then pandoc back to back, and the ratio is
the median of the per-pair ratios (a busy machine slows both runs of a pair alike).
``--against CHECKOUT`` also times an older checkout of scr-docs (its own ``scr_docs`` package,
run the same way on the same review file) inside the same pairs, and prints our time over its
time: how the benchmark tells whether a change made the build slower. A checkout that refuses
a case prints "refused" for it.
Times are medians of ``--repeat`` runs, after one warm-up run per case. By default the builds
may use compiled bytecode (``__pycache__``), as an installed scr-docs does (pip compiles it);
``--no-bytecode`` sets PYTHONDONTWRITEBYTECODE and removes this checkout's ``__pycache__``
folders first, so every run compiles the package's sources again (about 0.1 s).
Run: python benchmarks/bench.py [--repeat N] [--sizes 1,4,16] [--real | --no-real]
[--bytecode | --no-bytecode] [--against CHECKOUT]
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


def _run(command: list[str], root: Path | None = None) -> float:
    """Return the wall time (s) of one run of ``command``; with ``root``, the run imports the
    ``scr_docs`` package of that checkout (and runs in it), and a failed run returns NaN."""
    started = time.perf_counter()
    if root is None:
        subprocess.run(command, check=True, capture_output=True)
    elif subprocess.run(command, capture_output=True, cwd=root,
                        env=dict(os.environ, PYTHONPATH=str(root))).returncode:
        return float("nan")
    return time.perf_counter() - started


def paired(command: list[str], other: list[str] | None, repeat: int,
           against: Path | None = None) -> dict[str, float]:
    """Run ``command``, then ``other`` (pandoc; None: not installed), then ``command`` with
    the older checkout ``against``, ``repeat`` times. Return the median wall times (s)
    ``ours``, ``pandoc``, ``against`` and the medians of the per-repetition ratios
    ``ratio`` (ours / pandoc) and ``vs_against`` (ours / against); NaN where not run."""
    runs: dict[str, list[float]] = {"ours": [], "pandoc": [], "against": []}
    for _ in range(repeat):
        runs["ours"].append(_run(command))
        runs["pandoc"].append(_run(other) if other else float("nan"))
        runs["against"].append(_run(command, against) if against else float("nan"))
    out = {k: statistics.median(v) for k, v in runs.items()}
    for key, base in (("ratio", "pandoc"), ("vs_against", "against")):
        out[key] = statistics.median(a / b for a, b in zip(runs["ours"], runs[base]))
    return out


def measure(label: str, case: Path, tmp: Path, repeat: int, pandoc: str | None,
            against: Path | None = None) -> None:
    """Print one line of the table for the review file ``case``."""
    scr = [sys.executable, "-m", "scr_docs.cli", "build", str(case), "-o", str(tmp / "out"),
           "--force", "--only", ONLY]
    prose = markdown_of(case)
    subprocess.run(scr, check=True, capture_output=True)  # warm the file cache once
    if against:
        _run(scr, against)
    peak = _peak_of(scr)
    other = None
    if pandoc:
        md = tmp / f"{label}.md"
        md.write_text(prose, encoding="utf-8")
        other = [pandoc, str(md), "-f", "markdown", "-o", str(tmp / f"{label}.docx")]
    t = paired(scr, other, repeat, against)
    line = (f"{label:>6} {len(prose.encode()) / 1024:>9.0f} {t['ours']:>11.2f} {peak:>8.0f} "
            f"{t['pandoc']:>9.2f} {t['ratio']:>6.2f}")
    if against:
        line += (f" {t['against']:>10.2f} {t['vs_against']:>9.2f}" if t["against"] == t["against"]
                 else f" {'refused':>10} {'':>9}")
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1,4,16")
    parser.add_argument("--real", action=argparse.BooleanOptionalAction, default=True,
                        help="also the real Oxfordshire review (tests/fixtures/real)")
    parser.add_argument("--bytecode", action=argparse.BooleanOptionalAction, default=True,
                        help="let the builds use compiled bytecode, as an installed copy does")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="also time an older checkout of scr-docs (a folder holding its "
                             "scr_docs package), paired with ours on the same files")
    args = parser.parse_args()
    against = args.against.resolve() if args.against else None
    if against and not (against / "scr_docs").is_dir():
        parser.error(f"{against} holds no scr_docs package")
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
    print("bytecode: " + ("cached (as an installed copy runs)" if args.bytecode
                          else "compiled on every run"))
    print(f"Each time is the median wall time (s) of {args.repeat} fresh runs of `scr-docs build "
          f"--only {ONLY}`; Nx is the example with its chronology, analysis and recommendations "
          f"repeated N times, 'real' the published Oxfordshire review; ratio = scr-docs time / "
          f"pandoc time on the same prose" + ("; vs against = scr-docs time / the older "
                                              "checkout's time" if against else "")
          + " (medians of the per-run ratios).")
    print(f"{'case':>6} {'prose KB':>9} {'scr-docs s':>11} {'peak MB':>8} {'pandoc s':>9} "
          f"{'ratio':>6}" + (f" {'against s':>10} {'vs against':>9}" if against else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (int(s) for s in args.sizes.split(",") if s):
            folder = Path(tmp) / f"x{factor}"
            measure(f"{factor}x", write_case(folder, factor), folder, args.repeat, pandoc,
                    against)
        if args.real:
            folder = Path(tmp) / "real"
            folder.mkdir()
            measure("real", REAL, folder, args.repeat, pandoc, against)


def _peak_of(command: list[str]) -> float:
    """Return the peak resident memory (MB) of one run of `command`."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"build failed: {' '.join(command)}")
    return usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
