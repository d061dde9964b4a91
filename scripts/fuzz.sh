#!/bin/sh
# Fuzzes each parser Vouch exposes to strangers (and operators) with libFuzzer and AddressSanitizer:
# mail (MIME and body fields), csr, smime, content (front matter and Markdown), config (config.toml).
# usage: scripts/fuzz.sh SECONDS [TARGET…]
# Each target runs SECONDS seconds from the committed seeds in Fuzz/corpus/TARGET (read only; what
# the fuzzer finds goes to .build-fuzz/corpus/TARGET). A crash leaves its input in
# .build-fuzz/crashes/ and fails the run: add the input to Fuzz/corpus/TARGET as regression-NAME,
# where the ordinary test build replays it forever after (FuzzCorpusTests).
set -eu
seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET…]}
shift
targets=${*:-mail csr smime content config}
root=$(cd "$(dirname "$0")/.." && pwd)
scratch="$root/.build-fuzz"
mkdir -p "$scratch"
swift build --package-path "$root" --scratch-path "$scratch" --product vouch-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DVOUCH_FUZZING >"$scratch/build.log" 2>&1 || {
    tail -30 "$scratch/build.log"
    exit 1
}
binary="$(swift build --package-path "$root" --scratch-path "$scratch" --show-bin-path)/vouch-fuzz"
mkdir -p "$scratch/crashes"
status=0
for target in $targets; do
    mkdir -p "$scratch/corpus/$target"
    # Leaks are not what this looks for (Foundation caches are reported as leaks at exit).
    if VOUCH_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$binary" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$scratch/crashes/$target-" \
        "$scratch/corpus/$target" "$root/Fuzz/corpus/$target" >"$scratch/$target.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$target.log")
        echo "fuzz $target: ${runs:-?} inputs in ${seconds}s, no crash"
    else
        echo "fuzz $target: FAILED (see $scratch/$target.log and $scratch/crashes/)"
        tail -40 "$scratch/$target.log"
        status=1
    fi
done
exit $status
