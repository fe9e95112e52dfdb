#!/usr/bin/env bash
# make stress: every test that waits on time or on a server's count of
# clients, run ROUNDS times in a row (default 20) with the race detector,
# while a CPU hog keeps both cores of a two-core machine busy. A test that
# only passes on a quiet machine fails here.
#
# It runs whole packages, not a hand-kept list of tests, so a new timing
# test cannot be left out: the packages below are the ones whose tests
# start servers, set deadlines or wait for counts. STRESS_RUN narrows it
# to a -run pattern when you want one test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-20}
HOGS=${HOGS:-2}
PKGS=${STRESS_PKGS:-". ./chapters/01-pool ./chapters/02-connection ./chapters/03-parser ./chapters/04-client ./chapters/05-pipeline ./chapters/06-pubsub ./chapters/07-lock ./internal/scenario"}
RUN=${STRESS_RUN:-.}

hogs=()
for _ in $(seq "$HOGS"); do
	sh -c 'while :; do :; done' &
	hogs+=($!)
done
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT

echo "stress: $ROUNDS rounds of $PKGS (-run '$RUN', -race) beside $HOGS busy loops"
start=$(date +%s)
# -count repeats each test ROUNDS times in a row; -failfast stops at the
# first failure so its output is not buried.
go test -race -failfast -count="$ROUNDS" -run "$RUN" $PKGS
echo "stress: $ROUNDS rounds passed in $(( $(date +%s) - start )) s"
