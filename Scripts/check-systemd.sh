#!/usr/bin/env bash
# Checks the systemd units in Scripts/systemd with `systemd-analyze verify`, where it
# is installed; the built binary stands in for /usr/local/bin/crmbot.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "systemd units: not checked (no systemd-analyze on this machine)"
    exit 0
fi
bin="$(pwd)/.build/debug/crmbot"
[ -x "$bin" ] || { echo "build crmbot first (swift build --product crmbot)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s#/usr/local/bin/crmbot#$bin#" Scripts/systemd/crmbot.service > "$tmp/crmbot.service"
cp Scripts/systemd/crmbot.socket Scripts/systemd/crmbot-http.socket "$tmp/"
(cd "$tmp" && systemd-analyze verify --man=no ./crmbot.service ./crmbot.socket ./crmbot-http.socket)
echo "systemd units: verified"
