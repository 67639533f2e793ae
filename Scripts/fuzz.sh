#!/usr/bin/env bash
# libFuzzer runs (issue 8): coverage-guided fuzzing of the JSON codec, the line framer and
# the intent parser, built with -sanitize=fuzzer,address. The seeded fuzz tests in
# `swift test` are the short mode CI runs; this is the long mode, by hand.
#
# Usage: Scripts/fuzz.sh [json|framer|parser|all] [SECONDS per target, default 60]
# Builds into .build/fuzz (the library modules instrumented, then each target linked
# against their objects), seeds each run from the corpora, and prints libFuzzer's
# final counts. Exit 1 when a target finds a crash (the input is left in .build/fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH=/opt/swift/usr/bin:$PATH
which="${1:-all}"
seconds="${2:-60}"
out=.build/fuzz
flags=(-c release -Xswiftc -sanitize=fuzzer,address)

build() {  # build TARGET-FILE NAME MODULES...
    local file=$1 name=$2; shift 2
    local objects=()
    for m in "$@"; do
        swift build --build-path "$out" --target "$m" "${flags[@]}" >/dev/null
        objects+=("$out"/release/"$m".build/*.o)
    done
    # The C modules' maps for CRMTransport's imports; libedit for its objects.
    swiftc -sanitize=fuzzer,address -parse-as-library -O -I "$out/release/Modules" -I Sources/CEditLine \
        -I Sources/CLinuxSockets "Scripts/fuzz/$file" "${objects[@]}" -ledit -o "$out/$name" 2> >(grep -v "Cannot export local symbol" >&2)
}

seed_corpus() {  # seed_corpus DIR: one file per corpus message
    local dir=$1
    mkdir -p "$dir"
    if [ -z "$(ls -A "$dir")" ]; then
        cut -f1 Tests/Corpus/tuning.tsv | head -400 | split -l 1 - "$dir/seed-"
    fi
}

run() {  # run NAME
    local name=$1 corpus="$out/corpus-$1"
    seed_corpus "$corpus"
    rm -f "$out"/crash-* "$out"/timeout-* "$out"/oom-* "$out"/leak-*  # findings of an earlier run
    echo "== $name: ${seconds}s"
    (cd "$out" && CRMBOT_INTENTS="$PWD/../../Intents" "./$name" -max_total_time="$seconds" -max_len=4096 \
        -print_final_stats=1 "corpus-$name" 2>&1 | grep -E "^(stat::|Done|==[0-9]+==ERROR|SUMMARY)" || true)
    if ls "$out"/crash-* "$out"/timeout-* "$out"/oom-* "$out"/leak-* >/dev/null 2>&1; then
        echo "findings: $(ls "$out"/crash-* "$out"/timeout-* "$out"/oom-* "$out"/leak-* 2>/dev/null)"
        exit 1
    fi
}

case "$which" in
    json|all) build FuzzJSON.swift fuzz-json CRMSupport; run fuzz-json ;;&
    framer|all) build FuzzLineFramer.swift fuzz-framer CRMSupport CRMTransport; run fuzz-framer ;;&
    parser|all) build FuzzParser.swift fuzz-parser CRMSupport CRMIntents; run fuzz-parser ;;
    json|framer) ;;
    *) echo "usage: Scripts/fuzz.sh [json|framer|parser|all] [SECONDS]" >&2; exit 2 ;;
esac
