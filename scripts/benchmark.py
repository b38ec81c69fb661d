"""Measure reportgen's speed and memory; the README quotes what this prints.

    .venv/bin/python scripts/benchmark.py

- `reportgen check agencies/` and `reportgen build` (one agency, all agencies): wall time of the
  whole command, start-up included (what a user waits for), and peak memory;
- the library alone: loading and validating every agency file, and a synthetic agency file
  holding 30 years of reports (a body that has kept its file in git for a generation).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.check import check_file, check_paths

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = ROOT / "agencies"
REPORTGEN = [sys.executable, "-m", "reportgen"]


def wall(command: list[str], runs: int = 15) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), max(times)


def peak_child_rss_mib(command: list[str]) -> float:
    """Peak resident memory of `command`, measured in a fresh wrapper process so that earlier
    runs do not count."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    output = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(output.stdout) / 1024


def in_process(function: Callable[[], object], runs: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(runs):
        function()
    return (time.perf_counter() - start) / runs


def _report_body(slug: str) -> tuple[str, str]:
    """(the file's head up to 年度报告, the body of its one report without the year line)."""
    text = (AGENCIES / f"{slug}.yaml").read_text(encoding="utf-8")
    head, _, body = text.partition("年度报告:\n")
    return head, body.split("\n", 1)[1]


def thirty_year_file(directory: Path) -> Path:
    """An agency file of 30 reports: erqi's 2020 report (2019 edition) as 2019–2020 and
    jinshui-zhengwu's 2021 report (2021 edition) as 2021–2048, so every cross-year rule runs."""
    head, report_2019 = _report_body("erqi")
    _, report_2021 = _report_body("jinshui-zhengwu")
    years = "".join(f"  {year}:\n{report_2019 if year < 2021 else report_2021}" for year in range(2019, 2049))
    path = directory / "thirty-years.yaml"
    path.write_text(head + "年度报告:\n" + years, encoding="utf-8")
    return path


def main() -> None:
    files = sorted(AGENCIES.glob("*.yaml"))
    command = [*REPORTGEN, "check", "agencies/"]
    fastest, median, slowest = wall(command)
    rss = peak_child_rss_mib(command)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"reportgen check agencies/ ({len(files)} files), 15 runs: "
          f"median {median * 1000:.0f} ms (min {fastest * 1000:.0f}, max {slowest * 1000:.0f}); "
          f"peak RSS {rss:.0f} MiB")
    with tempfile.TemporaryDirectory() as out:
        for what, target in (("agencies/erqi.yaml", "agencies/erqi.yaml"), (f"agencies/ ({len(files)} files)", "agencies/")):
            command = [*REPORTGEN, "build", target, "--out", out]
            fastest, median, slowest = wall(command, runs=5)
            rss = peak_child_rss_mib(command)
            print(f"reportgen build {what}, 5 runs: median {median * 1000:.0f} ms "
                  f"(min {fastest * 1000:.0f}, max {slowest * 1000:.0f}); peak RSS {rss:.0f} MiB")
    per_all = in_process(lambda: check_paths([AGENCIES]))
    print(f"library: load + validate all {len(files)} agency files: {per_all * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        path = thirty_year_file(Path(tmp))
        result = check_file(path)
        per_big = in_process(lambda: check_file(path), runs=5)
        size = path.stat().st_size / 1024
        print(f"library: one file with 30 years of reports ({size:.0f} KiB, "
              f"{len(result.agency.reports) if result.agency else 0} reports, {len(result.findings)} findings): "
              f"{per_big * 1000:.1f} ms")


if __name__ == "__main__":
    main()
