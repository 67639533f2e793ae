#!/usr/bin/env bash
# Import throughput (issue 11): generates CSV files of N customers, N contacts and N orders
# (default 100,000 each; a few hundred rows are deliberately bad), imports each into a
# fresh database with the release binary, and prints rows/s; then re-imports the
# customers (all already there) and exports them. Beside it: the same customers piped as
# `add customer` chat messages, the way a team had to bring a list in before.
#
# Usage: Scripts/bench-import.sh [ROWS] [CHAT_ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
chat_rows="${2:-3000}"
bin=.build/release/crmbot
[ -x "$bin" ] || { echo "build it first: swift build -c release --product crmbot" >&2; exit 1; }
tmp=$(mktemp -d /tmp/crmbot-import-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" "$rows" <<'PY'
import csv, random, sys
tmp, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(11)
industries = ['healthcare', 'retail', 'logistics', 'manufacturing', '教育', '医疗']
with open(tmp + '/customers.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['客户名称', 'Industry', 'Phone', 'Stage', 'Address'])
    for i in range(n):
        stage = 'frobbed' if i % 997 == 0 else rng.choice(['lead', 'prospect', '客户', 'key'])
        w.writerow(['Bench Customer %06d' % i, rng.choice(industries), '138%08d' % i, stage, '%d Main St, Suite %d' % (i, i % 50)])
with open(tmp + '/contacts.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['customer', 'name', 'title', 'mobile'])
    for i in range(n):
        w.writerow(['Bench Customer %06d' % i, 'Contact %06d' % i, 'buyer', '139%08d' % i])
with open(tmp + '/orders.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['customer', 'date', 'amount', 'quantity', 'item'])
    for i in range(n):
        w.writerow(['Bench Customer %06d' % rng.randrange(n), '2026-%02d-%02d' % (rng.randint(1, 11), rng.randint(1, 28)),
                    '{:,}'.format(rng.randint(1, 500) * 100), rng.randint(1, 50), 'item %d' % rng.randint(1, 40)])
with open(tmp + '/chat.txt', 'w', encoding='utf-8') as f:
    for i in range(min(n, 3000)):
        f.write('add customer Chat Customer %06d\n' % i)
PY
db="$tmp/bench.sqlite"
echo "== crmbot import: $rows rows a file, release build, $(nproc) cores, fresh database"
printf '%-22s %9s %9s %10s\n' "step" "rows" "seconds" "rows/s"
run() {  # run LABEL ROWS COMMAND...
    local label=$1 n=$2; shift 2
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || [ $? -eq 7 ]
    t1=$(date +%s.%N)
    awk -v l="$label" -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { s = b - a; printf "%-22s %9d %9.2f %10.0f\n", l, n, s, n / s }'
}
run "import customers" "$rows" "$bin" import customers "$tmp/customers.csv" --db "$db" --as "Bench Rep"
grep -E "added" "$tmp/out.txt" | sed 's/^/    /'
run "import contacts" "$rows" "$bin" import contacts "$tmp/contacts.csv" --db "$db" --as "Bench Rep"
grep -E "added" "$tmp/out.txt" | sed 's/^/    /'
run "import orders" "$rows" "$bin" import orders "$tmp/orders.csv" --db "$db" --as "Bench Rep"
grep -E "added" "$tmp/out.txt" | sed 's/^/    /'
run "re-import customers" "$rows" "$bin" import customers "$tmp/customers.csv" --db "$db" --as "Bench Rep"
grep -E "added" "$tmp/out.txt" | sed 's/^/    /'
run "export customers" "$rows" "$bin" export customers --db "$db" --as "Bench Rep" --out "$tmp/export.csv"
run "export orders" "$rows" "$bin" export orders --db "$db" --as "Bench Rep" --out "$tmp/export-orders.csv"
chat=$(wc -l < "$tmp/chat.txt")
run "chat add customer" "$chat" "$bin" --db "$tmp/chat.sqlite" --as "Bench Rep" < "$tmp/chat.txt"
