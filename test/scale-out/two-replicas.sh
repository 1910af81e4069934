#!/usr/bin/env bash
# Two piapi replicas sharing one config file and one data dir behind HAProxy. With HAProxy hashing on the user's
# credential (Authorization or x-api-key) every user lands on one replica and a requests-per-minute limit holds
# across the two; with round-robin balancing each replica applies it on its own, so a user gets up to twice the
# rate. Any replica's usage API reads both replicas' ledger files. Skipped (exit 0) when HAProxy is not installed.
#
#   test/scale-out/two-replicas.sh          (from the repository root; builds build/piapi.jar when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v haproxy >/dev/null 2>&1; then
  echo "two-replicas: skipped: HAProxy is not installed (Debian/Ubuntu: apt-get install haproxy)"
  exit 0
fi
# the JDK the Makefile picks (>= 21; the one on PATH may be older)
JAVA="${JAVA:-$(make -s -p -n 2>/dev/null | sed -n 's/^JDK := //p' | head -1)/bin/java}"
[ -x "$JAVA" ] || JAVA=java
[ -f build/piapi.jar ] || make -s build >/dev/null

LIMIT=10        # requests per minute for each user
BURST=30        # requests each run sends, as fast as curl goes
ADMIN=scale-out-admin-token-0001
work=$(mktemp -d /tmp/piapi-scale-out.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local p
  while :; do
    p=$(( (RANDOM % 20000) + 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# waits until $1 (a log file) has piapi's started event; prints the port it listens on
started_port() {
  for _ in $(seq 1 200); do
    if grep -q '"event":"started"' "$1" 2>/dev/null; then
      grep -o '"listen":"[^"]*"' "$1" | head -1 | sed 's/.*:\([0-9]*\)"$/\1/'
      return
    fi
    sleep 0.1
  done
  echo "two-replicas: a replica did not start; its log:" >&2; cat "$1" >&2; exit 1
}

# The upstream: piapi's demo provider (OpenAI and Anthropic wire formats, with usage), on a free port.
cat > "$work/Upstream.java" <<'JAVA'
public class Upstream {
    public static void main(String[] args) throws Exception {
        piapi.demo.DemoProvider p = piapi.demo.DemoProvider.start(piapi.demo.Pacing.NONE, false);
        System.out.println(p.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
JAVA
"$JAVA" -cp build/piapi.jar "$work/Upstream.java" > "$work/upstream.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q '^http' "$work/upstream.out" 2>/dev/null && break; sleep 0.1; done
upstream=$(head -1 "$work/upstream.out")

cat > "$work/config.yaml" <<YAML
providers:
  - name: demo
    apiKeys: { main: sk-demo }
    services: [{ type: codex, baseUrl: "$upstream/v1" }]
users:
  - { name: alice, apiKey: alice-key-scale-out-1, services: { codex: { providerName: demo, providerKeyName: main } } }
  - { name: bob, apiKey: bob-key-scale-out-2, services: { codex: { providerName: demo, providerKeyName: main } } }
limits:
  default: { requestsPerMinute: $LIMIT }
server:
  trustedProxies: [127.0.0.1/32]
YAML

for i in 1 2; do
  PIAPI_INSTANCE="replica-$i" PIAPI_ADMIN_TOKEN="$ADMIN" "$JAVA" -jar build/piapi.jar --config "$work/config.yaml" \
    --listen 127.0.0.1:0 --data-dir "$work/data" --log-format json > "$work/replica-$i.log" 2>&1 &
  pids+=($!)
done
r1=$(started_port "$work/replica-1.log")
r2=$(started_port "$work/replica-2.log")
echo "upstream $upstream; replica-1 on :$r1, replica-2 on :$r2; one config, one data dir ($work/data)"

# $1: run name, $2: the backend's balance lines; sends BURST requests as user $3 (key $4) through HAProxy
run() {
  local name=$1 balance=$2 user=$3 key=$4 port
  port=$(free_port)
  cat > "$work/haproxy-$name.cfg" <<CFG
global
  maxconn 256
defaults
  mode http
  timeout connect 5s
  timeout client 15m
  timeout server 15m
frontend piapi
  bind 127.0.0.1:$port
  option forwardfor
  default_backend replicas
backend replicas
$balance
  server replica-1 127.0.0.1:$r1
  server replica-2 127.0.0.1:$r2
CFG
  haproxy -q -db -f "$work/haproxy-$name.cfg" &
  local hp=$!
  pids+=($hp)
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  local ok=0 refused=0 other=0 start end code
  start=$(date +%s.%N)
  for i in $(seq 1 "$BURST"); do
    # half the requests carry the key as Authorization: Bearer, half as x-api-key (as Claude Code does)
    if [ $((i % 2)) -eq 0 ]; then credential="Authorization: Bearer $key"; else credential="x-api-key: $key"; fi
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "$credential" -H 'Content-Type: application/json' \
      -d '{"model":"gpt-5","input":"hi"}' "http://127.0.0.1:$port/piapi/codex/responses")
    case $code in 200) ok=$((ok + 1));; 429) refused=$((refused + 1));; *) other=$((other + 1));; esac
  done
  end=$(date +%s.%N)
  kill "$hp" 2>/dev/null || true
  local on1 on2
  on1=$(grep -c "\"user\":\"$user\".*\"outcome\"" "$work/replica-1.log" || true)
  on2=$(grep -c "\"user\":\"$user\".*\"outcome\"" "$work/replica-2.log" || true)
  printf '%-26s %s: %2d admitted, %2d refused (429), %d other, in %.1f s; replica-1 served %d, replica-2 served %d\n' \
    "$name" "$user" "$ok" "$refused" "$other" "$(awk "BEGIN{print $end - $start}")" "$on1" "$on2"
  eval "${name//-/_}_ok=$ok; ${name//-/_}_secs=$(awk "BEGIN{print $end - $start}"); ${name//-/_}_other=$other"
}

echo "each user may make $LIMIT requests a minute; each run sends $BURST at once"
# hash on the credential: the key of Authorization: Bearer when sent, else x-api-key, so either header lands on the
# same replica; kept in a variable, never forwarded
run hashed "  http-request set-var(txn.credential) req.hdr(x-api-key)
  http-request set-var(txn.credential) req.hdr(authorization),regsub(^[Bb]earer[[:space:]]+,) if { req.hdr(authorization) -m found }
  balance hash var(txn.credential)
  hash-type consistent" alice alice-key-scale-out-1
run round-robin "  balance roundrobin" bob bob-key-scale-out-2

usage=$(curl -s -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$r1/piadmin/api/usage?group_by=user")
echo "replica-1's usage API, reading both replicas' files: $(echo "$usage" | grep -o '"user":"[a-z]*","requests":[0-9]*' | tr '\n' ' ')"

# a smooth rate: LIMIT at once, then one more every 60/LIMIT seconds
allowed=$(awk "BEGIN{print int($LIMIT + $hashed_secs * $LIMIT / 60)}")
fail=0
if [ "$hashed_other" -ne 0 ] || [ "$round_robin_other" -ne 0 ]; then echo "FAIL: unexpected statuses"; fail=1; fi
if [ "$hashed_ok" -lt "$LIMIT" ] || [ "$hashed_ok" -gt "$allowed" ]; then
  echo "FAIL: hashed on the credential, alice got $hashed_ok requests through (the limit allows $LIMIT to $allowed)"; fail=1
else
  echo "ok: hashed on the credential, the limit held across both replicas ($hashed_ok of $BURST)"
fi
if [ "$round_robin_ok" -lt $((2 * LIMIT)) ]; then
  echo "FAIL: round-robin should let about twice the limit through, got $round_robin_ok"; fail=1
else
  echo "ok: round-robin, each replica applied the limit on its own: $round_robin_ok of $BURST (twice the limit)"
fi
exit $fail
