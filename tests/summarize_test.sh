#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# summarize_test: tools/summarize over fixture records: the canonical
# conformance record is the latest complete one per arch, known failures
# counted from the lists that apply to the release and arch, the last
# agreeing pair of benchmark records (else the latest record), unknown keys
# ignored, one error line and exit 2 for a malformed record, --index; the
# tree's own results/ read and their SUMMARY.md files are current.
# TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of tools/summarize, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# run by make from $(O)/tests: the tool is $(O)/tools/summarize
for t in "$here/../tools/summarize" "${SCT_SRCDIR:-.}/build/tools/summarize"; do
	[ -x "$t" ] && { sum=$t; break; }
done
[ -n "${sum:-}" ] || { echo "1..0 # SKIP tools/summarize not built"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# conf FILE MACHINE STATUS PASS FAIL SKIP [EXTRA]: a conformance record whose
# failures are a_test:t1..tFAIL
conf() {
	tests=
	i=1
	while [ "$i" -le "$5" ]; do
		tests="$tests${tests:+,}{\"program\":\"a_test\",\"name\":\"t$i\",\"verdict\":\"fail\"}"
		i=$((i + 1))
	done
	cat >"$1" <<EOF
{"schema":"seccomp-suite/result/1","kind":"conformance","created":"$(basename "$1" | cut -c1-8)T00:00:00Z",
 "context":{"kernel":{"release":"9.9.1-test","version":"#1 test","machine":"$2"},
            "cpu":{"virtualization":{"kind":"kvm","emulated":false}}},
 "benchmarks":[],"future_key":{"x":[1,2]}${7:-},
 "conformance":{"status":"$3","reason":null,"where":"native",
   "summary":{"programs_planned":2,"programs_run":2,"programs_failed":0,
              "tests":$(($4 + $5 + $6)),"pass":$4,"fail":$5,"skip":$6},
   "tests":[$tests]}}
EOF
}
# bench FILE SLOPE: a benchmark record with one fit and one figure
bench() {
	cat >"$1" <<EOF
{"schema":"seccomp-suite/result/1","kind":"bench","created":"x",
 "context":{"kernel":{"release":"9.9.1-test","machine":"x86_64"}},"conformance":null,
 "benchmarks":[{"name":"length/fit/uncached","unit":"ns","params":{"x_name":"instructions"},
                "fit":{"a":50.5,"b":$2},"median":$2},
               {"name":"kernel-ref/figure/native","unit":"ns","median":141.25},
               {"name":"length/uncached/8","unit":"ns","median":3}]}
EOF
}

rel=$tmp/res/9.9.1-test
mkdir -p "$rel" "$tmp/res/known-failures" "$tmp/res/archive/9.9.1-test"
conf "$rel/20260101T000000Z-conformance.json" x86_64 complete 10 2 1
conf "$rel/20260102T000000Z-conformance.json" x86_64 incomplete 3 0 0
conf "$rel/20260103T000000Z-conformance.json" aarch64 complete 7 2 0
bench "$rel/20260104T000000Z-bench.json" 0.1361
bench "$rel/20260105T000000Z-bench.json" 0.1362
bench "$rel/20260106T000000Z-bench.json" 2.5000
cp "$rel/20260104T000000Z-bench.json" "$tmp/res/archive/9.9.1-test/20251231T000000Z-bench.json"
printf '# every arch\na_test:t1\t-\tknown everywhere\n' >"$tmp/res/known-failures/9.9"
printf 'a_test:t2\t-\tarm only\n' >"$tmp/res/known-failures/9.9@aarch64"
printf 'a_test:t2\t-\tnot this release\n' >"$tmp/res/known-failures/9.99"
# a release whose records do not agree: the slopes 2.5 and 0.1362 are more
# than 5 % and more than 1 ns apart
solo=$tmp/solo/9.9.2-test
mkdir -p "$solo"
cp "$rel/20260105T000000Z-bench.json" "$rel/20260106T000000Z-bench.json" "$solo/"

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
nok() { n=$((n + 1)); echo "not ok $n $1"; failed=1; sed 's/^/# /' "$2"; }
# name, file, fixed string that must be in it
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else nok "$1 (no '$3')" "$2"; fi
}

"$sum" "$rel" >"$tmp/out" 2>&1 && [ -f "$rel/SUMMARY.md" ] && [ ! -s "$tmp/out" ] &&
	! ls "$rel" | grep -q tmp && ok "writes SUMMARY.md, no temporary left" ||
	nok "writes SUMMARY.md, no temporary left" "$tmp/out"
s=$rel/SUMMARY.md
has "x86_64: the latest complete run is canonical, not the newer incomplete one" "$s" \
	'[`20260101T000000Z-conformance.json`](20260101T000000Z-conformance.json): the latest complete run'
