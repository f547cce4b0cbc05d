#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# compare_test: scripts/compare explains verdict changes (new feature from a
# SKIP reason, known bug and its fixing commit, regression), finds the newest
# record of a release prefix, compares benchmark CIs and never compares an
# emulated benchmark record with a native one; between two arches of one
# release every difference is arch-only, arch-skip, a known bug of that
# arch's lists, or an ARCH-DIFF (exit 1). TAP output.

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

# conformance record: release stamp verdicts... (program:name=verdict[:reason]);
# context.kernel.machine is $M, none when M is empty (records before arm64)
M=
conf() {
	rel=$1 stamp=$2; shift 2
	mkdir -p "$tmp/r/$rel"
	for t in "$@"; do echo "$t"; done | jq -R -s --arg rel "$rel" --arg m "$M" '
	  { schema: "seccomp-suite/result/1", kind: "conformance", created: "2026-01-01T00:00:00Z",
	    context: { kernel: ({ release: $rel } + (if $m == "" then {} else { machine: $m } end)) },
	    benchmarks: [],
	    conformance: { status: "complete", where: "native",
	      summary: { pass: 0, fail: 0, skip: 0 },
	      tests: [ split("\n")[] | select(length > 0) | split("=") as $kv |
	        ($kv[1:] | join("=") | capture("^(?<v>[a-z]+)(:(?<r>.*))?$") | [.v, .r]) as $v |
	        { program: ($kv[0] | split(":")[0]), name: ($kv[0] | split(":")[1]), verdict: $v[0],
	          reason: ($v[1] // null),
	          feature: (if ($v[1] // "") | test(" unavailable") then ($v[1] | sub(" unavailable.*"; "")) else null end),
	          since: (if ($v[1] // "") | test("Linux ") then ($v[1] | capture("Linux (?<v>[0-9.]+)").v) else null end) } ] } }' \
	  >"$tmp/r/$rel/$stamp-conformance.json"
}
# bench record: release stamp emulated median lo hi (machine $M, as conf)
bench() {
	mkdir -p "$tmp/r/$1"
	jq -n --arg rel "$1" --argjson emu "$3" --argjson m "$4" --argjson lo "$5" --argjson hi "$6" --arg mach "$M" '
	  { schema: "seccomp-suite/result/1", kind: "bench", created: "2026-01-01T00:00:00Z",
	    context: { kernel: ({ release: $rel } + (if $mach == "" then {} else { machine: $mach } end)),
	               cpu: { virtualization: { emulated: $emu } } },
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
echo "1..31"
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

# --- one release on two arches (the SKIP wordings of suites/arch_test.c and
# lib/probe.c). The x86_64 record has no machine field: older records are
# x86_64.
printf 'b_test:f.x86_bug\t-\tbroken on x86_64 only\n' >"$tmp/r/known-failures/3.0@x86_64"
printf 'b_test:f.arm_bug\t0123abcd\tbroken on aarch64 only\n' >"$tmp/r/known-failures/3.0@aarch64"
x86=$tmp/r/3.0.0-1-cloud-amd64/20260201T000000Z-conformance.json
arm() { echo "$tmp/r/3.0.0-1-cloud-arm64/$1-conformance.json"; }
M=
conf 3.0.0-1-cloud-amd64 20260201T000000Z "a_test:f.same=pass" "arch_test:x32.getpid=pass" \
	"arch_test:compat.entry=pass" "arch_test:cache.same_nr=skip:on x86_64, native getpid and compat mkdir have different numbers" \
	"arch_test:x86.only=pass" "b_test:f.x86_bug=fail" "b_test:f.arm_bug=pass" "uprobe_test:f.uretprobe=pass" \
	"b_test:f.cap=pass"
M=aarch64
# the common part of every aarch64 record below
armok="arch_test:x32.getpid=skip:aarch64 has no x32 ABI (x86_64 only)
arch_test:compat.entry=skip:compat syscall entry (int \$0x80) unavailable (compat getpid in a child: nothing to ask on this arch, this arch has no compat entry from native code; CONFIG_IA32_EMULATION, not disabled by ia32_emulation=0)
arch_test:cache.same_nr=pass
arch_test:aarch32.only=pass
b_test:f.x86_bug=pass
uprobe_test:f.uretprobe=skip:uretprobe(2) unavailable (uretprobe() called directly, in a child: nothing to ask on this arch, this arch has no uretprobe syscall; Linux 6.11+, x86_64)"
# shellcheck disable=SC2086 # one verdict a line
(IFS='
'; conf 3.0.0-1-cloud-arm64 20260202T000000Z "a_test:f.same=pass" "b_test:f.arm_bug=fail" "b_test:f.cap=pass" $armok
conf 3.0.0-1-cloud-arm64 20260203T000000Z "a_test:f.same=fail:expected 0, got -1" "b_test:f.arm_bug=fail" "b_test:f.cap=pass" $armok
conf 3.0.0-1-cloud-arm64 20260204T000000Z "a_test:f.same=pass" "b_test:f.arm_bug=fail" \
	"b_test:f.cap=skip:needs CAP_SYS_ADMIN (run as root)" $armok
conf 3.0.0-1-cloud-arm64 20260205T000000Z "a_test:f.same=pass" "b_test:f.arm_bug=pass" "b_test:f.cap=pass" \
	"b_test:f.x86_bug=fail"
conf 3.0.0-1-cloud-arm64 20260206T000000Z "a_test:f.same=pass" "b_test:f.arm_bug=fail" "b_test:f.cap=pass" \
	"arch_test:arm.only_broken=fail:killed by SIGSYS" $armok
conf 4.0.0-1-cloud-arm64 20260207T000000Z "a_test:f.same=pass" "b_test:f.arm_bug=pass" "b_test:f.cap=pass" \
	"a_test:f.feature=pass" $armok
M=riscv64 conf 3.0.0-1-cloud-arm64 20260208T000000Z "a_test:f.same=pass")
M=
conf 3.0.0-1-cloud-amd64 20260210T000000Z "a_test:f.same=pass" "b_test:f.x86_bug=pass" "b_test:f.arm_bug=pass" "b_test:f.cap=pass"
conf 3.9.0-1-cloud-amd64 20260209T000000Z "a_test:f.same=pass" "a_test:f.feature=skip:X_FLAG unavailable (probe: EINVAL; Linux 4.0+)"

check "arches differ: each side's arch is in the header" 0 '^  A = 3\.0\.0-1-cloud-amd64 \(x86_64\) .*' "$x86" "$(arm 20260202T000000Z)"
check "arches differ: a missing machine is x86_64, the other side aarch64" 0 '^  B = 3\.0\.0-1-cloud-arm64 \(aarch64\) ' \
	"$x86" "$(arm 20260202T000000Z)"
check "arches differ: a test of one arch only is arch-only, without --all" 0 \
	'^arch-only +arch_test:aarch32\.only +- +pass +only the aarch64 run has it' "$x86" "$(arm 20260202T000000Z)"
check "arches differ: the other side's arch-only test too" 0 '^arch-only +arch_test:x86\.only +pass +- +only the x86_64 run' \
	"$x86" "$(arm 20260202T000000Z)"
check "arches differ: a SKIP for a missing x32 ABI is arch-skip" 0 \
	'^arch-skip +arch_test:x32\.getpid +pass +skip +aarch64 skipped: aarch64 has no x32 ABI' "$x86" "$(arm 20260202T000000Z)"
check "arches differ: a compat-entry probe SKIP is arch-skip" 0 '^arch-skip +arch_test:compat\.entry ' \
	"$x86" "$(arm 20260202T000000Z)"
check "arches differ: an x86_64-only syscall's probe SKIP is arch-skip" 0 '^arch-skip +uprobe_test:f\.uretprobe ' \
	"$x86" "$(arm 20260202T000000Z)"
check "arches differ: A's SKIP naming its own arch is arch-skip (skip -> pass)" 0 \
	'^arch-skip +arch_test:cache\.same_nr +skip +pass +x86_64 skipped: on x86_64' "$x86" "$(arm 20260202T000000Z)"
check "arches differ: a failure in B's @aarch64 list is a known bug" 0 \
	'^known-bug +b_test:f\.arm_bug +pass +fail +known bug of 3\.0\.0-1-cloud-arm64 \(list 3\.0@aarch64\): broken on aarch64 only \[fixed by 0123abcd\]' \
	"$x86" "$(arm 20260202T000000Z)"
check "arches differ: a failure in A's @x86_64 list is a known bug" 0 \
	'^known-bug +b_test:f\.x86_bug +fail +pass +known bug of 3\.0\.0-1-cloud-amd64 \(list 3\.0@x86_64\)' "$x86" "$(arm 20260202T000000Z)"
check "arches differ: all explained, exit 0" 0 '8 changed \(4 arch-skip, 2 arch-only, 2 known-bug\).* 0 regressions, 0 unexplained arch differences' \
	"$x86" "$(arm 20260202T000000Z)"
check "arches differ: an unlisted failure is ARCH-DIFF, exit 1" 1 \
	'^ARCH-DIFF +a_test:f\.same +pass +fail +aarch64 fails, not a known bug of its arch: expected 0, got -1' \
	"$x86" "$(arm 20260203T000000Z)"
check "arches differ: a SKIP that names no arch or ABI is ARCH-DIFF" 1 \
	'^ARCH-DIFF +b_test:f\.cap +pass +skip +aarch64 skipped: needs CAP_SYS_ADMIN' "$x86" "$(arm 20260204T000000Z)"
check "arches differ: an @x86_64 entry does not explain an aarch64 failure" 1 \
	'^ARCH-DIFF +b_test:f\.x86_bug +pass +fail +aarch64 fails, not a known bug of its arch' \
	"$tmp/r/3.0.0-1-cloud-amd64/20260210T000000Z-conformance.json" "$(arm 20260205T000000Z)"
check "arches differ: a failing arch-only test unlisted is ARCH-DIFF" 1 \
	'^ARCH-DIFF +arch_test:arm\.only_broken +- +fail +only the aarch64 run has it, and it fails: killed by SIGSYS' \
	"$x86" "$(arm 20260206T000000Z)"
check "arches differ: --markdown rows" 0 '^\| arch-skip \| arch_test:x32\.getpid \| pass \| skip \|' --markdown "$x86" "$(arm 20260202T000000Z)"
check "arches and releases differ: a new feature is still new-feature" 0 '^new-feature +a_test:f\.feature ' \
	"$tmp/r/3.9.0-1-cloud-amd64/20260209T000000Z-conformance.json" \
	"$tmp/r/4.0.0-1-cloud-arm64/20260207T000000Z-conformance.json"
M='' bench 3.0.0-1-cloud-amd64 20260201T000000Z false 100 98 102
M=aarch64 bench 3.0.0-1-cloud-arm64 20260202T000000Z false 300 290 310
check "benchmark records of two arches are not compared" 0 'Benchmarks: not compared: A ran on x86_64, B on aarch64' \
	"$tmp/r/3.0.0-1-cloud-amd64/20260201T000000Z-bench.json" "$tmp/r/3.0.0-1-cloud-arm64/20260202T000000Z-bench.json"
check "an unknown machine is an input error" 2 "unknown arch 'riscv64'" "$x86" "$(arm 20260208T000000Z)"
M=aarch64 conf 3.0.0-1-cloud-arm64 20260211T000000Z "a_test:f.same=pass" "b_test:f.arm_bug=pass" "b_test:f.cap=pass" \
	"b_test:f.x86_bug=skip:running one filter measured nothing on an emulated CPU (SCT_EMULATED=tcg): too noisy to time; no verdict"
check "a SKIP that gives no verdict is no-verdict, across arches too, exit 0" 0 \
	'^no-verdict +b_test:f\.x86_bug +pass +skip +B skipped: .*no verdict' \
	"$tmp/r/3.0.0-1-cloud-amd64/20260210T000000Z-conformance.json" "$(arm 20260211T000000Z)"
exit "$failed"
