#!/usr/bin/env bash
# The service's benchmark (docs/benchmarks.md): builds the jar, then runs the driver
# dev.normalizer.benchmark.Benchmark on the test class path. Needs only a JDK 17+: Maven comes through the wrapper
# and PostgreSQL is embedded.
#
#   src/benchmark/run.sh            # 1,000,000 patients: about 34 minutes on 2 cores, 10 GB of disk in $TMPDIR
#   src/benchmark/run.sh 20000      # a quick run
#
# More settings as JVM options of the driver, e.g. BENCHMARK_OPTS='-Dbenchmark.probes=5000 -Dbenchmark.users=1000'
# (see the driver's Javadoc and docs/benchmarks.md). The load test needs wrk, pgbench and Node (for the thin
# server; npm installs its one package, pg), which this script installs when they are missing.
# The report goes to target/benchmark/<timestamp>.md, the service's log beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."

source src/benchmark/arguments.sh
patients="${1:-1000000}"
whole_numbers "[patients]   (a whole number, default 1000000)" "$patients"

# The load test's tools, from Debian's packages: wrk, and pgbench, which comes with the server package (the
# benchmark runs its own embedded server, not Debian's).
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
install() {
  local tool="$1"; shift
  echo "[benchmark] installing $tool (Debian's $*) for the load test ..."
  $sudo apt-get install -y -q "$@" || { $sudo apt-get update -q && $sudo apt-get install -y -q "$@"; }
}
command -v wrk >/dev/null || install wrk wrk
command -v pgbench >/dev/null || install pgbench postgresql
command -v node >/dev/null || install node nodejs npm

echo "[benchmark] building the service jar and the test classes ..."
./mvnw -B -q -DskipTests package
./mvnw -B -q exec:exec \
  -Dexec.args="-classpath %classpath -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${BENCHMARK_OPTS:-} dev.normalizer.benchmark.Benchmark $patients"
