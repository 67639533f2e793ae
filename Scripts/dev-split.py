#!/usr/bin/env python3
"""A development loop that never touches the held-out sets: hold out every fifth
hand-written training message (Intents/training/corpus-*.tsv, by a stable hash),
train on the rest into a copy of Intents/, and score the held-back fifth.

Usage: Scripts/dev-split.py [--crmbot PATH] [--show-errors N]
Intent accuracy; slot-span accuracy: every marked name/text slot must come back
exactly as marked, every other marked slot must be present.
"""
import argparse, hashlib, json, os, re, shutil, subprocess, collections

ap = argparse.ArgumentParser()
ap.add_argument('--crmbot', default='.build/debug/crmbot')
ap.add_argument('--show-errors', type=int, default=0)
ap.add_argument('--no-train', action='store_true')
a = ap.parse_args()

root = '/tmp/crmbot-dev'
intents = os.path.join(root, 'Intents')
if not a.no_train:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree('Intents', intents)
dev = []
for name in sorted(os.listdir('Intents/training')):
    if not (name.startswith('corpus-') and name.endswith('.tsv')):
        continue
    keep = []
    for line in open(os.path.join('Intents/training', name), encoding='utf-8').read().split('\n'):
        f = line.split('\t')
        if len(f) == 3 and not line.startswith('#') and int(hashlib.sha1(f[2].encode()).hexdigest(), 16) % 5 == 0:
            dev.append(f)
        else:
            keep.append(line)
    if not a.no_train:
        open(os.path.join(intents, 'training', name), 'w', encoding='utf-8').write('\n'.join(keep))
if not a.no_train:
    subprocess.run([a.crmbot, 'train', '--intents', intents, '--corpus', 'Tests/Corpus/intents.tsv'], check=True,
                   stdout=subprocess.DEVNULL)

SPAN = re.compile(r'\[\[([a-z_]+):(.*?)\]\]')
TEXTUAL = {'who', 'customer', 'name', 'from', 'to', 'to_company', 'note', 'item', 'title', 'industry', 'region',
           'topic', 'rep', 'owner', 'value'}
msgs = [SPAN.sub(lambda m: m.group(2), f[2]) for f in dev]
out = subprocess.run([a.crmbot, 'parse', '--intents', intents, '--explain', '--now', '2026-11-22T09:00'],
                     input='\n'.join(msgs) + '\n', capture_output=True, text=True, check=True).stdout.splitlines()
tot = collections.Counter(); ok = collections.Counter(); stot = collections.Counter(); sok = collections.Counter()
errors = []
for (lang, intent, ann), msg, line in zip(dev, msgs, out):
    p = json.loads(line)
    tot[lang] += 1
    good = p['intent'] == intent
    ok[lang] += good
    if not good:
        errors.append(('intent', msg, intent, p['intent'], p['decided_by']))
        continue
    spans = SPAN.findall(ann)
    if not spans:
        continue
    stot[lang] += 1
    got = p['slots']
    bad = []
    for slot, text in spans:
        if slot == 'role' and 'roles' in got:
            continue
        if slot not in got:
            bad.append(slot + ' missing')
        elif slot in TEXTUAL and str(got[slot]).strip().lower() != text.strip().lower():
            bad.append('%s=%r want %r' % (slot, got[slot], text))
    if bad:
        errors.append(('slots', msg, '; '.join(bad), p['decided_by'], p.get('slots_from')))
    else:
        sok[lang] += 1
for k in ('en', 'zh'):
    print('%s dev: intents %.1f%% (%d/%d)  slots %.1f%% (%d/%d)' % (k, 100 * ok[k] / max(1, tot[k]), ok[k], tot[k],
          100 * sok[k] / max(1, stot[k]), sok[k], stot[k]))
for e in errors[:a.show_errors]:
    print('\t'.join(map(str, e)))
