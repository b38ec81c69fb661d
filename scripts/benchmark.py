"""Measure reportgen's speed and memory on a synthetic district; the README quotes what this prints.

    .venv/bin/python scripts/benchmark.py            # everything, about four minutes on 2 cores
    .venv/bin/python scripts/benchmark.py --quick    # without the 10,000-file build

- whole commands as a user runs them (start-up included): `reportgen --help`, `check` of one file,
  `check` and `build --format html,docx` of 1,000 synthetic agency files (their latest year: 1,000
  reports), and `build` of 10,000 files to show that memory does not grow with the number of files;
- peak memory of the whole process tree (the command and its workers, resident sets summed, sampled
  every 50 ms; pages shared by the forked workers counted in each);
- Word rendering per report, side by side in this process: the naive docxtpl loop (a fresh
  `DocxTemplate` of the same generated template, render the same context, save) against reportgen's
  compiled template, on the same reports, and the ratio.

The district comes from tests/district.py (deterministic: random consistent figures, both editions,
varied prose, two to four years per file). Targets (issue 11): build ≤ 15 s, Word ≥ 5× the naive
loop, check of 1,000 files ≤ 2 s, `--help` and check of one file ≤ 0.3 s, peak memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the district generator lives beside the tests that use it

from district import write_district  # noqa: E402
from reportgen.check import check_file  # noqa: E402

REPORTGEN = [sys.executable, "-m", "reportgen"]
SAMPLE_SECONDS = 0.05


def cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _descendants(root: int) -> list[int]:
    """The process and everything it started (Linux: each thread's /proc/…/children)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            for task in os.scandir(f"/proc/{pid}/task"):
                with open(f"{task.path}/children") as children:
                    queue.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def run(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak MiB of the whole process tree, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree_peak = 0
    while process.poll() is None:
        if Path("/proc").is_dir():
            tree_peak = max(tree_peak, sum(_rss_kib(pid) for pid in _descendants(process.pid)))
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    return wall, tree_peak / 1024, process.returncode


def timed(label: str, command: list[str], runs: int) -> list[tuple[float, float, int]]:
    results = [run(command) for _ in range(runs)]
    walls = sorted(result[0] for result in results)
    tree = max(result[1] for result in results)
    codes = {result[2] for result in results}
    print(f"{label}, {runs} runs: median {statistics.median(walls):.2f} s (min {walls[0]:.2f}, max {walls[-1]:.2f}); "
          f"peak memory {tree:.0f} MiB (all processes){'' if codes == {0} else f'; exit {sorted(codes)}'}", flush=True)
    return results


def word_ratio(folder: Path, reports: int = 40, rounds: int = 3) -> None:
    """The naive docxtpl loop against the compiled template, on the same reports, interleaved."""
    from docxtpl import DocxTemplate

    from reportgen.render.docx import load_template, set_properties, template_path
    from reportgen.render.docx_common import context
    from reportgen.render.docx_compiled import compiled
    from reportgen.render.view import report_view

    cases = []
    for path in sorted(folder.glob("*.yaml"))[:reports]:
        agency = check_file(path).agency
        assert agency is not None
        report = agency.reports[max(agency.reports)]
        view = report_view(agency, report)
        cases.append((agency, report, view, context(view), template_path(report.edition)))

    def naive() -> None:
        for _, _, _, rendering, path in cases:
            document = DocxTemplate(str(path))
            document.render(rendering, autoescape=True)
            document.save(io.BytesIO())

    def ours() -> None:
        for agency, report, view, rendering, path in cases:
            template = compiled(load_template(path.resolve(), report.edition.year))
            template.render(rendering, lambda properties: set_properties(properties, view, agency, report))  # noqa: B023

    naive(), ours()  # warm: imports, and the template compiled once (as a worker does)
    times: dict[str, list[float]] = {"naive": [], "ours": []}
    for _ in range(rounds):
        for name, function in (("naive", naive), ("ours", ours)):
            start = time.process_time()
            function()
            times[name].append((time.process_time() - start) / len(cases) * 1000)
    slow, fast = min(times["naive"]), min(times["ours"])
    print(f"Word per report (CPU, {len(cases)} reports, best of {rounds}): naive docxtpl loop {slow:.1f} ms, "
          f"reportgen {fast:.1f} ms: {slow / fast:.1f}× faster", flush=True)


def where_the_time_goes(folder: Path, files: int = 100, rounds: int = 3) -> None:
    """CPU per file in one process, by stage, for a build of the latest year (best of `rounds`)."""
    from reportgen.build import BuildOptions, prepare
    from reportgen.load import load_agency
    from reportgen.load.tree import parse_tree, read_text
    from reportgen.render.docx import render_docx
    from reportgen.render.html import render_html
    from reportgen.validate import validate

    paths = sorted(folder.glob("*.yaml"))[:files]
    prepare(BuildOptions())
    texts = [(read_text(path), str(path)) for path in paths]
    agencies = [load_agency(path)[0] for path in paths]
    latest = [(agency, agency.reports[max(agency.reports)]) for agency in agencies if agency is not None]
    stages = {  # each result dropped at once, as in a build (kept, they would slow the garbage collector)
        "YAML parsing": lambda: _each(lambda item: parse_tree(*item), texts),
        "loading (parsing included)": lambda: _each(load_agency, paths),
        "the rules": lambda: _each(validate, [agency for agency in agencies if agency is not None]),
        "the web page": lambda: _each(lambda item: render_html(*item), latest),
        "the Word document": lambda: _each(lambda item: render_docx(*item), latest),
    }
    figures = []
    for name, stage in stages.items():
        stage()
        best = min(_cpu(stage) for _ in range(rounds))
        figures.append(f"{name} {best / len(paths) * 1000:.1f} ms")
    print(f"where the time goes (CPU per file in one process, {len(paths)} files, each file's years checked, "
          f"its latest report built): " + "; ".join(figures), flush=True)


def _each(function: Callable[[Any], object], items: list[Any]) -> None:
    for item in items:
        function(item)


def _cpu(function: object) -> float:
    start = time.process_time()
    function()  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-file build")
    arguments = parser.parse_args()
    print(f"machine: {cpus()} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f} at start",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as temporary:
        work = Path(temporary)
        started = time.perf_counter()
        district = work / "district"
        write_district(district, 1000)
        reports = sum(len(check_file(path).years) for path in sorted(district.glob("*.yaml"))[:100]) * 10
        print(f"synthetic district: 1,000 agency files, about {reports:,} reports "
              f"({sum(p.stat().st_size for p in district.glob('*.yaml')) / 2**20:.0f} MiB), "
              f"written in {time.perf_counter() - started:.1f} s", flush=True)
        timed("reportgen --help", [*REPORTGEN, "--help"], 10)
        timed("reportgen check agencies/erqi.yaml", [*REPORTGEN, "check", "agencies/erqi.yaml"], 10)
        timed("reportgen check (1,000 files)", [*REPORTGEN, "check", str(district), "--quiet"], 3)
        out = work / "out"
        build = [*REPORTGEN, "build", str(district), "--format", "html,docx", "--out", str(out), "--quiet"]
        timed("reportgen build --format html,docx (1,000 files, 1,000 reports)", build, 3)
        word_ratio(district)
        where_the_time_goes(district)
        if not arguments.quick:
            big = work / "district-10000"
            write_district(big, 10000)
            big_out = work / "out-10000"
            timed("reportgen build --format html,docx (10,000 files, 10,000 reports)",
                  [*REPORTGEN, "build", str(big), "--format", "html,docx", "--out", str(big_out), "--quiet"], 1)
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)


if __name__ == "__main__":
    main()
