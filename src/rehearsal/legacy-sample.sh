#!/usr/bin/env bash
# Makes an embedded PostgreSQL data directory holding the legacy schema and sample, as production is today, for
# following the runbooks on this machine (docs/dba.md, docs/release-manager.md). Needs only a JDK 17+.
#
#   src/rehearsal/legacy-sample.sh data/rehearsal
#   export EMBEDDED_POSTGRES_DATA_DIR=data/rehearsal     # then every command of the runbooks uses it
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ne 1 ]; then
  echo "usage: $0 <data-dir>   (a directory that does not exist yet)" >&2
  exit 2
fi
./mvnw -B -q test-compile exec:exec \
  -Dexec.args="-classpath %classpath -Djava.util.logging.manager=org.jboss.logmanager.LogManager dev.normalizer.rehearsal.LegacySample $1"
