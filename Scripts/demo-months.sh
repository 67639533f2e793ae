#!/usr/bin/env bash
# Replay the months-long hospital demo (Scripts/demo/hospital-months-<lang>.txt):
# each block starting with "@ YYYY-MM-DDTHH:MM" runs one crmbot --json invocation
# with that --now, all blocks on one database, so the clock moves forward between
# messages without any change to the protocol. Prints "> message" then the reply.
# Usage: Scripts/demo-months.sh [en|zh|both]   (default: both)
# Env: CRMBOT_BIN=/path/to/crmbot skips the build.
set -euo pipefail

lang="${1:-both}"
case "$lang" in
  en | zh) langs=("$lang") ;;
  both) langs=(en zh) ;;
  -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
  *) echo "usage: $0 [en|zh|both]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -d /opt/swift/usr/bin ] && export PATH=/opt/swift/usr/bin:$PATH
command -v python3 > /dev/null || { echo "demo-months.sh needs python3" >&2; exit 1; }

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

tmp="$(mktemp -d "${TMPDIR:-/tmp}/crmbot-demo-months.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

status=0
for l in "${langs[@]}"; do
  file="$root/Scripts/demo/hospital-months-$l.txt"
  [[ -f "$file" ]] || { echo "missing demo file: $file" >&2; exit 1; }
  echo "=== hospital, three months ($l) ==="
  # Split into blocks: blocks/<n>.now holds the clock, blocks/<n>.jsonl the requests.
  rm -rf "$tmp/blocks" && mkdir "$tmp/blocks"
  python3 - "$file" "$tmp/blocks" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
block, now, n, lines = 0, None, 0, []
def flush():
    if now is None and not lines:
        return
    if now is None:
        sys.exit("%s: messages before the first '@ <time>' line" % src)
    with open("%s/%03d.now" % (out, block), "w") as f:
        f.write(now)
    with open("%s/%03d.jsonl" % (out, block), "w", encoding="utf-8") as f:
        for l in lines:
            f.write(l + "\n")
for raw in open(src, encoding="utf-8"):
    text = raw.rstrip("\r\n")
    if not text.strip() or text.lstrip().startswith("#"):
        continue
    if text.startswith("@ "):
        flush()
        block, now, lines = block + 1, text[2:].strip(), []
        continue
    n += 1
    lines.append(json.dumps({"id": n, "user": "Li Ming", "text": text}, ensure_ascii=False))
flush()
PY
  for req in "$tmp"/blocks/*.jsonl; do
    now="$(cat "${req%.jsonl}.now")"
    echo "--- $now"
    if ! "$bin" --db "$tmp/demo-$l.sqlite" --now "$now" --as "Li Ming" --json < "$req" > "$tmp/replies.jsonl"; then
      echo "crmbot exited with an error ($l, $now)" >&2
      status=1
    fi
    python3 - "$req" "$tmp/replies.jsonl" <<'PY'
import json, sys
requests = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
replies = {}
for line in open(sys.argv[2], encoding="utf-8", errors="replace"):
    try:
        r = json.loads(line)
    except ValueError:
        print("(unexpected output) " + line.rstrip())
        continue
    if isinstance(r, dict) and "id" in r:
        replies.setdefault(r["id"], r)
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
PY
  done
done
exit "$status"
