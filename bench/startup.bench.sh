#!/usr/bin/env bash
# npm run bench:startup — time from `npm start` to /health/ready answering 200, on a fresh data
# directory (cold: the embedded PostgreSQL is initialised and migrated) and again on the same one
# (warm). Targets: cold <= 15 s, warm <= 5 s.
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/pss-start-XXXX")
chmod 755 "$dir"  # the embedded server runs as the postgres user when started as root
port=${PORT:-3999}
pgport=${EMBEDDED_PG_PORT:-54399}

measure() {
  local start end pid
  start=$(date +%s%N)
  DATA_DIR="$dir" PORT=$port EMBEDDED_PG_PORT=$pgport setsid npm start > "$dir/$1.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null; do
    if ! kill -0 $pid 2>/dev/null; then echo "$1: the service exited; see $dir/$1.log"; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  printf '%-5s start to ready: %5.2f s\n' "$1" "$(echo "($end - $start) / 1000000000" | bc -l)"
  kill -TERM -- -$pid 2>/dev/null
  wait $pid 2>/dev/null
}

measure cold
measure warm
measure warm
rm -rf "$dir"
