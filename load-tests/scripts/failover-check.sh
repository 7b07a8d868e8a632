#!/usr/bin/env bash
# A recorded failover run against deploy/local-cluster.sh: bids and win notices go to silos 2 and 3
# while silo 1 is killed with SIGKILL part-way through; then every acknowledged notice must show up
# exactly once in the campaigns' statistics, and the API must answer for every campaign again.
#   deploy/local-cluster.sh start && load-tests/scripts/failover-check.sh [notices] [kill-after]
# Environment as for local-cluster.sh (BIDDING_CLUSTER_DIR, BIDDING_HTTP_BASE, BIDDING_ADMIN_KEY).
set -euo pipefail
cd "$(dirname "$0")/../.."
state="${BIDDING_CLUSTER_DIR:-$(pwd)/.local-cluster}"
http_base="${BIDDING_HTTP_BASE:-5080}"
admin_key="${BIDDING_ADMIN_KEY:-local-admin-key}"
notices="${1:-300}"
kill_after="${2:-100}"
campaigns=(demo-sports-display demo-sports-video demo-travel-native)

wins() { # campaign silo -> wins in its statistics, or empty when the API did not answer
  curl -fsS -m 5 -H "X-Api-Key: $admin_key" "http://127.0.0.1:$((http_base + $2))/api/v1/campaigns/$1/stats" 2>/dev/null \
    | grep -o '"total":{[^}]*}' | grep -o '"wins":[0-9]*' | cut -d: -f2
}
now() { date +%s.%N; }

declare -A before acknowledged
for c in "${campaigns[@]}"; do before[$c]="$(wins "$c" 2)"; acknowledged[$c]=0; done
body='{"id":"ID","imp":[{"id":"1","banner":{"w":300,"h":250}}],"site":{"domain":"news.example"},"device":{"geo":{"country":"USA"}}}'
killed_at="$(now)"
sent=0
for i in $(seq 1 "$notices"); do
  if [ "$i" -eq "$kill_after" ]; then
    kill -9 "$(cat "$state/silo-1.pid")"; killed_at="$(now)"
    echo "silo 1 killed (SIGKILL) after $((i - 1)) notices"
    # Every campaign's grains answer again through a survivor (they may have lived on silo 1).
    for _ in $(seq 1 600); do
      ok=1; for c in "${campaigns[@]}"; do [ -n "$(wins "$c" 2)" ] || ok=0; done
      [ "$ok" = 1 ] && break; sleep 0.05
    done
    echo "the API answered for every campaign $(echo "$(now) - $killed_at" | bc) s after the kill"
  fi
  silo=$((2 + i % 2))
  auction="failover-$$-$i"
  response="$(curl -sS -m 5 -X POST -H 'Content-Type: application/json' -d "${body/ID/$auction}" "http://127.0.0.1:$((http_base + silo))/openrtb2/bid" || true)"
  nurl="$(printf '%s' "$response" | grep -o '"nurl":"[^"]*"' | head -1 | cut -d'"' -f4)"
  cid="$(printf '%s' "$response" | grep -o '"cid":"[^"]*"' | head -1 | cut -d'"' -f4)"
  [ -n "$nurl" ] || continue
  url="${nurl//\$\{AUCTION_PRICE\}/1.00}"; url="${url//\$\{AUCTION_ID\}/$auction}"; url="${url//\$\{AUCTION_IMP_ID\}/1}"; url="${url//\$\{AUCTION_CURRENCY\}/USD}"
  # The notice goes to the other surviving silo than the one that bid.
  url="$(printf '%s' "$url" | sed "s#http://127.0.0.1:[0-9]*#http://127.0.0.1:$((http_base + 5 - silo))#")"
  code="$(curl -sS -m 10 -o /dev/null -w '%{http_code}' "$url" || echo 000)"
  sent=$((sent + 1))
  if [ "$code" = 204 ] || [ "$code" = 200 ]; then acknowledged[$cid]=$((acknowledged[$cid] + 1)); fi
done

# Every acknowledged notice counts once: wait (bounded) for delivery, then compare.
status=0
for c in "${campaigns[@]}"; do
  want=$((before[$c] + acknowledged[$c]))
  for _ in $(seq 1 600); do got="$(wins "$c" 2)"; [ "${got:-0}" -ge "$want" ] && break; sleep 0.1; done
  sleep 1; got="$(wins "$c" 3)"
  echo "$c: acknowledged ${acknowledged[$c]} notices, wins went from ${before[$c]} to $got (want $want)"
  [ "$got" = "$want" ] || status=1
done
echo "$sent notices sent"
[ "$status" = 0 ] && echo "failover check: every acknowledged notice counted exactly once" || echo "failover check FAILED" >&2
exit "$status"
