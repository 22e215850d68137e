#!/usr/bin/env bash
# Runs the Ringback benchmarks on this machine (see BENCHMARKS.md):
#   bash bench/run.sh           the full run (about 2 minutes of load, plus the build)
#   bash bench/run.sh --smoke   a short run that proves the harness works (CI); figures mean nothing
#   bash bench/run.sh --delivery  the delivery paths only (end to end at 500/s, drain, RSS), about a minute
# Results are printed and written to bench/results/ (git-ignored).
# RINGBACK_BENCH_JVM overrides the server JVM flags.
set -euo pipefail
cd "$(dirname "$0")/.."

build=(mvn -B -q package -Pbench -DskipTests -pl bench,bootstrap -am)
"${build[@]}" -o 2>/dev/null || "${build[@]}"

jvm="${RINGBACK_BENCH_JVM:--XX:+UseSerialGC -Xms32m -Xmx128m -Xss512k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m}"
mkdir -p bench/results
# AppCDS archive of the server's startup classes, made once per build by a training start.
cds=bootstrap/target/ringback.jsa
[ bootstrap/target/ringback.jar -nt "$cds" ] && rm -f "$cds"
exec java -XX:+UseParallelGC -Xmx1g "-Dbench.serverJvm=$jvm" "-Dbench.cds=$cds" -jar bench/target/ringback-bench.jar \
  --server-jar bootstrap/target/ringback.jar --results bench/results "$@"
