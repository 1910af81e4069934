#!/usr/bin/env bash
# Builds build/runtime: a Java runtime holding only the modules piapi needs, so a host needs no Java
# of its own (`make image` runs this; `make dist` bundles the result). The runtime's Java version is the
# version of the JDK that runs jlink.
#
#   ./jlink.sh [JDK]     JDK defaults to $JDK, then $JAVA_HOME; it must be 21 or newer
set -euo pipefail
cd "$(dirname "$0")"

JDK=${1:-${JDK:-${JAVA_HOME:-}}}
JAR=build/piapi.jar
OUT=build/runtime
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/jlink" ] || [ ! -x "$JDK/bin/jdeps" ]; then
  echo "jlink.sh: no JDK with jlink and jdeps at '${JDK}'; run 'make image', or pass a JDK >= 21: ./jlink.sh /path/to/jdk" >&2
  exit 1
fi
[ -f "$JAR" ] || { echo "jlink.sh: $JAR is missing; run 'make build' first" >&2; exit 1; }

# The modules the code uses, as jdeps sees them (java.base, java.net.http, jdk.httpserver today).
found=$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 "$JAR")

# The modules jdeps cannot see:
#   jdk.crypto.ec     TLS to real providers. On JDK 21 the elliptic-curve algorithms live here, and
#                     without it many HTTPS handshakes fail (handshake_failure); from 22 on it is empty.
#   jdk.unsupported   sun.misc.Signal, reached by reflection: a second SIGTERM/SIGINT exits at once.
#   java.management,  the JVM's MXBeans (heap, GC, threads, process CPU) for /metrics.
#   jdk.management
#   jdk.jfr           Flight Recorder, so a production host can be profiled:
#                     PIAPI_JAVA_OPTS=-XX:StartFlightRecording=duration=60s,filename=/tmp/piapi.jfr
wanted=jdk.crypto.ec,jdk.unsupported,java.management,jdk.management,jdk.jfr
modules=$(printf '%s,%s\n' "$found" "$wanted" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)

rm -rf "$OUT"
# --compress=zip-6 halves the module image (about 29 -> 14 MB), which keeps the unpacked bundle under
# 50 MB; the cost, inflating classes as they load, is measured by `make bench` (startup).
"$JDK/bin/jlink" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$OUT"
echo "runtime: $OUT ($(du -sh "$OUT" | cut -f1), Java $("$OUT/bin/java" -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p'))"
echo "modules: $modules"
