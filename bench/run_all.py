"""Run every benchmark and write bench/RESULTS.md with the machine description and the date.

    make bench            # or: .venv/bin/python bench/run_all.py [--sizes 1000,50000] [--quick]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379, wrk and nginx
(apt-get install -y wrk nginx-light). Each benchmark prints its own figures; this script runs them
one after another and files their output under a heading each. `--quick` runs small sizes only, to
check the harness.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    pg = (
        subprocess.run(
            ["psql", "postgres://postgres@127.0.0.1:5432/postgres", "-tAc", "SHOW server_version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        or "not reachable"
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} memory, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, PostgreSQL {pg}"
    )


def run(title: str, argv: list[str], out: list[str]) -> None:
    print(f"\n=== {title}: {' '.join(argv)}", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, *argv],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    print(result.stdout, flush=True)
    out.append(
        f"## {title}\n\n`{' '.join(['python', *argv])}` — {elapsed:,.0f} s"
        + ("" if result.returncode == 0 else f" — **exit status {result.returncode}**")
        + "\n\n```\n"
        + result.stdout.strip()
        + "\n```\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,50000", help="desk sizes (articles) for HTTP load")
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs")
    args = parser.parse_args()
    sizes = "200,1000" if args.quick else args.sizes
    duration = "3" if args.quick else "10"
    verdicts = "5000" if args.quick else "15000"
    sections: list[str] = []
    run("Start-up of every management command (manage.py help)", ["bench/startup.py"], sections)
    run(
        "Page cost against the floor, in process, at 5,000 articles",
        ["bench/pages.py", "--articles", "5000", "--repeat", "15" if args.quick else "40"],
        sections,
    )
    run(
        "Ingestion: extraction pipeline vs bare segmenter", ["bench/ingest_throughput.py"], sections
    )
    run("Ingestion into PostgreSQL through the service", ["bench/ingest_db.py"], sections)
    run(
        "Exports vs PostgreSQL COPY",
        [
            "bench/exports.py",
            "--verdicts",
            verdicts,
            "--database-url",
            f"postgres://postgres@127.0.0.1:5432/fc_bench_exports_{verdicts}",
        ],
        sections,
    )
    run("Consensus recompute", ["bench/consensus.py"], sections)
    run(
        "Check-worthiness on CheckThat! 2024 Task 1 (English)",
        ["bench/eval_checkworthiness.py"],
        sections,
    )
    run(
        "HTTP latency at two desk sizes",
        ["bench/http_load.py", "--sizes", sizes, "--duration", duration],
        sections,
    )
    run(
        "The public verdict page with one and two web processes, cached and not",
        ["bench/scale.py", "--duration", duration],
        sections,
    )
    large = sizes.split(",")[-1]
    run(
        f"EXPLAIN ANALYZE of the hot queries at {int(large):,} articles",
        [
            "bench/explain.py",
            "--database-url",
            f"postgres://postgres@127.0.0.1:5432/fc_bench_{large}",
        ],
        sections,
    )
    header = (
        "# Benchmark results\n\n"
        f"Written by `bench/run_all.py` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.\n\n"
        f"Machine: {machine()}.\n\n"
        "Figures are from one run on this machine; ratios are measured within the same run.\n"
    )
    (ROOT / "bench" / "RESULTS.md").write_text(header + "\n" + "\n".join(sections))
    print("\nWrote bench/RESULTS.md")


if __name__ == "__main__":
    main()
