"""The benchmark's pairing: our build, pandoc and an older checkout timed in the same pairs."""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench  # noqa: E402

PASS = [sys.executable, "-c", "pass"]


def test_paired_reports_times_and_ratios_of_each_command(tmp_path):
    t = bench.paired(PASS, PASS, 3, against=tmp_path)
    assert t["ours"] > 0 and t["pandoc"] > 0 and t["against"] > 0
    assert 0 < t["ratio"] < 10 and 0 < t["vs_against"] < 10


def test_older_checkout_that_refuses_the_case_gives_no_time(tmp_path):
    refuse = [sys.executable, "-c", "import sys; sys.exit(1)"]
    assert math.isnan(bench._run(refuse, tmp_path))


def test_without_pandoc_or_older_checkout_only_ours_is_timed():
    t = bench.paired(PASS, None, 2)
    assert t["ours"] > 0
    assert math.isnan(t["pandoc"]) and math.isnan(t["against"]) and math.isnan(t["vs_against"])
