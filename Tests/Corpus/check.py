#!/usr/bin/env python3
# Checks Tests/Corpus/intents.tsv: format, known intents, lang vs script, unique messages,
# valid compact JSON slots whose names occur in the message; prints counts per intent.
# Usage: python3 Tests/Corpus/check.py Tests/Corpus/intents.tsv [path/to/intents.md]
import sys, json, re, collections
spec = open(sys.argv[2] if len(sys.argv) > 2 else '/work/shared/spec/intents.md').read()
intents = re.findall(r'^\| ([a-z.]+) \|', spec, re.M)
intents = [i for i in intents if i != 'intent']
path = sys.argv[1]
cnt = collections.Counter(); lang = collections.Counter(); slots = 0; total = 0; seen=set()
for n, line in enumerate(open(path, encoding='utf-8'), 1):
    line = line.rstrip('\n')
    if not line or line.startswith('#'): continue
    f = line.split('\t')
    assert len(f) in (3,4), (n, line)
    l, it, msg = f[:3]
    assert l in ('en','zh'), (n,l)
    assert it in intents, (n,it)
    has_cjk = bool(re.search(r'[\u4e00-\u9fff]', msg))
    assert (l=='zh') == has_cjk, (n, line)
    assert msg == msg.strip() and msg, n
    assert msg.lower() not in seen, (n, msg); seen.add(msg.lower())
    if len(f) == 4:
        d = json.loads(f[3]); assert isinstance(d, dict) and d, n; slots += 1
        assert json.dumps(d, ensure_ascii=False, separators=(',',':')) == f[3], (n, f[3])
        for k in ('who','name','customer','from','to'):
            if k in d: assert d[k] in msg, (n, k, d[k])
    cnt[it] += 1; lang[l] += 1; total += 1
missing = set(intents) - set(cnt)
print('total', total, dict(lang), 'en%%=%.1f' % (100*lang['en']/total), 'slots', slots, '%.1f%%' % (100*slots/total))
print('missing', missing)
per = collections.defaultdict(collections.Counter)
for n, line in enumerate(open(path, encoding='utf-8'), 1):
    if line.startswith('#') or not line.strip(): continue
    f = line.split('\t'); per[f[1]][f[0]] += 1
for i in intents: print(f'{i:18} en {per[i]["en"]:3} zh {per[i]["zh"]:3}')
