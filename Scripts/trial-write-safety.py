#!/usr/bin/env python3
"""Replays the write-safety trial (Tests/Trials/write-safety.tsv) end to end through the
real crmbot binary and counts wrong writes.

Usage: Scripts/trial-write-safety.py [--crmbot PATH] [--trial FILE] [-v]

One crmbot process (--json, a fresh SQLite file) per trial day, its clock the day's first
timestamp (a process keeps the rep's open questions, so answers stay with their question).
After every reply the harness reads the database's change log to see whether the message
wrote. Outcomes per message:
  ok          the effect was one the line allows
  wrong write it wrote where it must not, or wrote another intent, or other values
  missed      it asked or refused where a write was expected (safe, but a cost to the rep)
  wrongly quiet  a read/nowrite line answered with a write is a wrong write; a write line that
              wrote nothing is 'missed'
Exit status 1 when there is any wrong write.
"""
import argparse, json, os, sqlite3, subprocess, sys, tempfile, collections

ap = argparse.ArgumentParser()
ap.add_argument('--crmbot', default='.build/debug/crmbot')
ap.add_argument('--trial', default='Tests/Trials/write-safety.tsv')
ap.add_argument('-v', '--verbose', action='store_true')
ap.add_argument('--known', help='file of trial line numbers whose wrong write is known and open (one per line, # comments); '
                'exit 1 only for a wrong write not listed, or a listed one that no longer happens')
a = ap.parse_args()

NAME_KEYS = {'who', 'customer', 'name', 'from', 'to', 'rep'}
lines = []
for n, raw in enumerate(open(a.trial, encoding='utf-8'), 1):
    raw = raw.rstrip('\n')
    if not raw or raw.startswith('#'):
        continue
    when, msg, expect = raw.split('\t')
    alts = []
    for alt in expect.split('|'):
        alt = alt.strip()
        parts = alt.split(' ', 2)
        kind = parts[0]
        intent = parts[1] if kind == 'write' and len(parts) > 1 else None
        values = json.loads(parts[2]) if kind == 'write' and len(parts) > 2 else {}
        alts.append((kind, intent, values))
    lines.append((n, when, msg, alts))

tmp = tempfile.mkdtemp(prefix='crmbot-trial-')
db = os.path.join(tmp, 'trial.sqlite')

def state():
    if not os.path.exists(db):
        return (0, 0, 0)
    c = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    try:
        return c.execute('SELECT count(*), coalesce(max(id), 0), count(undone_at) FROM change_log').fetchone()
    except sqlite3.OperationalError:
        return (0, 0, 0)
    finally:
        c.close()

def same(exp, got):
    if isinstance(exp, (int, float)) and isinstance(got, (int, float)):
        return abs(exp - got) < 1e-6
    if isinstance(exp, list) and isinstance(got, str):
        return exp == [got]
    if isinstance(exp, str) and isinstance(got, str):
        return exp.casefold() == got.casefold()
    return exp == got

counts = collections.Counter()
wrong = []
missed = []
days = collections.OrderedDict()
for item in lines:
    days.setdefault(item[1][:10], []).append(item)
for day, items in days.items():
    proc = subprocess.Popen([a.crmbot, '--json', '--db', db, '--now', items[0][1], '--as', 'Li Ming'],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding='utf-8')
    for n, when, msg, alts in items:
        before = state()
        proc.stdin.write(json.dumps({'id': n, 'user': 'Li Ming', 'text': msg}, ensure_ascii=False) + '\n')
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        after = state()
        wrote = after != before
        data = reply.get('data') or {}
        asked = isinstance(data, dict) and 'question' in data
        slots = data.get('slots', {}) if isinstance(data, dict) else {}
        verdict = None
        if not wrote:
            if any(k in ('ask', 'read', 'nowrite') for k, _, _ in alts):
                verdict = 'ok'
            elif any(k == 'undo' for k, _, _ in alts):
                verdict = 'missed'
            else:
                verdict = 'missed'
        else:
            for kind, intent, values in alts:
                if kind == 'undo' and reply.get('intent') == 'undo':
                    verdict = 'ok'
                    break
                if kind != 'write' or reply.get('intent') != intent:
                    continue
                bad = [k for k, v in values.items() if k not in NAME_KEYS
                       and not same(v, slots.get(k, data.get(k)))]
                names = [k for k, v in values.items() if k in NAME_KEYS
                         and str(v).casefold() not in (json.dumps(slots, ensure_ascii=False) + reply.get('text', '')).casefold()]
                if not bad and not names:
                    verdict = 'ok'
                    break
                verdict = 'wrong: values %s' % (bad + names)
            if verdict is None:
                verdict = 'wrong: wrote %s' % reply.get('intent')
        if verdict.startswith('wrong') and any(k == 'write' for k, _, _ in alts) is False:
            pass
        counts[verdict.split(':')[0]] += 1
        record = '%d\t%s\t%s\t%s\t%s' % (n, msg, ' | '.join('%s %s' % (k, i or '') for k, i, _ in alts), verdict,
                                         (reply.get('text') or json.dumps(reply.get('error'), ensure_ascii=False))[:160].replace('\n', ' '))
        if verdict.startswith('wrong'):
            wrong.append(record)
        elif verdict == 'missed':
            missed.append(record)
        if a.verbose:
            print(record)
    proc.stdin.close()
    proc.wait(timeout=60)

total = sum(counts.values())
print('write-safety trial: %d messages over %d days: %d ok, %d wrong writes, %d missed (asked or refused instead of writing)'
      % (total, len(days), counts['ok'], counts['wrong'], counts['missed']))
for w in wrong:
    print('WRONG\t' + w)
for m in missed[:0 if not a.verbose else None]:
    print('MISSED\t' + m)
if a.known:
    known = {int(l.split('#')[0]) for l in open(a.known) if l.split('#')[0].strip()}
    found = {int(w.split('\t')[0]) for w in wrong}
    new, fixed = sorted(found - known), sorted(known - found)
    if new:
        print('new wrong writes (not in %s): %s' % (a.known, new))
    if fixed:
        print('fixed since listed (remove them from %s): %s' % (a.known, fixed))
    sys.exit(1 if new or fixed else 0)
sys.exit(1 if wrong else 0)
