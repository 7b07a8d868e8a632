#!/usr/bin/env bash
# A local cluster for people: one PostgreSQL and three Orleans silos on loopback (Orleans' ADO.NET
# membership and grain storage on PostgreSQL, the campaigns' event streams on our PostgreSQL event log).
#   deploy/local-cluster.sh start    build, start PostgreSQL and silos 1-3, wait until all are ready
#   deploy/local-cluster.sh stop     drain the silos (SIGTERM), then stop PostgreSQL
#   deploy/local-cluster.sh status   show what is running
# Silo N serves bids and the API on http://127.0.0.1:508N, talks to the other silos (Orleans silo port) on
# 1111N and has its Orleans gateway on 3000N.
# Silo 1 seeds the demo data into an empty database. State lives in .local-cluster/ (git-ignored).
# Environment: BIDDING_PG_PORT (55432), BIDDING_ADMIN_KEY (local-admin-key), BIDDING_SILOS (3),
# BIDDING_HTTP_BASE (5080: silo N listens on base+N), BIDDING_SILO_PORT_BASE (11110), BIDDING_GATEWAY_PORT_BASE (30000),
# BIDDING_CLUSTER_DIR (.local-cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
state="${BIDDING_CLUSTER_DIR:-$root/.local-cluster}"
http_base="${BIDDING_HTTP_BASE:-5080}"
silo_base="${BIDDING_SILO_PORT_BASE:-11110}"
gateway_base="${BIDDING_GATEWAY_PORT_BASE:-30000}"
pg_port="${BIDDING_PG_PORT:-55432}"
admin_key="${BIDDING_ADMIN_KEY:-local-admin-key}"
# Every silo must accept every silo's tracking URLs: one shared signing key (a local, not a secret, one).
tracking_secret="${BIDDING_TRACKING_SECRET:-local-cluster-tracking-key-0123456789abcdef}"
silos="${BIDDING_SILOS:-3}"
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bidding"
bin="$root/src/Bidding.Silo/bin/Release/net10.0"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$dir" ]; then
    echo "local-cluster: PostgreSQL is not installed; run ./test.sh once (it installs Debian's postgresql) or apt-get install postgresql" >&2
    exit 1
  fi
  echo "$dir"
}

start_postgres() {
  local pg; pg="$(pg_bin)"
  mkdir -p "$state"
  # The server runs as postgres when we are root: it must be able to reach its folder.
  [ "$(id -u)" -eq 0 ] && chmod o+x "$state"
  if [ ! -d "$state/pg/data" ]; then
    mkdir -p "$state/pg"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$state/pg"
    as_postgres "$pg/initdb" -D "$state/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_postgres "$pg/pg_ctl" -D "$state/pg/data" status >/dev/null 2>&1; then
    as_postgres "$pg/pg_ctl" -D "$state/pg/data" -l "$state/pg/server.log" -w \
      -o "-p $pg_port -k $state/pg -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  if ! "$pg/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'bidding'" | grep -q 1; then
    "$pg/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE bidding"
  fi
  echo "PostgreSQL on 127.0.0.1:$pg_port (database bidding)"
}

start_silo() {
  local n="$1" seed="false" http=$((http_base + $1)) port=$((silo_base + $1)) gateway=$((gateway_base + $1))
  [ "$n" -eq 1 ] && seed="true"
  if [ -f "$state/silo-$n.pid" ] && kill -0 "$(cat "$state/silo-$n.pid")" 2>/dev/null; then
    echo "silo $n already running"
    return
  fi
  nohup dotnet "$bin/Bidding.Silo.dll" --contentRoot "$bin" \
    --urls "http://127.0.0.1:$http" \
    --Silo:Storage=Postgres "--Silo:ConnectionString=$connection" "--Silo:AdminApiKey=$admin_key" \
    --Cluster:AdvertisedHost=127.0.0.1 "--Cluster:SiloPort=$port" "--Cluster:GatewayPort=$gateway" \
    --Tracking:Keys:0:Id=local "--Tracking:Keys:0:Secret=$tracking_secret" \
    "--Engine:SeedDemoData=$seed" >"$state/silo-$n.log" 2>&1 &
  echo $! >"$state/silo-$n.pid"
}

wait_ready() {
  local n="$1" http=$((http_base + $1))
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$http/readyz" >/dev/null 2>&1; then
      echo "silo $n ready: http://127.0.0.1:$http (silo port $((silo_base + n)))"
      return
    fi
    if ! kill -0 "$(cat "$state/silo-$n.pid")" 2>/dev/null; then
      echo "silo $n exited; its log:" >&2
      tail -n 40 "$state/silo-$n.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "silo $n not ready after 60 s; see $state/silo-$n.log" >&2
  exit 1
}

stop_silos() {
  for pidfile in "$state"/silo-*.pid; do
    [ -f "$pidfile" ] || continue
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start)
    dotnet build "$root/src/Bidding.Silo" -c Release -nologo -v quiet >/dev/null
    start_postgres
    start_silo 1
    wait_ready 1
    for n in $(seq 2 "$silos"); do start_silo "$n"; done
    for n in $(seq 2 "$silos"); do wait_ready "$n"; done
    echo "admin key: $admin_key   (curl -H 'X-Api-Key: $admin_key' http://127.0.0.1:$((http_base + 1))/api/v1/advertisers)"
    ;;
  stop)
    stop_silos
    if [ -d "$state/pg/data" ]; then
      as_postgres "$(pg_bin)/pg_ctl" -D "$state/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    echo "stopped"
    ;;
  status)
    for pidfile in "$state"/silo-*.pid; do
      [ -f "$pidfile" ] || continue
      n="$(basename "$pidfile" .pid)"
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$n running (pid $(cat "$pidfile"))"; else echo "$n not running"; fi
    done
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
