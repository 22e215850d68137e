#!/usr/bin/env bash
# The long run of the crash-and-fault proof (see docs/delivery.md): the real server in its own JVM,
# CALLS calls placed through its API, signed webhooks, a gateway double that fails at random, and
# the server SIGKILLed KILLS times while deliveries are in flight. Prints one "SOAK ..." summary.
#
#   scripts/soak.sh                 # 10,000 calls, three kills
#   CALLS=1000 KILLS=3 scripts/soak.sh
#   SEED=42 scripts/soak.sh         # another fault pattern (the default seed is fixed, so runs repeat)
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS="${CALLS:-10000}"
KILLS="${KILLS:-3}"
SEED="${SEED:-20261126}"
log="$(mktemp -t ringback-soak.XXXXXX.log)"
echo "soak: ${CALLS} calls, ${KILLS} kills, seed ${SEED}; build log in ${log}"
if mvn -B -o verify -pl bootstrap -am \
        -Dtest=CrashSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dringback.soak.calls="${CALLS}" -Dringback.soak.kills="${KILLS}" -Dringback.soak.seed="${SEED}" \
        >"${log}" 2>&1; then
    # The summary is in the build log; surefire writes a separate output file only sometimes.
    grep -h '^SOAK ' "${log}" | head -1 || true
    echo "soak: passed"
else
    grep -h '^SOAK ' "${log}" | head -1 || true
    grep -E 'Tests run:|FAIL|AssertionError|expected' "${log}" | head -20
    echo "soak: FAILED (see ${log})"
    exit 1
fi
