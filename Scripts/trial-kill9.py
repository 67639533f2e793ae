#!/usr/bin/env python3
"""kill -9 trials: no acknowledged write is ever lost, and the file is never damaged.

Usage: Scripts/trial-kill9.py [--crmbot PATH] [--mode stdio|serve|both] [--trials N] [--clients N] [--seed S]

Each trial starts the real binary on a fresh SQLite file, writes through it, and sends
SIGKILL at a random moment (a few ms to ~1.5 s in), then checks the file with sqlite3:
  * every write the bot acknowledged (a reply with ok:true and an id) is in the file;
  * PRAGMA integrity_check says ok, and a second crmbot run opens it and answers.
Modes:
  stdio  one `crmbot --json` process, writes piped as fast as it answers (the first trial
         of each file also kills during creation and migration);
  serve  `crmbot serve` on a Unix socket, N clients writing at once as different reps.
Prints one line per mode: trials, acknowledged writes checked, lost, damaged files.
Exit 1 when anything was lost or damaged. Short by default (20 trials a mode);
use --trials 300 for the long run.
"""
import argparse, json, os, random, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time

ap = argparse.ArgumentParser()
ap.add_argument('--crmbot', default='.build/debug/crmbot')
ap.add_argument('--mode', default='both', choices=['stdio', 'serve', 'both'])
ap.add_argument('--trials', type=int, default=20)
ap.add_argument('--clients', type=int, default=6)
ap.add_argument('--seed', type=int, default=20261130)
a = ap.parse_args()
rng = random.Random(a.seed)
crmbot = os.path.abspath(a.crmbot)
NOW = '2026-11-22T09:00'


def check_file(path, acknowledged):
    """(lost names, damaged?) for the customers the bot said it wrote."""
    try:
        db = sqlite3.connect(path)
        ok = db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
        names = {r[0] for r in db.execute('SELECT name FROM customers')}
        db.close()
    except sqlite3.DatabaseError:
        return list(acknowledged), True
    lost = [n for n in acknowledged if n not in names]
    # A second run opens the file and answers.
    r = subprocess.run([crmbot, '--db', path, '--now', NOW, '--json'], input='{"user":"checker","text":"help"}\n',
                       capture_output=True, text=True, timeout=120)
    reopened = r.returncode == 0 and '"ok":true' in r.stdout
    return lost, (not ok) or (not reopened)


def stdio_trial(n, tmp):
    path = os.path.join(tmp, 'stdio-%d.sqlite' % n)
    p = subprocess.Popen([crmbot, '--db', path, '--now', NOW, '--json'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    acknowledged = []
    # Every fifth trial kills during start-up (creation and migration); the others at a
    # random moment once writes are being acknowledged, so a slow start-up (a debug
    # build on a loaded machine) cannot leave a trial with nothing to check.
    early = n % 5 == 0
    delay = rng.choice([0.0, 0.005, 0.05]) if early else rng.uniform(0.02, 1.0)
    killer = threading.Timer(delay, lambda: p.send_signal(signal.SIGKILL))
    if early:
        killer.start()
    try:
        for i in range(100000):
            if i == 1 and not early:
                killer.start()
            name = 'Kill Trial %d-%d' % (n, i)
            p.stdin.write(json.dumps({'id': i, 'user': 'Li Ming', 'text': 'add customer ' + name}) + '\n')
            p.stdin.flush()
            line = p.stdout.readline()
            if not line:
                break
            reply = json.loads(line)
            if reply.get('ok') and reply.get('data', {}).get('customer_id'):
                acknowledged.append(name)
    except (BrokenPipeError, OSError, ValueError):
        pass
    killer.cancel()
    p.kill()
    p.wait()
    return acknowledged, check_file(path, acknowledged) if os.path.exists(path) else ([], False)


def serve_trial(n, tmp):
    path = os.path.join(tmp, 'serve-%d.sqlite' % n)
    sock = os.path.join(tmp, 's%d.sock' % n)
    tokens = os.path.join(tmp, 'tokens')
    with open(tokens, 'w') as f:
        f.write('%s trial-relay\n' % ('ab' * 16))
    os.chmod(tokens, 0o600)
    p = subprocess.Popen([crmbot, 'serve', '--unix', sock, '--tokens', tokens, '--db', path, '--now', NOW],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.time() + 60
    while not os.path.exists(sock) and time.time() < deadline and p.poll() is None:
        time.sleep(0.01)
    acknowledged = []
    lock = threading.Lock()

    def client(c):
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock)
            f = s.makefile('rw', encoding='utf-8', newline='\n')
            f.write(json.dumps({'auth': 'ab' * 16}) + '\n')
            f.flush()
            f.readline()
            for i in range(100000):
                name = 'Serve Trial %d-%d-%d' % (n, c, i)
                f.write(json.dumps({'id': i, 'user': 'Rep %d' % c, 'text': 'add customer ' + name}) + '\n')
                f.flush()
                line = f.readline()
                if not line:
                    return
                reply = json.loads(line)
                if reply.get('ok') and reply.get('data', {}).get('customer_id'):
                    with lock:
                        acknowledged.append(name)
        except (OSError, ValueError):
            return

    threads = [threading.Thread(target=client, args=(c,)) for c in range(a.clients)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.05, 1.5))
    p.send_signal(signal.SIGKILL)
    p.wait()
    for t in threads:
        t.join(30)
    with lock:
        acked = list(acknowledged)
    return acked, check_file(path, acked)


failed = False
with tempfile.TemporaryDirectory() as tmp:
    for mode, trial in (('stdio', stdio_trial), ('serve', serve_trial)):
        if a.mode not in (mode, 'both'):
            continue
        writes = lost = damaged = 0
        for n in range(a.trials):
            acked, (gone, bad) = trial(n, tmp)
            writes += len(acked)
            lost += len(gone)
            damaged += bool(bad)
            if gone or bad:
                print('  trial %d: %d lost %s, damaged=%s' % (n, len(gone), gone[:3], bad), file=sys.stderr)
        print('kill -9 %-5s: %d trials, %d acknowledged writes checked, %d lost, %d damaged files'
              % (mode, a.trials, writes, lost, damaged))
        failed = failed or lost or damaged
sys.exit(1 if failed else 0)
