#!/usr/bin/env bash
# Times the per-message path through the real crmbot binary (release build):
# N × `show <name>` and N × `log visit to <name> today: bench note` as "Rep 1-1" (a
# rep's book, about 2,000 customers) and as "Admin" (everything), on a copy of a
# database of the shape Scripts/gen-data.py makes. ("today": without it the parser reads
# the trailing number of a name such as "Central Bank 13" as a day of the month.)
# Prints ms per message: the wall time of N messages minus that of one (startup,
# grammar, open), divided by N - 1.
# Never part of `swift test`; asserts nothing.
#
# Usage: Scripts/bench-messages.sh [--db PATH] [-n N] [--name NAME] [--bin DIR]
#   --db PATH   a generated database (copied first; the copy is written to); default:
#               generate one (100,000 customers, 1,000,000 activities) in a temp dir
#   -n N        messages per kind and rep (default 200)
#   --name NAME the customer to show and log (default "Central Bank 13", a Rep 1-1 customer)
#   --bin DIR   use the crmbot binary in DIR instead of building (e.g. an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH=/opt/swift/usr/bin:$PATH
db="" n=200 name="Central Bank 13" bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db="$2"; shift 2 ;;
        -n) n="$2"; shift 2 ;;
        --name) name="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "$bin" ]; then
    swift build -c release --product crmbot >&2
    bin="$(swift build -c release --show-bin-path)"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -z "$db" ]; then
    swift build -c release --product CRMInsightsBench >&2
    ibin="$(swift build -c release --show-bin-path)"
    db="$tmp/generated.sqlite"
    "$ibin/CRMInsightsBench" --create "$db"
    python3 Scripts/gen-data.py --db "$db" --customers 100000 --activities 1000000 >&2
fi
work="$tmp/bench.sqlite"
cp "$db" "$work"
for ext in -wal -shm; do [ -f "$db$ext" ] && cp "$db$ext" "$work$ext"; done
crm=("$bin/crmbot" --db "$work" --now 2026-11-22T09:00)
# The first open migrates an older file and folds names: not part of the timing.
echo "show $name" | "${crm[@]}" --as "Rep 1-1" > /dev/null

now() { date +%s.%N; }
# ms per message for `text` sent n times as `rep` (startup subtracted).
measure() {
    local rep="$1" text="$2"
    echo "$text" > "$tmp/one.txt"
    for _ in $(seq "$n"); do echo "$text"; done > "$tmp/many.txt"
    local s0 s1 s2
    s0=$(now); "${crm[@]}" --as "$rep" < "$tmp/one.txt" > "$tmp/out1.txt"
    s1=$(now); "${crm[@]}" --as "$rep" < "$tmp/many.txt" > "$tmp/out.txt"
    s2=$(now)
    if ! grep -q "$name" "$tmp/out.txt"; then
        echo "unexpected reply to '$text' as $rep:" >&2; head -5 "$tmp/out.txt" >&2; exit 1
    fi
    python3 -c "print(f'{(($s2 - $s1) - ($s1 - $s0)) * 1000 / ($n - 1):8.2f} ms/message')"
}
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ); $n messages each"
for rep in "Rep 1-1" "Admin"; do
    printf '%-8s show %-28s' "$rep" "$name"; measure "$rep" "show $name"
    printf "%-8s log visit to %-20s" "$rep" "$name"; measure "$rep" "log visit to $name today: bench note"
done
