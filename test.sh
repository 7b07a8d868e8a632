#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (idempotent, quick when present).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet on PATH)" >&2
  exit 1
fi

# The ONNX Runtime native library is fetched by the build itself (src/Bidding.Onnx/fetch-onnxruntime.sh, npm).
# The cluster tests start a private PostgreSQL (initdb as the postgres user) unless
# BIDDING_TEST_POSTGRES names a server; install Debian's server binaries when they are missing.
# The local-cluster smoke test below needs them too, and curl.
missing=""
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing="postgresql"; fi
command -v curl >/dev/null 2>&1 || missing="$missing curl"
# ONNX's own operator tests (models, inputs, expected outputs) check our ONNX Runtime binding.
[ -d /usr/share/libonnx-testdata/data/node ] || missing="$missing libonnx-testdata"
# The metrics tests check the exposition with promtool and scrape a silo with a real Prometheus.
{ command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; } || missing="$missing prometheus"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if [ -n "$missing" ]; then
  echo "test.sh: installing$missing (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The deployment tests render deploy/kubernetes with kubectl's built-in kustomize (kubectl 1.21 or later).
if ! command -v kubectl >/dev/null 2>&1; then
  echo "test.sh: installing kubectl" >&2
  [ -n "$missing" ] || $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends kubectl >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
fi

# The conformance tests read ../shared/data in place when it exists; they report "did NOT run" otherwise.
if [ -d ../shared/data ]; then
  export BIDDING_SHARED_DATA="$(cd ../shared/data && pwd)"
else
  echo "WARNING: ../shared/data is absent: the conformance tests over exchange material will be SKIPPED (they did NOT run)" >&2
fi

dotnet build Bidding.sln -c Release -nologo -v quiet
log="$(mktemp)"
set +e
dotnet test Bidding.sln -c Release --no-build -nologo -v quiet --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The local-cluster script from a clean state: PostgreSQL and three silos, a bid through silo 2, drain.
smoke_dir="$(mktemp -d)"
export BIDDING_CLUSTER_DIR="$smoke_dir" BIDDING_PG_PORT=55439 BIDDING_HTTP_BASE=5190 BIDDING_SILO_PORT_BASE=11190 BIDDING_GATEWAY_PORT_BASE=30190
smoke=0
if deploy/local-cluster.sh start >"$smoke_dir/start.log" 2>&1 \
   && curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
      -d '{"id":"smoke","imp":[{"id":"1","banner":{"w":300,"h":250}}],"site":{"domain":"news.example"},"device":{"geo":{"country":"USA"}}}' \
      -w '%{http_code}' http://127.0.0.1:5192/openrtb2/bid | grep -q 200; then
  echo "local-cluster smoke: 3 silos on PostgreSQL started, silo 2 bid on the demo campaigns"
else
  echo "local-cluster smoke FAILED:" >&2; cat "$smoke_dir/start.log" >&2; tail -n 30 "$smoke_dir"/silo-*.log >&2 || true; smoke=1
fi
deploy/local-cluster.sh stop >/dev/null 2>&1 || true
rm -rf "$smoke_dir"
[ "$smoke" -eq 0 ] || status=1

# One closing line for the whole suite.
awk '/(Passed|Failed|Skipped)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
