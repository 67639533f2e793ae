#!/usr/bin/env bash
# Times risk.list, briefing, tier.list and pipeline.show (store read + rules, in
# process, release build) on a generated database of 100,000 customers and
# 1,000,000 activities, for an admin (all), a manager (team) and a rep (mine).
# Never part of `swift test`.
#
# Usage: Scripts/bench-insights.sh [--customers N] [--activities N] [--db PATH] [--keep]
#   --db PATH   reuse (or create there) a generated database; default a temp file
#   --keep      keep the temp database
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH=/opt/swift/usr/bin:$PATH
customers=100000 activities=1000000 db="" keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --customers) customers="$2"; shift 2 ;;
        --activities) activities="$2"; shift 2 ;;
        --db) db="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
swift build -c release --product CRMInsightsBench >&2
bin="$(swift build -c release --show-bin-path)"
if [ -z "$db" ]; then
    tmp="$(mktemp -d)"
    [ "$keep" = 1 ] || trap 'rm -rf "$tmp"' EXIT
    db="$tmp/bench.sqlite"
fi
if [ ! -s "$db" ]; then
    "$bin/CRMInsightsBench" --create "$db"
    start=$(date +%s)
    python3 Scripts/gen-data.py --db "$db" --customers "$customers" --activities "$activities"
    echo "generated in $(( $(date +%s) - start )) s"
fi
echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
"$bin/CRMInsightsBench" --db "$db" --now 2026-11-22 --runs 5
