#!/usr/bin/env bash
# Runs the test classes whose outcome depends on the date or the month with every test gateway's clock starting
# just before a midnight UTC that ends a month (and one that ends a year), then on the real clock. A test that
# mixes the machine's "today" with its gateway's, or whose window a midnight can split, fails here on any run
# instead of on the one CI run that happens to cross midnight. `test/midnight.sh 2026-06-30T23:59:59Z` tries
# other instants; each run is a `make test TESTS=... TEST_CLOCK=...` and prints its own summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything that writes or reads the usage ledger, counts day or month quotas, or shows "today".
CLASSES="KilledGatewayTest LedgerKillTest LedgerWriteReadTest RetentionTest UsageReportTest
  UsageMemoryOnlyTest UsageEndpointsTest AdminBrowserUsageTest AdminFirefoxUsageTest RequestLogEndpointsTest
  MyUsageTest CalendarWindowsTest RefusingTest UsageRecordTest NetworkListsTest ConcurrencySlotsTest
  RebuildFromLedgerTest LimitsJsonTest QuotaTest RateAndConcurrencyTest
  DemoCostTest PricedThroughTheGatewayTest CountedThroughTheGatewayTest CompressedThroughTheGatewayTest AccessLogTest"

starts=("$@")
[ ${#starts[@]} -gt 0 ] || starts=(2026-01-31T23:59:58Z 2026-12-31T23:59:59.500Z)
mkdir -p build
status=0
for start in "${starts[@]}" ""; do
  log="build/midnight-${start:-real}.log"
  make --no-print-directory test TESTS="$(echo $CLASSES)" TEST_CLOCK="$start" >"$log" 2>&1 || { status=1; grep '✘' "$log" || tail -20 "$log"; }
  echo "clock from ${start:-the real clock}: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" || echo 'no summary')   (log: $log)"
done
exit $status
