#!/usr/bin/env bash
# Spawn to first proxied 200, from outside: starts a bundle's bin/piapi, sends it a proxied request every
# millisecond or so until one answers 200, prints the milliseconds that took, then kills piapi (SIGKILL, so
# the stop is not timed). Only bash builtins run in the loop. For a whole-process A/B with public tools:
#   hyperfine -N -w 1 -r 20 'test/piapi/bench/first-200.sh DIST CONFIG 9300' \
#     'env PIAPI_JAVA_OPTS=-XX:AOTMode=off test/piapi/bench/first-200.sh DIST CONFIG 9300'
# CONFIG must route service type "bench" to an upstream that answers POST /v1/sse?events=0 (StreamUpstream does).
set -uo pipefail
dist=$1 config=$2 port=$3 path=${4:-/piapi/bench/v1/sse?events=0}
start=${EPOCHREALTIME/[.,]/}
"$dist/bin/piapi" --config "$config" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
exec 9<> <(:) # a descriptor that never has data: read -t on it is a sleep without a process
request="POST $path HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer bench-user-key\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
while kill -0 "$pid" 2>/dev/null; do
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    printf "$request" >&3
    IFS= read -r -t 10 status <&3
    exec 3<&-
    if [[ $status == "HTTP/1.1 200"* ]]; then
      end=${EPOCHREALTIME/[.,]/}
      kill -9 "$pid"; wait "$pid" 2>/dev/null
      echo "first proxied 200 after $(( (end - start) / 1000 )) ms"
      exit 0
    fi
  fi
  read -r -t 0.001 -u 9
done
echo "piapi exited before answering 200" >&2
exit 1
