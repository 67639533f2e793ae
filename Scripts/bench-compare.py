#!/usr/bin/env python3
"""crmbot serve beside Redis, in one run, on one loopback (standard library only).

For each client count (50 and 1,000 by default) it runs, back to back:

- Redis: `redis-benchmark` against a local `redis-server` started on a free port
  in a temporary directory, with `appendonly yes` and `appendfsync always` (every
  write fsynced before its reply), PING_INLINE and SET, one request at a time per
  connection (no pipelining), as many connections as crmbot's clients.
- crmbot: the real `crmbot serve` on a fresh database and a loopback TCP port,
  with the same number of connections (one rep each), each sending its requests
  one at a time: a read (`show <its customer>`) and a write (`log visit to <its
  customer> today: …`). Each client first adds its customer, untimed.

It prints throughput, p50 and p99, the server's own CPU time per request (read
from /proc, so a client that is slower than the server does not hide the
server's cost), and the ratios crmbot ÷ Redis: reads against PING_INLINE,
writes against SET.

With --interference DB (a generated database, see Scripts/bench-insights.sh) a
last row serves a copy of DB and runs 50 reps' reads twice, once alone and once
while an admin asks "who is at risk" in a loop, and prints what the admin cost
the reps.

The figures are only comparable within one run: the machine is shared.

Usage:
    Scripts/bench-compare.py [--bin .build/release/crmbot] [--clients 50,1000]
        [--requests 20] [--durability normal|full] [--interference DB]
"""
import argparse
import asyncio
import importlib.util
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_load", os.path.join(HERE, "bench-load.py"))
bench_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_load)
TOKEN = bench_load.TOKEN


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- Redis -------------------------------------------------------------------

def start_redis(tmp):
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", tmp, "--save", "",
         "--appendonly", "yes", "--appendfsync", "always", "--maxclients", "4000", "--daemonize", "no",
         "--logfile", os.path.join(tmp, "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("redis-server did not start")


def redis_row(port, pid, test, clients, requests):
    """Runs redis-benchmark for one test; returns (req/s, p50 ms, p99 ms, server CPU s)."""
    before = cpu_seconds(pid)
    out = subprocess.run(
        ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", str(clients), "-n", str(requests),
         "-t", test, "--csv"], capture_output=True, text=True, timeout=600, check=True).stdout
    spent = cpu_seconds(pid) - before
    for line in out.splitlines():
        cells = [c.strip('"') for c in line.split(",")]
        if cells and cells[0].upper().startswith(test.upper().replace("_", "_")):
            # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            return float(cells[1]), float(cells[4]), float(cells[6]), spent
    raise SystemExit("redis-benchmark printed no %s row:\n%s" % (test, out))


# ---- crmbot ------------------------------------------------------------------

def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def crm_scenario(host, port, pid, plans, extra=None):
    """plans: [(rep, setup texts, timed texts)]. Returns (n, seconds, p50, p99, server CPU s, errors);
    `extra`, if given, runs beside the timed requests and is cancelled after them."""
    latencies, errors = [], []
    go = asyncio.Event()
    connected = 0

    def ready():
        nonlocal connected
        connected += 1  # the clock starts below, when every client is ready; only then `go`

    tasks = [asyncio.create_task(bench_load.client(host, port, rep, texts, latencies, errors, ready, go, setup=setup))
             for rep, setup, texts in plans]
    deadline = time.time() + 600
    while connected < len(plans) and time.time() < deadline:
        await asyncio.sleep(0.05)
        if any(t.done() and t.exception() for t in tasks):
            break
    before = cpu_seconds(pid)
    t0 = time.perf_counter()
    go.set()
    side = asyncio.create_task(extra()) if extra else None
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=600)
    elapsed = time.perf_counter() - t0
    spent = cpu_seconds(pid) - before
    if side:  # the side loop counts what it did itself (AdminLoop.asked)
        side.cancel()
        try:
            await side
        except asyncio.CancelledError:
            pass
    return len(latencies), elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), spent, errors


def crm_plans(kind, clients, requests, tag):
    plans = []
    for c in range(clients):
        rep = "Cmp Rep %d" % c
        customer = "Cmp %s %d" % (tag, c)
        setup = ["add customer %s" % customer]
        if kind == "read":
            texts = ["show %s" % customer] * requests
        else:
            texts = ["log visit to %s today: check-in %d" % (customer, i) for i in range(requests)]
        plans.append((rep, setup, texts))
    return plans


def start_crmbot(binary, work, clients, durability, db=None):
    extra = ["--durability", durability] if durability != "normal" else []
    proc, ports = bench_load.start_server(binary, work, 2 * clients + 100, extra=extra, db=db)
    return proc, ports["tcp"]


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()


# ---- interference -----------------------------------------------------------

class AdminLoop:
    """Asks "who is at risk" as the admin over its own connection until cancelled."""

    def __init__(self, host, port, admin):
        self.host, self.port, self.admin, self.asked = host, port, admin, 0

    async def __call__(self):
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 24)
        writer.write(('{"auth":"%s"}\n' % TOKEN).encode())
        await writer.drain()
        await reader.readline()
        try:
            while True:
                writer.write(('{"id":%d,"user":"%s","text":"who is at risk"}\n' % (self.asked, self.admin)).encode())
                await writer.drain()
                await reader.readline()
                self.asked += 1
        finally:
            writer.close()


