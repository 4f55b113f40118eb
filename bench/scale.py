"""Requests/s of the public verdict page with one and with two web processes, cached and not.

    .venv/bin/python bench/scale.py [--duration 10] [--connections 8]

One PostgreSQL database (`fc_bench_scale`, the demo desk), one Redis, gunicorn instances of one sync
worker each on two free ports of 127.0.0.1, and nginx on a third in front of one or both of them (the
production shape: config/nginx.conf's proxying, without its micro-cache); wrk runs from a second
process, anonymous, on one published verdict's page. "Not cached" sets
FACTCHECK_PUBLIC_CACHE_SECONDS=0, so every request renders the page from the database; "cached"
reads its fragments from Redis. A last row puts nginx's own cache in front (what a CDN does with
`Cache-Control: public`). Needs PostgreSQL, Redis, wrk and nginx (apt-get install -y wrk nginx-light).

The machine's load average is printed before and after: on a shared machine, other work competes
for the same cores and the figures are only comparable within one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import Cluster, free_ports  # noqa: E402

# Free ports, not fixed ones: test runs and other benches may share this machine.
*PORTS, PROXY_PORT = free_ports(3)


def nginx_conf(
    directory: Path, ports: list[int], *, proxy_cache: bool, listen_port: int = PROXY_PORT
) -> Path:
    """config/nginx.conf for this machine: the given upstream ports, a local cache directory.
    (Also used by tests/scale/test_multiprocess.py, which puts nginx in front of its cluster.)"""
    conf = (ROOT / "config/nginx.conf").read_text()
    conf = re.sub(r"^resolver .*$", "", conf, flags=re.M)
    conf = conf.replace(
        "    server web:8000 resolve;\n",
        "".join(f"    server 127.0.0.1:{port};\n" for port in ports),
    )
    conf = conf.replace("/var/cache/nginx/factcheck", str(directory / "cache"))
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    if not proxy_cache:
        conf = re.sub(r"^\s+proxy_cache(?!_path)\w* .*$", "", conf, flags=re.M)
    (directory / "site.conf").write_text(conf)
    main = directory / "nginx.conf"
    temp = " ".join(
        f"{kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Run as root (tests, benches on a throwaway machine), nginx's workers would become `nobody`,
    # who cannot enter a private temporary directory: keep them the user who started it.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"{user}worker_processes 1;\npid {directory / 'nginx.pid'};\nerror_log {directory / 'error.log'};\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; {temp} include {directory / 'site.conf'}; }}\n"
    )
    return main


def wrk(url: str, *, duration: int, connections: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench/wrk_report.lua"),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise SystemExit(f"wrk gave no result for {url}:\n{out}")
    return {k: float(v) for k, v in (kv.split("=") for kv in match.group(1).split())}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is needed: apt-get install -y wrk nginx-light")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    def load() -> str:
        one, five, fifteen = os.getloadavg()
        return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"

    load_before = load()
    print(f"# before: {load_before}", flush=True)
    rows = []
    with Cluster(database="fc_bench_scale", web_ports=PORTS, workers=0) as cluster:
        cluster.manage("load_demo", "--force")
        index = urllib.request.urlopen(cluster.url(0, "/verdicts/")).read().decode()
        path = re.search(r'href="(/verdicts/\d+/[\w-]+/)"', index).group(1)
        plan = [
            ("not cached", "0", 1, False),
            ("not cached", "0", 2, False),
            ("cached (Redis)", "600", 1, False),
            ("cached (Redis)", "600", 2, False),
            ("cached (Redis) + nginx cache", "600", 2, True),
        ]
        for label, seconds, n, proxy_cache in plan:
            cluster.env["FACTCHECK_PUBLIC_CACHE_SECONDS"] = seconds
            cluster.restart_webs()
            with tempfile.TemporaryDirectory(prefix="fc-nginx-") as tmp:
                conf = nginx_conf(Path(tmp), PORTS[:n], proxy_cache=proxy_cache)
                proxy = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"])
                try:
                    if proxy.poll() is not None:
                        raise SystemExit(f"nginx did not start: {conf}")
                    url = f"http://127.0.0.1:{PROXY_PORT}{path}"
                    cluster.wait_for_url(url)
                    wrk(url, duration=2, connections=args.connections)  # warm up
                    result = wrk(url, duration=args.duration, connections=args.connections)
                except BaseException:
                    print((Path(tmp) / "error.log").read_text(), file=sys.stderr)
                    raise
                finally:
                    proxy.send_signal(signal.SIGQUIT)
                    proxy.wait(timeout=10)
            rows.append((label, n, result))
            print(
                f"# {label:<30} {n} web process{'es' if n > 1 else ''}: {result['rps']:8.1f} req/s  "
                f"p50 {result['p50_ms']:6.1f} p99 {result['p99_ms']:6.1f} ms  "
                f"non-2xx {result['non2xx']:.0f} errors {result['errors']:.0f}  "
                f"(1-min load {os.getloadavg()[0]:.2f})",
                flush=True,
            )

    load_after = load()
    print(
        f"\n### The public verdict page ({path}), anonymous; wrk -t2 -c{args.connections}, "
        f"{args.duration} s; gunicorn sync workers behind nginx\n\n"
        f"Machine: {load_before} before the run, {load_after} after it.\n"
    )
    print("| public verdict page | web processes | req/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for label, n, r in rows:
        print(f"| {label} | {n} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |")
    by = {(label, n): r["rps"] for label, n, r in rows}
    print(
        f"\nTwo web processes ÷ one: {by[('not cached', 2)] / by[('not cached', 1)]:.2f}× not "
        f"cached, {by[('cached (Redis)', 2)] / by[('cached (Redis)', 1)]:.2f}× cached. Cached ÷ not "
        f"cached: {by[('cached (Redis)', 1)] / by[('not cached', 1)]:.2f}× with one process, "
        f"{by[('cached (Redis)', 2)] / by[('not cached', 2)]:.2f}× with two."
    )


if __name__ == "__main__":
    main()
