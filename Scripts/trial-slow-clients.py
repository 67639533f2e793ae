#!/usr/bin/env python3
"""Slow and hostile clients must not starve a healthy one (issue 8's slow-client trial).

Usage: Scripts/trial-slow-clients.py [--crmbot PATH] [--rounds N] [--requests N] [--seed S]

Starts the real `crmbot serve` on loopback TCP (fresh database and token file) with small
limits (--max-connections 200, --login-timeout 2, --idle-timeout 3) and, each round:
  1. a healthy client logs in and sends --requests messages one at a time (baseline);
  2. then opens, all at once, from the same address:
       * 400 connections that send "{" and never log in (more than the server has slots),
       * 20 logged-in clients that dribble a byte every 0.25 s and never end a line,
       * 20 logged-in clients that send requests with big replies and never read them,
       * 20 connections that connect and send nothing at all;
     and while they are open the healthy client logs in again (a fresh connection) and
     sends the same messages, measuring each reply's latency;
  3. checks that the server closed the clients that never logged in (login deadline)
     and those that only dribbled (a byte does not reset the idle timer), that the
     healthy client was never refused and every reply was ok, and that the server
     still answers and exits 0 on SIGTERM.
Prints per round: baseline and loaded p50/p99, refused logins, closed attackers.
Exit 1 on any failure. The latency figures are measurements, not pass criteria; the only
time limit is a hang detector (a reply within 30 s).
"""
import argparse, asyncio, json, os, random, resource, signal, socket, subprocess, sys, tempfile, time

TOKEN = "trial-token-0123456789abcdef"
ap = argparse.ArgumentParser()
ap.add_argument('--crmbot', default='.build/debug/crmbot')
ap.add_argument('--rounds', type=int, default=1)
ap.add_argument('--requests', type=int, default=60)
ap.add_argument('--seed', type=int, default=20261130)
a = ap.parse_args()
rng = random.Random(a.seed)
HANG = 30.0


def start_server(tmp):
    tokens = os.path.join(tmp, 'tokens')
    with open(tokens, 'w') as f:
        f.write('%s trial\n' % TOKEN)
    os.chmod(tokens, 0o600)
    cmd = [os.path.abspath(a.crmbot), 'serve', '--db', os.path.join(tmp, 'crm.sqlite'), '--tcp', '127.0.0.1:0',
           '--tokens', tokens, '--now', '2026-11-22T09:00', '--max-connections', '200', '--max-per-address', '0',
           '--login-timeout', '2', '--idle-timeout', '3', '--rate', '0']
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if 'listening on tcp ' in line:
            host, _, port = line.strip().rsplit('listening on tcp ', 1)[1].rpartition(':')
            return proc, host, int(port)
    proc.kill()
    sys.exit('the server did not report its port')


async def login(host, port):
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 22)
    writer.write(('{"auth":"%s"}\n' % TOKEN).encode())
    await writer.drain()
    reply = await asyncio.wait_for(reader.readline(), HANG)
    return reader, writer, reply


async def healthy(host, port, texts):
    """(latencies in ms, failures) for one logged-in client sending `texts` one at a time."""
    failures = []
    reader, writer, reply = await login(host, port)
    if b'"ok":true' not in reply:
        return [], ['login refused: %r' % reply[:200]]
    latencies = []
    for i, text in enumerate(texts):
        t0 = time.perf_counter()
        writer.write((json.dumps({'id': i, 'user': 'Healthy Rep', 'text': text}) + '\n').encode())
        await writer.drain()
        try:
            line = await asyncio.wait_for(reader.readline(), HANG)
        except asyncio.TimeoutError:
            failures.append('no reply within %ds to %r' % (HANG, text))
            break
        latencies.append((time.perf_counter() - t0) * 1000)
        if b'"ok":true' not in line:
            failures.append('reply to %r: %r' % (text, line[:200]))
    writer.close()
    return latencies, failures


async def closed_by_server(reader, within):
    """True when the server closes the connection within `within` seconds."""
    try:
        end = time.time() + within
        while time.time() < end:
            data = await asyncio.wait_for(reader.read(65536), max(0.1, end - time.time()))
            if not data:
                return True
    except (asyncio.TimeoutError, ConnectionError):
        return False
    return False


async def never_logs_in(host, port, results):
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(b'{')
        await writer.drain()
        results.append(await closed_by_server(reader, 2 + 10))
        writer.close()
    except ConnectionError:
        results.append(True)  # refused outright: also fine, the slots are full


async def silent(host, port, results):
    try:
        reader, writer = await asyncio.open_connection(host, port)
        results.append(await closed_by_server(reader, 2 + 10))
        writer.close()
    except ConnectionError:
        results.append(True)


