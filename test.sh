#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (idempotent, quick when present).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet on PATH)" >&2
  exit 1
fi

# The cluster tests start a private PostgreSQL (initdb as the postgres user) unless
# BIDDING_TEST_POSTGRES names a server; install Debian's server binaries when they are missing.
if [ -z "${BIDDING_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test.sh: installing PostgreSQL (Debian package postgresql)" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
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

# One closing line for the whole suite.
awk '/(Passed|Failed|Skipped)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
