#!/bin/sh
# The command line's start, as docs/benchmarks.md reports it ("CLI start"): `mockloop db status` on an existing,
# up-to-date SQLite file, run from the unpacked distribution; the median of 10 runs after 2 warm-ups, beside a bare
# JVM (`java -Xshare:auto -version`) and the shaded jar run with plain `java -jar`. Not part of `mvn verify`.
# Usage: mockloop-db-cli/bench/cli-start.sh   (after `mvn -B install`)
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar xzf target/mockloop-*.tar.gz -C "$work"
bin=$(ls -d "$work"/mockloop-*)/bin/mockloop
export XDG_CACHE_HOME="$work/cache"
url="jdbc:sqlite:$work/bench.db"
"$bin" db migrate --url "$url" >/dev/null

median() { # command...: prints the median wall time of 10 runs after 2 warm-ups, in seconds
  "$@" >/dev/null 2>&1; "$@" >/dev/null 2>&1
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | sort -n | sed -n '5,6p' | awk '{ s += $1 } END { printf "%.3f s\n", s / 2 / 1000 }'
}

echo "bare JVM (java -version):                   $(median java -Xshare:auto -version)"
echo "java -jar lib/mockloop.jar db status:        $(median java -jar "$(dirname "$bin")/../lib/mockloop.jar" db status --url "$url")"
echo "bin/mockloop db status (CDS archive):        $(median "$bin" db status --url "$url")"
echo "bin/mockloop db status (MOCKLOOP_CDS=off):   $(median env MOCKLOOP_CDS=off "$bin" db status --url "$url")"