has "x86_64: the 9.9 list applies, 9.99 and 9.9@aarch64 do not" "$s" \
	'| test cases | 13: 10 passed, 1 failed, 1 known, 1 skipped |'
has "aarch64: 9.9 and 9.9@aarch64 both apply" "$s" \
	'| test cases | 9: 7 passed, 0 failed, 2 known, 0 skipped |'
has "kernel, date, emulation" "$s" '| where | native |'
has "the last agreeing pair of bench records" "$s" \
	'[`20260104T000000Z-bench.json`](20260104T000000Z-bench.json) and [`20260105T000000Z-bench.json`]'
has "headline: the fit's slope, a column per record of the pair" "$s" \
	'| length/fit/uncached Δ slope, ns per instruction | 0.1361 | 0.1362 |'
has "headline: a kernel-ref figure" "$s" '| kernel-ref/figure/native, ns | 141.2 |'
if grep -q 'length/uncached/8' "$s"; then nok "only headline figures" "$s"; else ok "only headline figures"; fi

"$sum" --stdout --known "$tmp/res/known-failures" "$solo" >"$tmp/solo.md" 2>&1
has "no pair agrees: says so" "$tmp/solo.md" 'No two consecutive records agree'
has "no pair agrees: the latest record's figures" "$tmp/solo.md" \
	'| length/fit/uncached Δ slope, ns per instruction | 2.50 |'

"$sum" --index "$tmp/res" >"$tmp/out" 2>&1
has "--index: canonical records per release and arch" "$tmp/res/INDEX.md" \
	'| [9.9.1-test](9.9.1-test/SUMMARY.md) | aarch64 | [`20260103T000000Z-conformance.json`](9.9.1-test/20260103T000000Z-conformance.json) complete |'
has "--index: the archive" "$tmp/res/INDEX.md" '- `archive/9.9.1-test/`: 1 record'

# bad input: one line on stderr, exit 2
bad() {
	name=$1 want=$2
	shift 2
	"$sum" --stdout "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -qF -- "$want" "$tmp/err"; then
		ok "$name"
	else
		echo "# exit $rc"; nok "$name" "$tmp/err"
	fi
}
mkdir -p "$tmp/b1" "$tmp/b2" "$tmp/b3" "$tmp/b4"
conf "$tmp/b1/20260101T000000Z-conformance.json" x86_64 complete 1 0 0
sed 's/"pass":1/"pass":"1"/' "$tmp/b1/20260101T000000Z-conformance.json" >"$tmp/b2/r.json"
sed 's,result/1,result/7,' "$tmp/b1/20260101T000000Z-conformance.json" >"$tmp/b3/r.json"
echo '{"schema": "seccomp-suite/result/1", "kind": "conformance"' >"$tmp/b4/r.json"
bad "a wrongly typed key names the file and the key" "b2/r.json: not a valid result record: 'conformance.summary.pass' is a string, not an integer" "$tmp/b2"
bad "a newer schema version" "schema version 7 is newer" "$tmp/b3"
bad "not JSON" "b4/r.json: not a valid result record: not JSON" "$tmp/b4"
bad "no directory" "is not a directory" "$tmp/nope"
bad "no argument" "expected one directory" 
bad "an unknown option" "bad option '--frob'" --frob "$tmp/b1"
"$sum" --help >"$tmp/out" 2>&1 && grep -q '^Usage: summarize' "$tmp/out" && ok "--help" || nok "--help" "$tmp/out"

# the tree's own records: every one (canonical and archived) reads, and each
# committed SUMMARY.md is what summarize writes now
src=${SCT_SRCDIR:-$here/..}
if [ -d "$src/results" ]; then
	bad_dirs=
	for d in "$src"/results/*/ "$src"/results/archive/*/; do
		ls "$d"*.json >/dev/null 2>&1 || continue
		"$sum" --stdout --known "$src/results/known-failures" "$d" >"$tmp/now" 2>"$tmp/err" ||
			{ bad_dirs="$bad_dirs $d"; cat "$tmp/err"; continue; }
		[ -f "$d/SUMMARY.md" ] || continue
		cmp -s "$tmp/now" "$d/SUMMARY.md" ||
			{ bad_dirs="$bad_dirs $d"; echo "stale: ${d}SUMMARY.md"; }
	done >"$tmp/tree" 2>&1
	"$sum" --stdout --index "$src/results" 2>>"$tmp/tree" | cmp -s - "$src/results/INDEX.md" ||
		{ bad_dirs="$bad_dirs INDEX"; echo "stale: results/INDEX.md" >>"$tmp/tree"; }
	if [ -z "$bad_dirs" ]; then ok "results/: every record reads, SUMMARY.md and INDEX.md up to date"
	else nok "results/: every record reads, SUMMARY.md and INDEX.md up to date (regenerate: results/README.md)" "$tmp/tree"; fi
fi

echo "1..$n"
exit $failed
