#!/usr/bin/env bash
# Reads by id before and after V12 (docs/benchmarks.md, "Child-table policies without a parent lookup (issue 19)"):
# pgbench on a flat copy, the legacy view and the normalized statement, on N generated patients before V12, after it,
# and after it with the child tables rewritten by VACUUM FULL; the arms on the three databases in turn, in rounds.
#
#   src/benchmark/child-tenant-policies.sh              # 200,000 patients, 20 s per arm, 2 rounds (about 20 minutes)
#   src/benchmark/child-tenant-policies.sh 20000 5 1    # a quick run
#
# Needs a JDK 17+ and pgbench (Debian: postgresql-client); PostgreSQL itself is embedded. Prints a Markdown report.
set -euo pipefail
cd "$(dirname "$0")/../.."

source src/benchmark/arguments.sh
patients="${1:-200000}"
seconds="${2:-20}"
rounds="${3:-2}"
whole_numbers "[patients [seconds [rounds]]]   (whole numbers, default 200000 20 2)" "$patients" "$seconds" "$rounds"
command -v pgbench >/dev/null || { echo "pgbench is missing (apt-get install postgresql-client)" >&2; exit 2; }
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q exec:exec \
  -Dexec.args="-classpath %classpath dev.normalizer.migration.ChildTenantPolicyBenchmark $patients $seconds $rounds"
