#!/usr/bin/env bash
# The training run of the service's AOT cache (Java 25, JEP 483/514/515; docs/deployment.md, "Start-up: the AOT
# cache"). Starts the jar once with -XX:AOTCacheOutput on its embedded PostgreSQL and the legacy sample (the run
# command's defaults: nothing external is needed, so the image build can run it), sends the requests production
# sends (reads by id and lists on both read paths, shadow reads, writes, health, metrics), then stops it with SIGTERM.
# At exit the JVM writes the cache: the classes it loaded and linked, and the profiles of the methods it ran, so that
# a start with -XX:AOTCache finds them made and the JIT starts from those profiles.
#
#   src/main/docker/aot-training.sh <java> <quarkus-app directory> <cache file to write> <flag file>
#
# The flag file is the run command's config/read-path-by-user.json, which puts the training's users on each path.
#
# The cache is valid only for the same JDK build and the same class path: the Dockerfile runs this with the image's
# own java, in the image's /deployments, and src/benchmark does the same with its JDK. Nothing is kept but the cache:
# the database lives in a temporary directory, removed at the end.
set -euo pipefail

java="$1"
app="$(cd "$2" && pwd)"
cache="$3"
flags="$4"
port="${AOT_TRAINING_PORT:-18080}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aot-training.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config" && cp "$flags" "$work/config/read-path-by-user.json"

# One HTTP/1.1 request with bash alone (the runtime image has no curl): prints the status code.
request() {
  local method="$1" path="$2" user="$3" body="${4:-}"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Tenant-Id: %s\r\nX-User-Id: %s\r\n' \
    "$method" "$path" "${tenant:-1}" "$user" >&3
  if [ -n "$body" ]; then
    printf 'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' "${#body}" "$body" >&3
  else
    printf '\r\n' >&3
  fi
  local status
  status="$(head -c 12 <&3 | cut -d' ' -f2)"
  cat <&3 >/dev/null
  exec 3<&-
  echo "$status"
}

echo "[aot-training] starting $app/quarkus-run.jar with -XX:AOTCacheOutput=$cache"
(cd "$work" && exec "$java" -XX:AOTCacheOutput="$cache" -Dquarkus.profile=dev -Dquarkus.http.port="$port" \
  -Dembedded-postgres.data-dir="$work/data" \
  -jar "$app/quarkus-run.jar" >"$work/service.log" 2>&1) &
service=$!

ready=""
for _ in $(seq 1 600); do
  if [ "$(request GET /q/health/ready training 2>/dev/null || true)" = "200" ]; then ready=yes; break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "[aot-training] the service did not become ready; its log:" >&2
  tail -50 "$work/service.log" >&2
  kill "$service" 2>/dev/null || true
  exit 1
fi

echo "[aot-training] ready; sending the training requests"
failures=0
check() {
  local expected="$1"; shift
  local status
  status="$(request "$@")"
  if [ "$status" != "$expected" ]; then
    failures=$((failures + 1))
    echo "[aot-training] $1 $2 as $3: $status, expected $expected" >&2
  fi
}
for round in $(seq 1 40); do
  for user in legacy-path-user normalized-path-user shadow-path-user; do
    id=$(( (round * 7) % 150 + 1 ))
    # The sample's patients belong to tenant 1 or 2: one of the two finds each.
    found=0
    for tenant in 1 2; do
      [ "$(request GET "/api/patients/$id" "$user")" = "200" ] && found=$((found + 1))
    done
    tenant=1
    [ "$found" = "1" ] || { failures=$((failures + 1)); echo "[aot-training] patient $id: found $found times" >&2; }
    check 200 GET "/api/patients?surname=Smith&size=50" "$user"
    check 200 GET "/api/patients?firstName=James&size=50" "$user"
    check 200 GET "/api/patients?dateOfBirth=1980-01-01&size=50" "$user"
    check 200 GET "/api/patients?mrn=MRN000000$id&size=50" "$user"
    check 200 GET "/api/patients?page=1&size=20" "$user"
    check 200 GET "/api/customers?size=20" "$user"
  done
  check 404 GET /api/patients/999999999 legacy-path-user
  check 400 GET "/api/patients?size=0" legacy-path-user
  check 200 GET /q/health/live training
  check 200 GET /q/metrics training
done
for round in $(seq 1 10); do
  check 201 POST /api/patients training "{\"firstName\":\"Training\",\"surname\":\"Run$round\"}"
done
check 200 GET /q/openapi training

kill -TERM "$service"
wait "$service" || true
if [ ! -s "$cache" ]; then
  echo "[aot-training] no cache was written; the service's log:" >&2
  tail -50 "$work/service.log" >&2
  exit 1
fi
if [ "$failures" -gt 0 ]; then
  echo "[aot-training] $failures requests did not answer as expected (the cache was written all the same)" >&2
fi
echo "[aot-training] wrote $cache ($(du -h "$cache" | cut -f1))"
