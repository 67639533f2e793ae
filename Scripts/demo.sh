#!/usr/bin/env bash
# Replay the hospital-story demo (Scripts/demo/hospital-<lang>.txt) through crmbot.
# Usage: Scripts/demo.sh [en|zh|both]   (default: both)
# Each message is printed as "> message", followed by the bot's reply.
# Runs crmbot in --json mode on a fresh temporary database with a fixed clock.
# Env: CRMBOT_BIN=/path/to/crmbot skips the build.
set -euo pipefail

lang="${1:-both}"
case "$lang" in
  en | zh) langs=("$lang") ;;
  both) langs=(en zh) ;;
  -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
  *) echo "usage: $0 [en|zh|both]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v python3 > /dev/null || { echo "demo.sh needs python3" >&2; exit 1; }

bin="${CRMBOT_BIN:-}"
if [[ -z "$bin" ]]; then
  bin_dir="$(cd "$root" && swift build --show-bin-path)"
  bin="$bin_dir/crmbot"
  if [[ ! -x "$bin" ]]; then
    echo "building crmbot…" >&2
    (cd "$root" && swift build --product crmbot -q)
  fi
fi
[[ -x "$bin" ]] || { echo "crmbot binary not found: $bin" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/crmbot-demo.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Messages (non-comment, non-blank lines) as JSON Lines requests.
to_requests() {
  python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    text = line.rstrip("\r\n")
    if not text.strip() or text.lstrip().startswith("#"):
        continue
    n += 1
    print(json.dumps({"id": n, "user": "Li Ming", "text": text}, ensure_ascii=False))
' "$1"
}

# Pair requests and replies by id; print "> message" then the reply text.
show_transcript() {
  python3 -c '
import json, sys
requests = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
replies, stray = {}, []
for line in open(sys.argv[2], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if not line.strip():
        continue
    try:
        r = json.loads(line)
    except ValueError:
        stray.append(line)
        continue
    if isinstance(r, dict) and "id" in r:
        replies.setdefault(r["id"], r)
    else:
        stray.append(line)
for req in requests:
    print("> " + req["text"])
    r = replies.get(req["id"])
    if r is None:
        print("(no reply)")
    elif r.get("ok"):
        print(r.get("text", ""))
    else:
        e = r.get("error") or {}
        print("error %s: %s" % (e.get("code", "?"), e.get("message", "")))
    print()
for s in stray:
    print("(unexpected output) " + s)
' "$1" "$2"
}

status=0
for l in "${langs[@]}"; do
  file="$root/Scripts/demo/hospital-$l.txt"
  [[ -f "$file" ]] || { echo "missing demo file: $file" >&2; exit 1; }
  echo "=== hospital story ($l) ==="
  echo
  to_requests "$file" > "$tmp/requests-$l.jsonl"
  if ! "$bin" --db "$tmp/demo-$l.sqlite" --now 2026-11-22T09:00 --as "Li Ming" --json \
      < "$tmp/requests-$l.jsonl" > "$tmp/replies-$l.jsonl"; then
    echo "crmbot exited with an error ($l)" >&2
    status=1
  fi
  show_transcript "$tmp/requests-$l.jsonl" "$tmp/replies-$l.jsonl"
done
exit "$status"
