#!/usr/bin/env bash
# Fuzzes every @FuzzTest (Jazzer) for DURATION each, one test per Maven run (Jazzer fuzzes one
# test per JVM). `mvn verify` only replays their seed corpora; this explores beyond them.
# Usage: ./fuzz.sh [DURATION, e.g. 30s, 10m, 2h; default 30s] [CLASS-NAME FILTER]
# A finding fails the run; Jazzer saves the input as crash-… in the test's …Inputs/<method>/
# resource directory, where `mvn verify` replays it from then on (commit it with the fix).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
duration=${1:-30s}
filter=${2:-}
status=0
# Build and install the modules once; each fuzz run then builds only its own module.
mvn -B -q install -DskipTests
while IFS= read -r file; do
    module=${file%%/src/test/java/*}
    class=$(basename "$file" .java)
    if [[ -n $filter && $class != *"$filter"* ]]; then
        continue
    fi
    mapfile -t methods < <(grep -A3 '@FuzzTest' "$file" \
        | sed -n 's/^ *\(public \)\{0,1\}void \([A-Za-z0-9_]*\)(.*/\2/p')
    for method in "${methods[@]}"; do
        log=$module/target/fuzz-$class-$method.log
        mkdir -p "$module/target"
        echo "fuzz.sh: $class#$method for $duration (log: $log)"
        if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$duration mvn -B -o -pl "$module" test \
                -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true \
                >"$log" 2>&1; then
            status=1
            echo "fuzz.sh: $class#$method FAILED (a finding, or the build): see $log"
        fi
        grep -E '^Done [0-9]+ runs|^#[0-9]+ +DONE' "$log" || true
    done
done < <(grep -rl --include='*.java' '@FuzzTest' ./*/src/test/java | sed 's|^\./||' | sort)
exit "$status"
