#!/usr/bin/env python3
"""Load benchmark for crmbot serve (standard library only; loopback only; bounded).

For each client count (100 and 1,000 by default) and each intent (a read:
"what's due today"; a write: "add customer ...") it starts the real server on
a fresh temporary database, token file and loopback TCP port (so every row
starts from the same data), opens that many concurrent connections, each
authenticating and then sending its requests one at a time, and prints
throughput and p50/p99 latency. Each server is then stopped with SIGTERM and
must exit 0.

With --transports tcp,http each row runs once over the JSON Lines TCP listener
and once over HTTP (keep-alive connections, POST /v1/messages with a Bearer
token), the same requests side by side.

Usage:
    Scripts/bench-load.py [--bin .build/release/crmbot] [--clients 100,1000] [--requests 20] [--transports tcp,http]
"""
import argparse
import asyncio
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TOKEN = "bench-token-0123456789abcdef"


def find_binary(explicit):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for candidate in [explicit, os.path.join(root, ".build/release/crmbot"), os.path.join(root, ".build/debug/crmbot")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("crmbot binary not found; build it (swift build -c release --product crmbot) or pass --bin")


def start_server(binary, tmp, max_connections, extra=(), db=None):
    tokens = os.path.join(tmp, "tokens")
    with open(tokens, "w") as f:
        f.write("%s bench\n" % TOKEN)
    os.chmod(tokens, 0o600)
    cmd = [binary, "serve", "--db", db or os.path.join(tmp, "bench.sqlite"), "--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0",
           "--tokens", tokens, "--rate", "0", "--max-connections", str(max_connections),
           "--idle-timeout", "0", "--now", "2026-11-22T09:00",
           # Every bench client comes from 127.0.0.1, and 1,000 of them open at once
           # and log in one after the other: lift the per-address limit and the
           # login deadline.
           "--max-per-address", "0", "--login-timeout", "0"] + list(extra)
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.time() + 30
    ports = {}
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        for kind in ("tcp", "http"):
            if "listening on %s " % kind in line:
                address = line.strip().rsplit("listening on %s " % kind, 1)[1]
                host, _, port = address.rpartition(":")
                ports[kind] = (host, int(port))
        if len(ports) == 2:
            # Keep reading what the server logs, so that a full pipe never blocks it;
            # the lines are kept for the report.
            log = []
            import threading
            threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
            proc.log = log
            return proc, ports
    proc.kill()
    raise SystemExit("the server did not report its port")


async def http_client(host, port, rep, texts, latencies, errors, ready, go):
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
    ready()
    await go.wait()
    for i, text in enumerate(texts):
        body = ('{"id":%d,"user":"%s","text":"%s"}' % (i, rep, text)).encode()
        head = ("POST /v1/messages HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (TOKEN, len(body))).encode()
        t0 = time.perf_counter()
        writer.write(head + body)
        await writer.drain()
        status = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        reply = await reader.readexactly(length)
        latencies.append(time.perf_counter() - t0)
        if b" 200 " not in status or b'"ok":true' not in reply:
            errors.append(status[:50] + reply[:200])
    writer.close()
    try:
        await writer.wait_closed()
    except OSError:
        pass


async def client(host, port, rep, texts, latencies, errors, ready, go, setup=()):
    """Logs in, sends `setup` untimed, then (once `go` is set) `texts` one at a time, timed."""
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
    writer.write(('{"auth":"%s"}\n' % TOKEN).encode())
    await writer.drain()
    if b'"ok":true' not in await reader.readline():
        errors.append("login")
    for i, text in enumerate(setup):
        writer.write(('{"id":"s%d","user":"%s","text":"%s"}\n' % (i, rep, text)).encode())
        await writer.drain()
        reply = await reader.readline()
        if b'"ok":true' not in reply:
            errors.append(b"setup: " + reply[:200])
    ready()
    await go.wait()
    for i, text in enumerate(texts):
        line = '{"id":%d,"user":"%s","text":"%s"}\n' % (i, rep, text)
        t0 = time.perf_counter()
        writer.write(line.encode())
        await writer.drain()
        reply = await reader.readline()
        latencies.append(time.perf_counter() - t0)
        if b'"ok":true' not in reply:
            errors.append(reply[:200])
    writer.close()
    try:
        await writer.wait_closed()
    except OSError:
        pass


async def scenario(host, port, clients, requests, kind, round_no, transport):
    latencies, errors = [], []
    go = asyncio.Event()
    connected = 0

    def ready():
        nonlocal connected
        connected += 1  # the clock starts below, when every client is ready; only then `go`

    tasks = []
    for c in range(clients):
        rep = "Bench Rep %d" % c  # one rep per connection: every row writes 20 customers per rep
        if kind == "read":
            texts = ["what's due today"] * requests
        else:
            texts = ["add customer Bench %d-%d-%d" % (round_no, c, i) for i in range(requests)]
        run = http_client if transport == "http" else client
        tasks.append(asyncio.create_task(run(host, port, rep, texts, latencies, errors, ready, go)))
    await asyncio.sleep(0)
    waited = 0
    while connected < clients and waited < 600:
        await asyncio.sleep(0.05)
        waited += 1
    t0 = time.perf_counter()
    go.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=300)
    elapsed = time.perf_counter() - t0
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
    return len(latencies), elapsed, p(0.50), p(0.99), errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin")
    ap.add_argument("--clients", default="100,1000")
    ap.add_argument("--requests", type=int, default=20, help="requests per client per scenario")
    ap.add_argument("--transports", default="tcp", help="tcp, http or tcp,http")
    args = ap.parse_args()
    transports = [t for t in args.transports.split(",") if t]
    counts = [int(x) for x in args.clients.split(",")]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    binary = find_binary(args.bin)
    tmp = tempfile.mkdtemp(prefix="crmbot-bench-")
    failures = 0
    try:
        print("== crmbot serve load: %s build, %d cores, loopback TCP, %d requests per client, fresh database per row"
              % (os.path.basename(os.path.dirname(binary)), os.cpu_count(), args.requests))
        print("%-6s %-5s %8s %9s %8s %10s %9s %9s %7s %5s" % ("intent", "via", "clients", "requests", "seconds", "req/s", "p50 ms", "p99 ms", "errors", "exit"))
        round_no = 0
        for clients in counts:
            for kind in ("read", "write"):
              for transport in transports:
                round_no += 1
                work = os.path.join(tmp, "round%d" % round_no)
                os.mkdir(work)
                proc, ports = start_server(binary, work, 2 * clients + 100)  # room for all to connect before logging in (90% rule)
                host, port = ports[transport]
                try:
                    n, elapsed, p50, p99, errors = asyncio.run(scenario(host, port, clients, args.requests, kind, round_no, transport))
                    proc.send_signal(signal.SIGTERM)
                    code = proc.wait(timeout=60)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                print("%-6s %-5s %8d %9d %8.2f %10.0f %9.1f %9.1f %7d %5d" % (kind, transport, clients, n, elapsed, n / elapsed, p50, p99, len(errors), code))
                if errors:
                    print("   first error: %r" % (errors[0],))
                if getattr(proc, "log", None) and (errors or code != 0):
                    print("   server log: %s" % "".join(proc.log[-5:]).strip())
                failures += len(errors) + (code != 0)
        return 0 if failures == 0 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
