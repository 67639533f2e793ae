#!/usr/bin/env python3
"""Scores `crmbot parse` on a labelled corpus (lang, intent, message[, slots]).

Usage: Scripts/eval-corpus.py CORPUS.tsv [--crmbot PATH] [--no-model] [--show-errors N]
Intent accuracy: share of lines whose intent is right. Slot accuracy: share of the
lines with expected slots whose every listed slot has exactly that value (and the
intent is right). Prints per-language figures. The clock is 2026-11-22T09:00.
"""
import json, subprocess, sys, collections, argparse

ap = argparse.ArgumentParser()
ap.add_argument('corpus')
ap.add_argument('--crmbot', default='.build/debug/crmbot')
ap.add_argument('--no-model', action='store_true')
ap.add_argument('--show-errors', type=int, default=0)
a = ap.parse_args()

rows = []
for line in open(a.corpus, encoding='utf-8'):
    line = line.rstrip('\n')
    if not line or line.startswith('#'):
        continue
    f = line.split('\t')
    rows.append((f[0], f[1], f[2], json.loads(f[3]) if len(f) > 3 else None))

cmd = [a.crmbot, 'parse', '--now', '2026-11-22T09:00'] + (['--no-model'] if a.no_model else [])
out = subprocess.run(cmd, input='\n'.join(r[2] for r in rows) + '\n', capture_output=True, text=True, check=True).stdout
parses = [json.loads(l) for l in out.splitlines()]
assert len(parses) == len(rows), (len(parses), len(rows))

def same(exp, got):
    if isinstance(exp, float) or isinstance(got, float):
        try:
            return abs(float(exp) - float(got)) < 1e-6
        except (TypeError, ValueError):
            return False
    return exp == got

tot = collections.Counter(); ok_i = collections.Counter(); tot_s = collections.Counter(); ok_s = collections.Counter()
errors = []
for (lang, intent, msg, slots), p in zip(rows, parses):
    for key in (lang, 'all'):
        tot[key] += 1
    good_i = p['intent'] == intent
    if good_i:
        ok_i[lang] += 1; ok_i['all'] += 1
    else:
        errors.append(('intent', msg, intent, p['intent']))
    if slots is not None and intent != 'none':
        tot_s[lang] += 1; tot_s['all'] += 1
        got = p.get('slots', {})
        if good_i and all(k in got and same(v, got[k]) for k, v in slots.items()):
            ok_s[lang] += 1; ok_s['all'] += 1
        elif good_i:
            errors.append(('slots', msg, json.dumps(slots, ensure_ascii=False), json.dumps(got, ensure_ascii=False)))

for key in ('all', 'en', 'zh'):
    print('%-3s intents %5.1f%% (%d/%d)  slots %5.1f%% (%d/%d)' % (
        key, 100 * ok_i[key] / max(1, tot[key]), ok_i[key], tot[key],
        100 * ok_s[key] / max(1, tot_s[key]), ok_s[key], tot_s[key]))
for e in errors[:a.show_errors]:
    print('\t'.join(e))