def interference(binary, tmp, db, requests):
    work = os.path.join(tmp, "interference")
    os.mkdir(work)
    copy = os.path.join(work, "bench.sqlite")
    subprocess.run(["sqlite3", db, ".backup '%s'" % copy], check=True)
    admin = subprocess.run(["sqlite3", copy, "SELECT name FROM reps WHERE role = 'admin' ORDER BY id LIMIT 1"],
                           capture_output=True, text=True, check=True).stdout.strip()
    reps = subprocess.run(["sqlite3", copy, "SELECT r.name, (SELECT c.name FROM customers c WHERE c.owner_id = r.id "
                           "ORDER BY c.id LIMIT 1) FROM reps r WHERE r.role = 'rep' ORDER BY r.id LIMIT 50"],
                          capture_output=True, text=True, check=True).stdout.strip().splitlines()
    plans = []
    for line in reps:
        rep, _, customer = line.partition("|")
        plans.append((rep, [], ["show %s" % customer] * requests))
    proc, port = bench_load.start_server(binary, work, 400, extra=[], db=copy)
    host, port = port["tcp"]
    try:
        alone = asyncio.run(crm_scenario(host, port, proc.pid, plans))
        loop = AdminLoop(host, port, admin)
        busy = asyncio.run(crm_scenario(host, port, proc.pid, plans, extra=loop))
    finally:
        code = stop(proc)
    return admin, len(plans), alone, busy, loop.asked, code


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin")
    ap.add_argument("--clients", default="50,1000")
    ap.add_argument("--requests", type=int, default=20, help="crmbot requests per client per row")
    ap.add_argument("--redis-requests", type=int, default=100000, help="redis-benchmark -n")
    ap.add_argument("--durability", choices=["normal", "full"], default="full",
                    help="crmbot's --durability for the write rows (full: fsync per acknowledged write, as appendfsync always)")
    ap.add_argument("--interference", metavar="DB", help="a generated database for the admin-in-a-loop row")
    args = ap.parse_args()
    for tool in ("redis-server", "redis-benchmark"):
        if shutil.which(tool) is None:
            raise SystemExit("%s not found: apt-get install redis-server redis-tools" % tool)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    binary = bench_load.find_binary(args.bin)
    version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2]
    tmp = tempfile.mkdtemp(prefix="crmbot-compare-")
    failures = 0
    try:
        print("== crmbot serve beside Redis %s: %d cores, load average %.1f, %s, crmbot --durability %s for writes"
              % (version.replace("v=", ""), os.cpu_count(), os.getloadavg()[0], time.strftime("%Y-%m-%d %H:%M"), args.durability))
        head = "%-34s %7s %9s %9s %8s %8s %10s" % ("row", "clients", "requests", "req/s", "p50 ms", "p99 ms", "server µs/req")
        print(head)
        for clients in [int(c) for c in args.clients.split(",") if c]:
            rtmp = os.path.join(tmp, "redis%d" % clients)
            os.mkdir(rtmp)
            redis, port = start_redis(rtmp)
            try:
                redis_rows = {}
                for test in ("ping_inline", "set"):
                    rps, p50, p99, spent = redis_row(port, redis.pid, test, clients, args.redis_requests)
                    redis_rows[test] = rps
                    print("%-34s %7d %9d %9.0f %8.2f %8.2f %10.1f" % ("redis " + test.upper(), clients, args.redis_requests,
                                                                       rps, p50, p99, spent / args.redis_requests * 1e6))
            finally:
                redis.terminate()
                redis.wait(timeout=30)
            for kind, durability in (("read", "normal"), ("write", args.durability)):
                work = os.path.join(tmp, "crm-%s-%d" % (kind, clients))
                os.mkdir(work)
                proc, (host, port) = start_crmbot(binary, work, clients, durability)
                try:
                    n, elapsed, p50, p99, spent, errors = asyncio.run(
                        crm_scenario(host, port, proc.pid, crm_plans(kind, clients, args.requests, kind)))
                finally:
                    code = stop(proc)
                rps = n / elapsed
                peer = redis_rows["ping_inline" if kind == "read" else "set"]
                label = "crmbot %s (%s)" % ("show" if kind == "read" else "log visit", durability)
                print("%-34s %7d %9d %9.0f %8.2f %8.2f %10.1f   %.3f× redis %s"
                      % (label, clients, n, rps, p50, p99, spent / max(n, 1) * 1e6, rps / peer,
                         "PING_INLINE" if kind == "read" else "SET"))
                if errors or code != 0:
                    print("   errors: %d, exit %d, first: %r" % (len(errors), code, errors[:1]))
                    failures += 1
        if args.interference:
            admin, count, alone, busy, asked, code = interference(binary, tmp, args.interference, args.requests * 5)
            a_rps, b_rps = alone[0] / alone[1], busy[0] / busy[1]
            print("== interference on %s: %d reps reading (`show`), then again while %s asks \"who is at risk\" in a loop"
                  % (os.path.basename(args.interference), count, admin))
            print("%-34s %7d %9d %9.0f %8.2f %8.2f" % ("reps alone", count, alone[0], a_rps, alone[2], alone[3]))
            print("%-34s %7d %9d %9.0f %8.2f %8.2f   admin answered %d times; reps lost %.1f%% of their throughput"
                  % ("reps beside the admin's loop", count, busy[0], b_rps, busy[2], busy[3], asked,
                     100 * (1 - b_rps / a_rps)))
            if alone[5] or busy[5] or code != 0:
                failures += 1
        return 0 if failures == 0 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