async def dribbler(host, port, results, stop):
    try:
        reader, writer, reply = await login(host, port)
        if b'"ok":true' not in reply:
            results.append(True)  # no slot for it: fine
            return
        closed = False
        payload = b'{"id":1,"user":"Drip Rep","text":"list customers' + b' ' * 10000
        end = time.time() + 3 + 10
        for byte in payload:
            if time.time() > end or stop.is_set():
                break
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                closed = True
                break
            try:
                data = await asyncio.wait_for(reader.read(65536), 0.25)
                if not data:
                    closed = True
                    break
            except asyncio.TimeoutError:
                pass
        results.append(closed)
        writer.close()
    except ConnectionError:
        results.append(True)


async def never_reads(host, port, stop):
    """Logs in, then sends requests with long replies and never reads them."""
    try:
        reader, writer, reply = await login(host, port)
        i = 0
        while not stop.is_set():
            writer.write((json.dumps({'id': i, 'user': 'Deaf Rep', 'text': 'help'}) + '\n').encode())
            i += 1
            try:
                await asyncio.wait_for(writer.drain(), 0.5)
            except asyncio.TimeoutError:
                await asyncio.sleep(0.2)  # the server stopped reading us: good
            except ConnectionError:
                return
        writer.transport.abort()
    except ConnectionError:
        return


async def round_(host, port, n):
    texts = [rng.choice(['add customer Slow Trial %d-%d' % (n, i), "what's due today", 'help', 'list customers',
                         'log visit to Slow Trial %d-0: checked' % n]) for i in range(a.requests)]
    texts[0] = 'add customer Slow Trial %d-0' % n
    base, base_fail = await healthy(host, port, texts)
    stop = asyncio.Event()
    unlogged, quiet, drips = [], [], []
    attackers = [asyncio.create_task(never_logs_in(host, port, unlogged)) for _ in range(400)]
    attackers += [asyncio.create_task(silent(host, port, quiet)) for _ in range(20)]
    attackers += [asyncio.create_task(dribbler(host, port, drips, stop)) for _ in range(20)]
    deaf = [asyncio.create_task(never_reads(host, port, stop)) for _ in range(20)]
    await asyncio.sleep(0.5)  # let the attack take the slots it can
    texts2 = [t.replace('Slow Trial %d-' % n, 'Slow Trial %d-b' % n) for t in texts]
    loaded, loaded_fail = await healthy(host, port, texts2)
    await asyncio.wait_for(asyncio.gather(*attackers), 60)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*deaf), 60)
    return base, base_fail, loaded, loaded_fail, unlogged, quiet, drips


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float('nan')


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    failures = 0
    with tempfile.TemporaryDirectory(prefix='crmbot-slow-') as tmp:
        proc, host, port = start_server(tmp)
        try:
            print('%-5s %12s %12s %12s %12s %8s %14s %10s' % ('round', 'base p50 ms', 'base p99 ms', 'load p50 ms',
                  'load p99 ms', 'refused', 'unlogged shut', 'drips shut'))
            for n in range(a.rounds):
                base, bf, loaded, lf, unlogged, quiet, drips = asyncio.run(round_(host, port, n))
                problems = bf + lf
                if not all(unlogged) or not all(quiet):
                    problems.append('%d of %d connections that never logged in were left open'
                                    % (unlogged.count(False) + quiet.count(False), len(unlogged) + len(quiet)))
                if not all(drips):
                    problems.append('%d of %d dribblers were left open past the idle timeout' % (drips.count(False), len(drips)))
                refused = sum(1 for p in problems if 'login refused' in p)
                print('%-5d %12.1f %12.1f %12.1f %12.1f %8d %14s %10s' % (
                    n, pct(base, .5), pct(base, .99), pct(loaded, .5), pct(loaded, .99), refused,
                    '%d/%d' % (unlogged.count(True) + quiet.count(True), len(unlogged) + len(quiet)),
                    '%d/%d' % (drips.count(True), len(drips))))
                for p in problems:
                    print('   FAIL: %s' % p)
                failures += len(problems)
            # Still answering after the attack, and a clean exit.
            _, after = asyncio.run(healthy(host, port, ['help']))
            failures += len(after)
            for p in after:
                print('   FAIL after the attack: %s' % p)
            with open('/proc/%d/status' % proc.pid) as f:
                peak = next((l.split()[1] for l in f if l.startswith('VmHWM:')), '?')
            print('server peak memory: %s kB' % peak)
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)
            if code != 0:
                print('   FAIL: the server exited %d on SIGTERM' % code)
                failures += 1
        finally:
            if proc.poll() is None:
                proc.kill()
    print('slow clients: %d rounds, %d failures' % (a.rounds, failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
