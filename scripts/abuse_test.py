#!/usr/bin/env python3
"""The endpoint under abuse (issue 17), against a running `tupu serve`.

Usage: abuse_test.py URL PID DEADLINE_MS TUPU DB

Measures, on 127.0.0.1 only, with bounded loops:
  1. 8 concurrent cross-join queries: each must be 503 within the deadline
     plus 1 s; the server's CPU must be idle within 2 s after the last one;
     a cheap query must succeed within 1 s after that.
  2. 1,100 slow connections (headers sent one byte a second): normal
     queries meanwhile must all be answered; prints their p50/p99.
  3. `tupu query --timeout 3` of the cross join: stops by 4 s with exit 2
     and a message; prints its peak RSS.
  4. SIGTERM with 4 cross joins in flight: the server exits within 5 s.
Prints one line per measure and exits 1 if a bar is missed.
"""

import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "SELECT ?s WHERE { ?s a ?t } LIMIT 5"
TICKS = os.sysconf("SC_CLK_TCK")
# Loading the store before the deadline starts (seconds allowed for it).
LOAD_SLACK = 6
failures = []


def check(ok, line):
    print(("ok   " if ok else "FAIL ") + line, flush=True)
    if not ok:
        failures.append(line)


def query(url, text, timeout=30):
    """(status, seconds) of one GET query."""
    start = time.monotonic()
    req = url + "/sparql?" + urllib.parse.urlencode({"query": text})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except (OSError, urllib.error.URLError):
        status = -1
    return status, time.monotonic() - start


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def idle_after(pid, limit):
    """Seconds until the process uses < 10 % of a core over 0.25 s, or None."""
    start = time.monotonic()
    while time.monotonic() - start < limit + 1:
        before = cpu_seconds(pid)
        time.sleep(0.25)
        if cpu_seconds(pid) - before < 0.025:
            return time.monotonic() - start
    return None


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cross_joins(url, pid, deadline):
    results = [None] * 8
    def run(i):
        results[i] = query(url, CROSS)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(s for s, _ in results)
    slowest = max(t for _, t in results)
    check(
        all(s == 503 for s in statuses) and slowest <= deadline + 1,
        f"8 concurrent cross joins: statuses {statuses}, slowest {slowest:.2f} s "
        f"(deadline {deadline:.1f} s + 1 s), server RSS {rss_mb(pid):.0f} MB",
    )
    idle = idle_after(pid, 2)
    check(idle is not None and idle <= 2, f"CPU idle {idle if idle is None else round(idle, 2)} s after the last 503 (bar 2 s)")
    status, took = query(url, CHEAP)
    check(status == 200 and took <= 1, f"cheap query after: {status} in {took:.3f} s (bar 1 s)")


def slow_clients(url, n=1100, seconds=12):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, n + 256)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    assert host == "127.0.0.1", "loopback only"
    socks = []
    stop = threading.Event()

    def open_and_trickle():
        for _ in range(n):
            if stop.is_set():
                break
            try:
                s = socket.create_connection((host, int(port)), timeout=2)
                s.setblocking(False)
                s.send(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
                socks.append(s)
            except OSError:
                pass
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stop.is_set():
            for s in list(socks):
                try:
                    s.send(b"X")
                except OSError:
                    pass
            time.sleep(1)

    attacker = threading.Thread(target=open_and_trickle)
    attacker.start()
    time.sleep(1)
    latencies, bad = [], 0
    end = time.monotonic() + seconds - 2
    while time.monotonic() < end:
        status, took = query(url, CHEAP, timeout=30)
        latencies.append(took)
        if status != 200:
            bad += 1
        time.sleep(0.05)
    opened = len(socks)
    stop.set()
    attacker.join()
    for s in socks:
        s.close()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    check(
        bad == 0 and latencies,
        f"{opened} slow connections: {len(latencies)} normal queries, {bad} failed, "
        f"p50 {p(0.5) * 1000:.0f} ms, p99 {p(0.99) * 1000:.0f} ms",
    )


def cli_query(tupu, db):
    start = time.monotonic()
    r = subprocess.run(
        [tupu, "--db", db, "query", "--timeout", "3", CROSS],
        capture_output=True, text=True, timeout=60,
    )
    took = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    message = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    check(
        r.returncode == 2 and "--timeout 3 s" in message and took <= 4 + LOAD_SLACK,
        f"tupu query --timeout 3 cross join: exit {r.returncode} after {took:.2f} s, "
        f"peak RSS {peak:.0f} MB (including loading the store): {message}",
    )


def running(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def sigterm_in_flight(url, pid):
    threads = [threading.Thread(target=query, args=(url, CROSS)) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(1)
    start = time.monotonic()
    os.kill(pid, signal.SIGTERM)
    while running(pid) and time.monotonic() - start < 10:
        time.sleep(0.05)
    took = time.monotonic() - start
    check(not running(pid) and took <= 5, f"SIGTERM with 4 cross joins in flight: stopped in {took:.2f} s (bar 5 s)")
    for t in threads:
        t.join()


def main():
    url, pid, deadline_ms, tupu, db = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    cross_joins(url, pid, deadline_ms / 1000)
    slow_clients(url)
    cli_query(tupu, db)
    sigterm_in_flight(url, pid)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
