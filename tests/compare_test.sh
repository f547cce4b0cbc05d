#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# compare_test: scripts/compare explains verdict changes (new feature from a
# SKIP reason, known bug and its fixing commit, regression), finds the newest
# record of a release prefix, compares benchmark CIs and never compares an
# emulated benchmark record with a native one. TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of scripts/compare, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -x "$d/scripts/compare" ] && { cmp=$d/scripts/compare; break; }
done
[ -n "${cmp:-}" ] || { echo "Bail out! scripts/compare not found"; exit 1; }
. "${cmp%/scripts/compare}/tests/lib/expect.sh"
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# conformance record: release stamp verdicts... (program:name=verdict[:reason])
conf() {
	rel=$1 stamp=$2; shift 2
	mkdir -p "$tmp/r/$rel"
	for t in "$@"; do echo "$t"; done | jq -R -s --arg rel "$rel" '
	  { schema: "seccomp-suite/result/1", kind: "conformance", created: "2026-01-01T00:00:00Z",
	    context: { kernel: { release: $rel } },
	    conformance: { status: "complete", where: "native",
	      summary: { pass: 0, fail: 0, skip: 0 },
	      tests: [ split("\n")[] | select(length > 0) | split("=") as $kv |
	        ($kv[1] | capture("^(?<v>[a-z]+)(:(?<r>.*))?$") | [.v, .r]) as $v |
	        { program: ($kv[0] | split(":")[0]), name: ($kv[0] | split(":")[1]), verdict: $v[0],
	          reason: ($v[1] // null),
	          feature: (if ($v[1] // "") | test(" unavailable") then ($v[1] | sub(" unavailable.*"; "")) else null end),
	          since: (if ($v[1] // "") | test("Linux ") then ($v[1] | capture("Linux (?<v>[0-9.]+)").v) else null end) } ] } }' \
	  >"$tmp/r/$rel/$stamp-conformance.json"
}
# bench record: release stamp emulated median lo hi
bench() {
	mkdir -p "$tmp/r/$1"
	jq -n --arg rel "$1" --argjson emu "$3" --argjson m "$4" --argjson lo "$5" --argjson hi "$6" '
	  { schema: "seccomp-suite/result/1", kind: "bench", created: "2026-01-01T00:00:00Z",
	    context: { kernel: { release: $rel }, cpu: { virtualization: { emulated: $emu } } },
	    benchmarks: [ { name: "getpid_one_filter", unit: "ns", params: { filters: 1 },
	                    median: $m, ci95: [ $lo, $hi ] } ], conformance: null }' \
	  >"$tmp/r/$1/$2-bench.json"
}

mkdir -p "$tmp/r/known-failures"
printf 'b_test:f.fixed_later\tabc123def456\tbroken before 9.9\n' >"$tmp/r/known-failures/1.0"
printf 'b_test:f.known_broken\t-\tknown regression of 2.0\n' >"$tmp/r/known-failures/2.0"
conf 1.0.0-1-x 20260101T000000Z "a_test:f.old=pass"
conf 1.0.0-1-x 20260102T000000Z "a_test:f.feature=skip:X_FLAG unavailable (probe: EINVAL; Linux 9.9+)" \
	"a_test:f.same=pass" "b_test:f.fixed_later=fail" "b_test:f.known_broken=pass" "b_test:f.cap=skip:needs CAP_SYS_ADMIN (run as root)"
conf 2.0.1 20260103T000000Z "a_test:f.feature=pass" "a_test:f.same=pass" "b_test:f.fixed_later=pass" \
	"b_test:f.known_broken=fail" "b_test:f.cap=pass"
conf 2.1.0 20260104T000000Z "a_test:f.feature=pass" "a_test:f.same=fail" "b_test:f.fixed_later=pass" \
	"b_test:f.known_broken=pass" "b_test:f.cap=pass"

n=0 failed=0
# name, want-rc, grep -E pattern that must match the output (! prefix: must not), args
check() {
	_n=$1 _w=$2 _p=$3
	shift 3
	tap_expect "$_n" "$_w" "$_p" "$cmp" --results "$tmp/r" "$@"
}

echo "TAP version 13"
echo "1..11"
check "skip -> pass with a feature in the SKIP reason is a new feature" 0 \
	'^new-feature +a_test:f\.feature +skip +pass +Linux 9\.9\+ feature' 1.0 2.0
check "the newest record of a release prefix is used" 0 '!a_test:f\.old' 1.0 2.0
check "fail -> pass of a known bug names the fixing commit" 0 \
	'^fixed +b_test:f\.fixed_later .*\[fixed by abc123def456\]' 1.0 2.0
check "pass -> fail listed for the newer release is a known bug, not a regression" 0 \
	'^known-bug +b_test:f\.known_broken .*known regression of 2\.0' 1.0 2.0
check "skip -> pass without a feature is now-runs" 0 '^now-runs +b_test:f\.cap' 1.0 2.0
check "pass -> fail unlisted is a REGRESSION, exit 1" 1 '^REGRESSION +a_test:f\.same +pass +fail' 2.0 2.1
check "release prefixes match whole components (2.0 is not 2.1.0)" 1 '2\.0\.1 .*conformance' 2.0 2.1
check "--markdown gives a table" 1 '^\| REGRESSION \| a_test:f\.same \| pass \| fail \|' --markdown 2.0 2.1
bench 2.0.1 20260103T000000Z false 100 98 102
bench 2.1.0 20260104T000000Z false 120 118 123
check "a benchmark slower beyond both CIs is a REGRESSION" 1 '^REGRESSION +getpid_one_filter .*\+20\.0% ns' \
	"$tmp/r/2.0.1/20260103T000000Z-bench.json" "$tmp/r/2.1.0/20260104T000000Z-bench.json"
bench 2.1.0 20260105T000000Z false 101 99 103
check "overlapping CIs are no change" 0 '0 moved beyond' \
	"$tmp/r/2.0.1/20260103T000000Z-bench.json" "$tmp/r/2.1.0/20260105T000000Z-bench.json"
bench 2.1.0 20260106T000000Z true 900 890 910
check "an emulated benchmark record is never compared with a native one" 0 'not compared: B ran emulated' \
	"$tmp/r/2.0.1/20260103T000000Z-bench.json" "$tmp/r/2.1.0/20260106T000000Z-bench.json"
exit "$failed"
