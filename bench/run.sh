#!/usr/bin/env bash
# Runs the Ringback benchmarks on this machine (see BENCHMARKS.md):
#   bash bench/run.sh           the full run (about 2.5 minutes of load, plus the build)
#   bash bench/run.sh --smoke   a short run that proves the harness works (CI); figures mean nothing
#   bash bench/run.sh --delivery  the delivery paths only (end to end at 500/s, drain, RSS), about a minute
#   bash bench/run.sh --ingest    the ceiling and webhook ingest only, about 40 s of load
#   bash bench/run.sh --sessions  session reports only (their ceiling, changing and same key), about a minute
#   --spread (with any of them) puts the saturating webhooks' calls on 64 machines instead of one;
#   --settle opens each saturating window only once the JIT has settled (at most 40 s in; --settle-max S: at most S s in)
# Results are printed and written to bench/results/ (git-ignored); --keep-db keeps the run's database there too.
# RINGBACK_BENCH_JVM replaces the server's JVM flags, RINGBACK_BENCH_CEILING_JVM the ceiling's
# (defaults in bench/src/main/java/dev/ringback/bench/Bench.java); RINGBACK_DB_SYNCHRONOUS, the server's own
# variable, is passed on to it (FULL when unset; NORMAL makes the figures an upper bound, and the report says so).
set -euo pipefail
cd "$(dirname "$0")/.."

# The harness's own tests (bench/src/test) run with every build of it; the product's tests are mvn verify's.
build=(mvn -B -q package -Pbench -pl bench,bootstrap -am "-Dtest=dev.ringback.bench.*Test" -Dsurefire.failIfNoSpecifiedTests=false)
"${build[@]}" -o 2>/dev/null || "${build[@]}"

flags=()
[ -n "${RINGBACK_BENCH_JVM:-}" ] && flags+=("-Dbench.serverJvm=$RINGBACK_BENCH_JVM")
[ -n "${RINGBACK_BENCH_CEILING_JVM:-}" ] && flags+=("-Dbench.ceilingJvm=$RINGBACK_BENCH_CEILING_JVM")
mkdir -p bench/results
# AppCDS archive of the server's startup classes, made once per build by a training start.
cds=bootstrap/target/ringback.jsa
[ bootstrap/target/ringback.jar -nt "$cds" ] && rm -f "$cds"
exec java -XX:+UseParallelGC -Xmx1g "${flags[@]}" "-Dbench.cds=$cds" -jar bench/target/ringback-bench.jar \
  --server-jar bootstrap/target/ringback.jar --results bench/results "$@"
