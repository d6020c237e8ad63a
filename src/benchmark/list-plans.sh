#!/usr/bin/env bash
# The patient list's count before and after V11 (docs/benchmarks.md, "Index-only list counts"): EXPLAIN (ANALYZE,
# BUFFERS) of the surname count as the service's role at V10 and at V11, on N generated patients.
#
#   src/benchmark/list-plans.sh            # 200,000 patients (about 2 minutes)
#   src/benchmark/list-plans.sh 1000000    # a million
#
# Needs only a JDK 17+ (Maven through the wrapper, PostgreSQL embedded). Prints a Markdown report on standard output.
set -euo pipefail
cd "$(dirname "$0")/../.."

source src/benchmark/arguments.sh
patients="${1:-200000}"
whole_numbers "[patients]   (a whole number, default 200000)" "$patients"
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q exec:exec -Dexec.args="-classpath %classpath dev.normalizer.migration.PatientListPlans $patients"
