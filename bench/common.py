"""What every benchmark shares: the machine it ran on, and its section of
docs/performance.md (each benchmark rewrites only its own section, between markers, so
the file holds the latest run of each)."""

import datetime
import os
import platform
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE = ROOT / "docs" / "performance.md"
HEADER = """# Performance

Latest figures of each benchmark under `bench/`, written by the benchmark itself
(`make bench-<name>`): the date and the machine come with each section. Ratios are
measured side by side in one run, against a baseline of the same run, so they hold on a
busy machine better than absolute numbers do. Benchmarks are not tests: CI does not run
them.
"""


def machine() -> str:
    """One line: when, where, what."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True,
                                  timeout=5).stdout.split()[-1]
    except (OSError, subprocess.SubprocessError, IndexError):
        postgres = "?"
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{now}; {os.cpu_count()} cores ({cpu}); Python {platform.python_version()}; "
            f"PostgreSQL {postgres}; load average {load} at the end")


def write_section(name: str, body: str) -> Path:
    """Replace the section of benchmark `name` in docs/performance.md with `body`
    (Markdown, starting with its own `## ` heading), keeping the other sections."""
    start, end = f"<!-- bench-{name} -->", f"<!-- /bench-{name} -->"
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else HEADER
    block = f"{start}\n{body.strip()}\n\n_Measured {machine()}._\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else (
        text.rstrip() + "\n\n" + block + "\n")
    PERFORMANCE.write_text(text)
    return PERFORMANCE
