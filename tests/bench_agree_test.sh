#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# bench_agree_test: `seccomp-bench agree` is the check behind "two runs agree":
# every Δ within 5 % or within 1 ns, a slope's difference counted over its
# fitted range, the Δ pseudo-median preferred to the median (older records
# fall back), DIFFERS gives exit 1 and bad usage exit 2. TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of seccomp-bench agree, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# run by make from $(O)/tests: the tool is $(O)/bench/seccomp-bench
for b in "$here/../bench/seccomp-bench" "${SCT_SRCDIR:-.}/build/bench/seccomp-bench"; do
	[ -x "$b" ] && { bench=$b; break; }
done
[ -n "${bench:-}" ] || { echo "1..0 # SKIP bench/seccomp-bench not built"; exit 4; }
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -f "$d/tests/lib/expect.sh" ] && { lib=$d/tests/lib/expect.sh; break; }
done
[ -n "${lib:-}" ] || { echo "Bail out! tests/lib/expect.sh not found"; exit 1; }
. "$lib"
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# record FILE SLOPE DELTA_AT_1 DELTA_AT_256 [median-only]: a length suite
# with two uncached configurations (x = 1 and 256) and its fit.
record() {
	jq -n --argjson b "$2" --argjson d1 "$3" --argjson d2 "$4" --arg old "${5:-}" '
	  def cfg($x; $d): { name: "length/uncached/\($x)", unit: "ns",
	    params: { suite: "length", group: "uncached", x: $x },
	    delta: (if $old == "" then { median: ($d + 50), ci95: [$d, $d],
	             pseudomedian: $d, pseudomedian_ci95: [$d - 0.1, $d + 0.1] }
	            else { median: $d, ci95: [$d - 0.1, $d + 0.1] } end) };
	  { schema: "seccomp-suite/result/1", kind: "bench", created: "2026-01-01T00:00:00Z", benchmarks: [
	    { name: "length/fit/uncached", unit: "ns", params: { suite: "length", group: "uncached" },
	      fit: { a: 50, b: $b, b_ci95: [$b, $b] } },
	    cfg(1; $d1), cfg(256; $d2) ] }' >"$1"
}

n=0 failed=0
# check NAME WANT_RC PATTERN A B [ARGS...]
check() {
	_n=$1 _w=$2 _p=$3 _a=$4 _b=$5
	shift 5
	tap_expect "$_n" "$_w" "$_p" "$bench" agree "$tmp/$_a" "$tmp/$_b" "$@"
}

record "$tmp/base.json" 0.1360 57.0 90.0
record "$tmp/near.json" 0.1400 59.5 88.0         # 2.9 %, 4.2 %, 2.2 %
jq '.benchmarks[1].delta.pseudomedian = 3.0' "$tmp/base.json" >"$tmp/small-a.json"
jq '.benchmarks[1].delta.pseudomedian = 3.8' "$tmp/base.json" >"$tmp/small-b.json"  # 21 %, 0.8 ns
record "$tmp/far.json" 0.1360 57.0 99.0          # 9 %, 9 ns
record "$tmp/flat-a.json" 0.0010 40.0 40.0
record "$tmp/flat-b.json" 0.0030 40.0 40.0       # 0.002 ns x 255 = 0.5 ns
record "$tmp/flat-c.json" 0.0100 40.0 40.0       # 0.009 ns x 255 = 2.3 ns
record "$tmp/old.json" 0.1360 57.0 90.0 median-only
echo '{ "benchmarks": ' >"$tmp/broken.json"

echo "TAP version 13"
echo "1..10"
check "a record agrees with itself" 0 '0 differ' base.json base.json
check "differences under 5% agree" 0 '3 figures: 3 within 5%, 0 more within 1 ns.*0 differ' base.json near.json
check "a small figure agrees within 1 ns though 21% apart" 0 \
	'length/uncached/1 Δ .* within 1 ns$' small-a.json small-b.json
check "--floor-ns 0 leaves only the 5% rule" 1 'length/uncached/1 Δ .*DIFFERS' \
	small-a.json small-b.json --floor-ns 0
check "9 ns apart at 9% differs, exit 1" 1 'length/uncached/256 Δ .*DIFFERS' base.json far.json
check "a near-zero slope counts over its range: 0.5 ns agrees" 0 \
	'slope .*within 1 ns over the range' flat-a.json flat-b.json
check "a near-zero slope 2.3 ns apart over its range differs" 1 'slope .*DIFFERS' flat-a.json flat-c.json
check "the pseudo-median is the Δ, not the median (50 ns apart here)" 0 '0 differ' base.json old.json
check "an unreadable record is a usage error, exit 2" 2 'cannot read' base.json broken.json
check "a bad option is a usage error, exit 2" 2 'usage' base.json base.json --tolerance x
exit $failed
