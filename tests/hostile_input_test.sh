#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# hostile_input_test: bad input to the bench programs and the profile tools,
# as a careless user or a broken pipeline gives it (issue 18): FIFOs,
# directories, devices, empty and random files, JSON of the wrong shape,
# nulls, numbers out of range, trailing garbage, unknown options and
# missing values. Each must exit 2 with exactly one line on stderr, must
# not crash (exit < 128) and must return within 5 s (a FIFO no one writes
# to must be refused, not waited on). TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (bad-input self-test of the bench and profile tools, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# run by make from $(O)/tests: the programs are under $(O)/
for d in "$here/.." "${SCT_SRCDIR:-.}/build"; do
	[ -x "$d/bench/seccomp-bench" ] && { bin=$(cd "$d" && pwd); break; }
done
[ -n "${bin:-}" ] || { echo "1..0 # SKIP bench/seccomp-bench not built"; exit 4; }
for p in tools/layout-report tools/record-to-dat tools/seccomp-profile tools/runtime-filter; do
	[ -x "$bin/$p" ] || { echo "1..0 # SKIP $p not built"; exit 4; }
done
command -v timeout >/dev/null 2>&1 || { echo "1..0 # SKIP timeout(1) not installed"; exit 4; }
command -v mkfifo >/dev/null 2>&1 || { echo "1..0 # SKIP mkfifo not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bench=$bin/bench/seccomp-bench
layout=$bin/tools/layout-report
r2d=$bin/tools/record-to-dat
prof=$bin/tools/seccomp-profile
rtf=$bin/tools/runtime-filter

# ---- inputs ------------------------------------------------------------------
f=$tmp/in
mkdir "$f" "$tmp/out" "$tmp/dir"
mkfifo "$f/fifo"
: >"$f/empty"
# random bytes, reproducible: no /dev/urandom needed
awk 'BEGIN { srand(18); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 255) + 1 }' >"$f/random"
rec='"schema": "seccomp-suite/result/1", "kind": "bench", "created": "2026-01-01T00:00:00Z"'
echo '[1, 2]' >"$f/array.json"
echo '"a string"' >"$f/string.json"
echo 'null' >"$f/null.json"
echo '{ "benchmarks": ' >"$f/truncated.json"
echo "{ $rec, \"benchmarks\": {} }" >"$f/bench-object.json"
echo "{ $rec, \"benchmarks\": null }" >"$f/bench-null.json"
echo "{ $rec, \"benchmarks\": [] }" >"$f/bench-empty.json"
echo "{ $rec, \"benchmarks\": [ { \"name\": null, \"delta\": { \"median\": 1 } } ] }" >"$f/name-null.json"
echo "{ $rec, \"benchmarks\": [ { \"name\": \"length/fit/cached\", \"fit\": { \"b\": 1 } }," \
	"{ \"name\": \"length/cached/1\", \"params\": { \"suite\": null, \"group\": \"cached\" }," \
	"\"delta\": { \"median\": 1 } } ] }" >"$f/suite-null.json"
echo "{ $rec, \"benchmarks\": [ 7 ] }" >"$f/entry-number.json"
echo '{ "schema": "seccomp-suite/result/1", "kind": "conformance", "benchmarks": [] }' >"$f/conformance.json"
echo '{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ { "names": ["read"], "action": "SCMP_ACT_ALLOW" } ] }' >"$f/profile.json"
printf '{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ { "names": ["read"], "action": "SCMP\033[31m_ACT\n\n_X" } ] }\n' >"$f/ctl-action.json"
echo '{ "results": 3 }' >"$f/hf-bad.json"
echo '{ "results": [ { "command": null, "times": [1] } ] }' >"$f/hf-null.json"
echo "{ $rec, \"benchmarks\": [] }" >"$tmp/out/exists.json"

echo "TAP version 13"
n=0 failed=0

# bad NAME PROGRAM [ARG]...: exit 2, one line on stderr, no signal, within 5 s.
bad() {
	_name=$1
	shift
	n=$((n + 1))
	(cd "$tmp/dir" && timeout 5 "$@" </dev/null >"$tmp/stdout" 2>"$tmp/stderr")
	_rc=$?
	_lines=$(wc -l <"$tmp/stderr" | tr -d ' ')
	_why=
	[ "$_rc" = 124 ] && _why="timed out (hangs)"
	[ -z "$_why" ] && [ "$_rc" -ge 128 ] && _why="killed by signal $((_rc - 128))"
	[ -z "$_why" ] && [ "$_rc" != 2 ] && _why="exit $_rc, wanted 2"
	[ -z "$_why" ] && [ "$_lines" != 1 ] && _why="$_lines lines on stderr, wanted 1"
	# the one line must be printable: no raw control characters
	[ -z "$_why" ] && LC_ALL=C grep -q '[[:cntrl:]]' "$tmp/stderr" && _why="raw control characters"
	if [ -z "$_why" ]; then
		echo "ok $n $_name"
	else
		echo "not ok $n $_name # $_why"
		sed 's/^/# /' "$tmp/stderr" | head -20
		failed=1
	fi
}

# ---- seccomp-bench: options (--no-write, so an accepted one cannot leave a record) ----
for a in "--cpu 4294967296" "--cpu -1" "--cpu 1x" "--sample-ms 1e308" "--sample-ms nan" \
	 "--sample-ms 0" "--min-rounds 1e20" "--min-rounds -3" "--max-rounds 0.5" "--max-rounds 0" \
	 "--budget inf" "--budget -inf" "--budget 1e400" "--target-ns 0" "--target-rel 2" \
	 "--quiet-tol 1.5" "--speed-tol abc" "--clock wall" "--syscall open" \
	 "--kernel-benchmark-seconds -1" "--min-rounds 20 --max-rounds 10"; do
	# shellcheck disable=SC2086 # the option and its value are two words
	bad "seccomp-bench $a" "$bench" --no-write $a length
done
bad "seccomp-bench --frob: one line, not the usage" "$bench" --no-write --frob
bad "seccomp-bench -x" "$bench" --no-write -x
bad "seccomp-bench --cpu without its value" "$bench" --no-write --cpu
bad "seccomp-bench --json without its value" "$bench" --json
bad "seccomp-bench an unknown suite" "$bench" --no-write lenght
bad "seccomp-bench a suite name with control characters" "$bench" --no-write "$(printf 'a\nb\033')"
bad "seccomp-bench --json into a missing directory, before measuring" \
	"$bench" --json /nonexistent/dir/rec.json length
bad "seccomp-bench --json over an existing record" "$bench" --json "$tmp/out/exists.json" length
bad "seccomp-bench --json at a directory" "$bench" --force --json "$tmp/out" length
bad "seccomp-bench --results under a regular file" "$bench" --results "$f/empty/x" length
for i in fifo empty random array.json truncated.json hf-bad.json hf-null.json; do
	bad "seccomp-bench --hyperfine $i" "$bench" --no-write --hyperfine "$f/$i"
done
bad "seccomp-bench --hyperfine a directory" "$bench" --no-write --hyperfine "$f"
bad "seccomp-bench --hyperfine /dev/null" "$bench" --no-write --hyperfine /dev/null
bad "seccomp-bench --hyperfine LABEL=missing" "$bench" --no-write --hyperfine "x=$f/missing"
bad "seccomp-bench --kernel-benchmark fifo" "$bench" --no-write --kernel-benchmark "$f/fifo" kernel-ref

# ---- seccomp-bench launch ----------------------------------------------------
for s in cached:12abc cached:4294967297 cached:0 cached: "cached: 5" uncached:1 uncached:-2 \
	 stack:0 stack:99999999999999999999 bogus "profile:$f/fifo:linear" "profile:$f:linear" \
	 "profile:$f/random:linear" "profile:$f/profile.json:nolayout" "profile:nocolon"; do
	bad "launch --filter $s" "$bench" launch --filter "$s" -- true
done
bad "launch --filter without its value" "$bench" launch --filter
bad "launch --filter then --" "$bench" launch --filter -- true
bad "launch --frob -- true: an option, not PROGRAM" "$bench" launch --frob -- true
bad "launch without PROGRAM" "$bench" launch --filter none --

# ---- seccomp-bench agree -----------------------------------------------------
for i in fifo empty random array.json string.json null.json truncated.json bench-object.json \
	 bench-null.json name-null.json suite-null.json entry-number.json \
	 conformance.json profile.json; do
	bad "agree $i" "$bench" agree "$f/$i" "$f/$i"
done
# two valid records without a figure in common do not agree: exit 1, not "0 differ"
n=$((n + 1))
timeout 5 "$bench" agree "$f/bench-empty.json" "$f/bench-empty.json" >"$tmp/stdout" 2>"$tmp/stderr"
_rc=$?
if [ "$_rc" = 1 ] && grep -q 'no figure in common' "$tmp/stderr"; then
	echo "ok $n agree two records without figures: exit 1"
else
	echo "not ok $n agree two records without figures: exit 1 # exit $_rc"
	failed=1
fi
bad "agree a directory" "$bench" agree "$f" "$f"
bad "agree /dev/null" "$bench" agree /dev/null /dev/null
bad "agree one file" "$bench" agree "$f/bench-empty.json"
bad "agree --tolerance without its value" "$bench" agree "$tmp/out/exists.json" "$tmp/out/exists.json" --tolerance
bad "agree --tolerance inf" "$bench" agree "$tmp/out/exists.json" "$tmp/out/exists.json" --tolerance inf
bad "agree --frob" "$bench" agree "$tmp/out/exists.json" "$tmp/out/exists.json" --frob 1

# ---- layout-report -----------------------------------------------------------
for i in fifo empty random array.json truncated.json ctl-action.json; do
	bad "layout-report --profile $i" "$layout" --profile "$f/$i"
done
bad "layout-report --profile a directory" "$layout" --profile "$f"
bad "layout-report --profile /dev/null" "$layout" --profile /dev/null
bad "layout-report --mix fifo" "$layout" --profile "$f/profile.json" --mix "$f/fifo"
bad "layout-report --mix a directory" "$layout" --profile "$f/profile.json" --mix "$f"
bad "layout-report --mix random" "$layout" --profile "$f/profile.json" --mix "$f/random"
bad "layout-report --profile without its value" "$layout" --profile
bad "layout-report --frob: one line, not the usage" "$layout" --frob
bad "layout-report no --profile" "$layout"
bad "layout-report --disasm bogus" "$layout" --profile "$f/profile.json" --disasm bogus

# ---- record-to-dat -----------------------------------------------------------
for i in fifo empty random array.json null.json truncated.json bench-object.json bench-null.json \
	 conformance.json profile.json; do
	bad "record-to-dat $i" "$r2d" "$f/$i" "$tmp/out"
done
bad "record-to-dat a directory" "$r2d" "$f" "$tmp/out"
bad "record-to-dat one argument" "$r2d" "$f/bench-empty.json"
bad "record-to-dat --frob" "$r2d" --frob "$tmp/out"

# ---- seccomp-profile ---------------------------------------------------------
for i in fifo empty random array.json truncated.json ctl-action.json; do
	bad "seccomp-profile compile $i" "$prof" compile "$f/$i"
done
bad "seccomp-profile compile a directory" "$prof" compile "$f"
bad "seccomp-profile compile /dev/null" "$prof" compile /dev/null
bad "seccomp-profile compile --caps BOGUS" "$prof" compile "$f/profile.json" --caps BOGUS
bad "seccomp-profile compile --frob" "$prof" compile "$f/profile.json" --frob
bad "seccomp-profile compile --layout without its value" "$prof" compile "$f/profile.json" --layout
bad "seccomp-profile explain a number with garbage" "$prof" explain "$f/profile.json" 12abc
bad "seccomp-profile diff fifo" "$prof" diff "$f/fifo" "$f/profile.json"

# ---- runtime-filter (bad input is refused before any runtime is looked for) ----
for i in fifo empty random truncated.json; do
	bad "runtime-filter --profile $i" "$rtf" --runtime runc --profile "$f/$i"
done
bad "runtime-filter --profile a directory" "$rtf" --runtime runc --profile "$f"
bad "runtime-filter --timeout 12abc" "$rtf" --runtime runc --profile "$f/profile.json" --timeout 12abc
bad "runtime-filter --timeout 99999999999999999999" "$rtf" --runtime runc --profile "$f/profile.json" \
	--timeout 99999999999999999999
bad "runtime-filter --profile without its value" "$rtf" --runtime runc --profile
bad "runtime-filter --frob" "$rtf" --frob

# ---- workload ----------------------------------------------------------------
if [ -x "$bin/bench/workload" ]; then
	for a in "-n 0" "-n -5" "-n 1e3" "-n 12abc" "-n 99999999999999999999" "-n" "--frob"; do
		# shellcheck disable=SC2086 # the option and its value are two words
		bad "workload $a" "$bin/bench/workload" $a
	done
fi

echo "1..$n"
exit $failed
