"""The analyst's page in real Chromium: seconds until each view shows its data, p50 and p95.

Serves a store with ``tacitus serve`` (a subprocess on a free loopback port), opens the page in
Debian's headless Chromium through Playwright, and for each view sets the page's hash and times
until the page marks the view ready (``<body data-ready>``, set once the view's data is drawn).
Views are visited in turn, ``--repeat`` rounds, so no view is timed twice in a row; the first
round warms the caches and is not counted. Then ``--clients`` threads ask the API for the
same views' data at once, to show whether any request times out (503) under that load.

The machine may be shared: the load average (``uptime``) is printed before and after the figures.

    python -m bench.query_latency --db /tmp/q1m.db --keep --only none   # build a 1M-event store once
    python -m bench.web_page --db /tmp/q1m.db                            # then time the page on it
    python -m bench.web_page --db /tmp/q1m.db --repeat 10 --clients 20
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

# Each view as a route of the page, and the API requests that view makes (for the load test).
VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "overview": ("#/", ("/api/actors?limit=16", "/api/events?limit=12", "/api/network?level=country&limit=500&top=100")),
    "actor USA": ("#/actor/USA", ("/api/actors/USA", "/api/events?actor=USA&order=-date&limit=50")),
    "actor IRN 2024": (
        "#/actor/IRN?start=2024-01-01&end=2024-12-31",
        ("/api/actors/IRN", "/api/events?actor=IRN&start=2024-01-01&end=2024-12-31&order=-date&limit=50"),
    ),
    "dyad IRN-CHN": (
        "#/dyad/IRN/CHN",
        ("/api/dyad?a=IRN&b=CHN&freq=month", "/api/events?a=IRN&b=CHN&order=-date&limit=50"),
    ),
    "dyad USA-CHN by day": (
        "#/dyad/USA/CHN?freq=day",
        ("/api/dyad?a=USA&b=CHN&freq=day", "/api/events?a=USA&b=CHN&order=-date&limit=50"),
    ),
    "network countries": ("#/network", ("/api/network?level=country&top=50&limit=500&layout=true",)),
    "network around IRN": (
        "#/network?actor=IRN",
        ("/api/network?actor=IRN&level=country&top=50&limit=500&layout=true",),
    ),
    "network actors": ("#/network?level=actor", ("/api/network?level=actor&top=50&limit=500&layout=true",)),
    "network actors top 200": (
        "#/network?level=actor&top=200",
        ("/api/network?level=actor&top=200&limit=500&layout=true",),
    ),
    "search IRN": ("#/search/IRN", ("/api/search?q=IRN&limit=20", "/api/events?q=IRN&limit=50")),
    "search a": ("#/search/a", ("/api/search?q=a&limit=20", "/api/events?q=a&limit=50")),
}
EXTRA_URLS = ("/api/network?top=2000", "/api/network?actor=IRN", "/api/events?q=a")
WAIT_MS = 60_000


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return f"load average {os.getloadavg()}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: Path, log: Path) -> Iterator[str]:
    """`tacitus serve --db DB` on a free loopback port, until the block ends."""
    import httpx

    port = free_port()
    command = [sys.executable, "-c", "from tacitus.cli import run; run()", "serve", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                if process.poll() is not None:
                    raise RuntimeError(f"tacitus serve exited: {log.read_text()}")
                try:
                    if httpx.get(f"{base}/api/stats", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


# Set the hash and resolve with the milliseconds until the page marks that view ready.
TIME_VIEW = """
(route) => new Promise((resolve) => {
  const started = performance.now();
  setTimeout(() => resolve(-1), 30000);  // never drawn (an error, or a page that cannot show it)
  const done = () => document.body.dataset.ready === route;
  const observer = new MutationObserver(() => {
    if (done()) { observer.disconnect(); resolve(performance.now() - started); }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-ready"] });
  window.location.hash = route;
})
"""


def time_page(base: str, repeat: int, only: str | None) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("no chromium on PATH: `make browser` installs Debian's")
    wanted = [part.strip() for part in only.split(",")] if only else []
    views = {name: view for name, view in VIEWS.items() if not wanted or any(w in name for w in wanted)}
    seconds: dict[str, list[float]] = {name: [] for name in views}
    failed: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT_MS)
        page.goto(f"{base}/#/dyad")
        page.locator("body[data-ready]").wait_for(state="attached")
        for round_ in range(repeat + 1):
            for name, (route, _) in views.items():
                page.evaluate("() => { window.location.hash = '#/dyad'; }")  # a view that asks for nothing
                page.locator("body[data-ready='#/dyad']").wait_for(state="attached")
                took = float(page.evaluate(TIME_VIEW, route)) / 1000
                status = page.locator("#status")
                if status.is_visible():
                    print(f"  {name}: the page reported {status.inner_text()!r}", flush=True)
                if took < 0:
                    print(f"  {name}: not drawn within 30 s", flush=True)
                    failed[name] = failed.get(name, 0) + 1
                elif round_:  # the first round warms the caches
                    seconds[name].append(took)
        browser.close()
    return seconds


def load_test(base: str, clients: int, rounds: int) -> dict[str, Any]:
    """``clients`` threads each asking for every view's requests ``rounds`` times, all at once."""
    import httpx

    urls = [url for _, requests in VIEWS.values() for url in requests] + list(EXTRA_URLS)
    times: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(index: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            start.wait()
            for k in range(rounds):
                for url in urls[index % len(urls) :] + urls[: index % len(urls)]:
                    began = time.perf_counter()
                    try:
                        status = http.get(url).status_code
                    except httpx.TimeoutException:
                        status = 0
                    took = time.perf_counter() - began
                    with lock:
                        times.append(took)
                        statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    values = np.array(times)
    return {
        "requests": len(times),
        "statuses": statuses,
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "max": float(values.max()),
        "wall": time.perf_counter() - began,
    }


def time_api(base: str, repeat: int) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=60) as http:
        for url in EXTRA_URLS:
            http.get(url)
            runs = []
            for _ in range(repeat):
                began = time.perf_counter()
                status = http.get(url).status_code
                runs.append(time.perf_counter() - began)
            print(f"  {url:45} {status}  p50 {np.percentile(runs, 50):6.3f} s  max {max(runs):6.3f} s", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the store to serve (default: a 100k-event store built in a temporary folder)")
    parser.add_argument("--events", type=int, default=100_000, help="events of the store built without --db")
    parser.add_argument("--repeat", type=int, default=5, help="timed visits of each view (after one warm-up)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent API clients of the load test (0: none)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the views' requests per client")
    parser.add_argument("--only", help="time only the views whose name holds one of these texts (comma-separated)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tacitus-web-bench-") as folder:
        db = args.db
        if db is None:
            from bench.query_latency import build

            db = Path(folder) / "bench.db"
            print(f"building a store of {args.events:,} synthetic events in {db} ...", flush=True)
            build(db, args.events)
        with serving(db, Path(folder) / "serve.log") as base:
            print(f"store {db}; {uptime()}", flush=True)
            seconds = time_page(base, args.repeat, args.only)
            print(f"\n{'view (seconds until drawn)':28} {'p50':>7} {'p95':>7} {'max':>7}  n")
            for name, values in seconds.items():
                if values:
                    print(f"{name:28} {np.percentile(values, 50):7.3f} {np.percentile(values, 95):7.3f} {max(values):7.3f}  {len(values)}")
            print(f"\n{uptime()}", flush=True)
            print("\nslow API requests of issue 13, one client:")
            time_api(base, max(3, args.repeat))
            if args.clients:
                result = load_test(base, args.clients, args.rounds)
                print(
                    f"\n{args.clients} concurrent clients: {result['requests']} requests in {result['wall']:.1f} s,"
                    f" p50 {result['p50']:.3f} s, p95 {result['p95']:.3f} s, max {result['max']:.3f} s,"
                    f" statuses {result['statuses']} (503 = query timeout, 0 = client timeout)"
                )
            print(f"{uptime()}  (the machine is shared with other work: figures vary with its load)")


if __name__ == "__main__":
    main()
