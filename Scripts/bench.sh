#!/usr/bin/env bash
# Benchmarks (never part of `swift test`): parse throughput and the bot in
# process (CRMBenchmarks, release build), then the wall time to pipe 10,000
# mixed messages through the real crmbot binary on a fresh database.
# Usage: Scripts/bench.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH=/opt/swift/usr/bin:$PATH
bash Scripts/ensure-deps
swift build -c release --product crmbot >&2
swift build -c release --product CRMBenchmarks >&2
bin="$(swift build -c release --show-bin-path)"
echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
"$bin/CRMBenchmarks" "$@"

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$bin/CRMBenchmarks" --emit-messages 10000 > "$tmp/messages.txt"
for mode in plain json; do
    flags=(); [ "$mode" = json ] && flags=(--json)
    rm -f "$tmp/pipe.sqlite"*
    start=$(date +%s.%N)
    "$bin/crmbot" --db "$tmp/pipe.sqlite" --now 2026-11-22T09:00 --as "Bench Rep" "${flags[@]}" < "$tmp/messages.txt" > "$tmp/replies.txt"
    end=$(date +%s.%N)
    replies=$( [ "$mode" = json ] && wc -l < "$tmp/replies.txt" || grep -c '^$' "$tmp/replies.txt")
    rss=$( /usr/bin/time -f %M "$bin/crmbot" --db "$tmp/rss.sqlite" --now 2026-11-22T09:00 "${flags[@]}" < "$tmp/messages.txt" 2>&1 >/dev/null | tail -1 || echo "?")
    rm -f "$tmp/rss.sqlite"*
    secs=$(python3 -c "print(f\"{$end - $start:.2f}\")")
    echo "pipe 10,000 mixed messages ($mode): ${secs} s wall, $replies replies, max RSS ${rss} KiB"
done
