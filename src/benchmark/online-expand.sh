#!/usr/bin/env bash
# The online expand, measured (docs/benchmarks.md, "The online expand"): a legacy database of N generated patients
# migrated as the service does at start while the legacy application's own SQL runs on three connections.
#
#   src/benchmark/online-expand.sh            # 1,000,000 patients
#   src/benchmark/online-expand.sh 20000      # a quick run
#   src/benchmark/online-expand.sh 20000 0    # without the legacy workload (its connections: default 3)
#   src/benchmark/online-expand.sh 20000 3 0  # its connections unpaced (default: 100 statements/s each)
#
# Needs only a JDK 17+ (Maven through the wrapper, PostgreSQL embedded). Prints a Markdown report on standard output,
# and the migration's log (each phase, each retried lock) on standard error.
set -euo pipefail
cd "$(dirname "$0")/../.."

source src/benchmark/arguments.sh
patients="${1:-1000000}"
connections="${2:-3}"
rate="${3:-100}"
whole_numbers "[patients [connections [rate]]]   (whole numbers, default 1000000 3 100)" "$patients" "$connections" \
  "$rate"
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q exec:exec \
  -Dexec.args="-classpath %classpath dev.normalizer.migration.OnlineExpandBenchmark $patients $connections $rate"
