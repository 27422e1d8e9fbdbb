"""Benchmark the stages of one build: validation and the checks of the built documents.

Each sample is a fresh process that imports the package, then times (CPU time of the
process, ms) ``validate_review`` (load, schema, cross-field rules, document models, text
rules) and ``check_built`` (anonymity and structural accessibility of every built .docx)
once each, as one ``scr-docs build`` does; rendering between them is not timed. Prints the
median of ``--repeat`` processes. Run: python benchmarks/stages.py [REVIEW] [--repeat N]
(default: the real Oxfordshire review, all documents).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real" / "oxfordshire-child-h" / "review.yaml"

_ONE = """
import json, sys, time
from scr_docs import pipeline
from scr_docs.check import check_built
from scr_docs.render.word import render_docx  # imports are not what is timed
only = sys.argv[2].split(",") if sys.argv[2] else None
clock = time.process_time
started = clock()
review = pipeline.validate_review(sys.argv[1], only=only)
validated = clock()
built = pipeline.assemble(review, only)
rendered = clock()
check_built(built, [], text_rules=False, final=pipeline.is_final(review))
checked = clock()
print(json.dumps({"validation": validated - started, "render": rendered - validated,
                  "checks": checked - rendered}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("review", nargs="?", default=str(REAL))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="kinds, comma-separated (default: all)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    samples: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-c", _ONE, args.review, args.only], env=env,
                             check=True, capture_output=True, text=True).stdout
        for stage, seconds in json.loads(out.splitlines()[-1]).items():
            samples.setdefault(stage, []).append(seconds * 1000)
    for stage, ms in samples.items():
        print(f"{stage:>10} {statistics.median(ms):7.0f} ms  (median of {len(ms)}; "
              f"min {min(ms):.0f}, max {max(ms):.0f})")


if __name__ == "__main__":
    main()
