#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# run_vm_test: scripts/run-vm never turns a broken guest into a pass. Boots a
# Debian kernel under qemu six times: a good run of one suite, a kernel that
# panics (no init), a runner killed half-way, a kernel crash half-way, a
# guest that hangs, and one that finishes but never powers off; each broken
# one must give exit status 1 and a record with status "incomplete", the
# right reason and the last test reached; the last one is complete and
# stopped within 10 s of its end marker. TAP on stdout. Not part of
# `make check` (it needs a kernel package and a static build, ~1 min); .ci/run
# runs it after its run-vm step, which leaves both cached.
#   SCT_VM_KERNEL   kernel to boot (default 6.1: the newest Debian 6.1 cloud kernel)
#   SCT_VM_ARCH     its arch, run-vm --arch (default: this machine's; arm64)

case "${1:-}" in -h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
runvm=$here/../run-vm
kernel=${SCT_VM_KERNEL:-6.1}
arch=${SCT_VM_ARCH:-}
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 failed=0
# name, want-rc, jq test on the record, run-vm options...
check() {
	name=$1 want=$2 expr=$3
	shift 3
	n=$((n + 1))
	rm -rf "$tmp/out"
	"$runvm" --out "$tmp/out" ${arch:+--arch "$arch"} "$@" "$kernel" >"$tmp/log" 2>&1
	rc=$?
	rec=$(ls "$tmp"/out/*/*-conformance.json 2>/dev/null | head -n 1)
	if [ "$rc" = 2 ] && [ "$n" = 1 ]; then
		echo "1..0 # SKIP run-vm cannot set up (no kernel package or build):"
		sed 's/^/# /' "$tmp/log"
		exit 4
	fi
	if [ "$rc" = "$want" ] && [ -n "$rec" ] && jq -e "$expr" "$rec" >/dev/null; then
		echo "ok $n $name"
	else
		echo "not ok $n $name # exit $rc (wanted $want), record ${rec:-missing}"
		sed 's/^/# /' "$tmp/log"
		[ -n "$rec" ] && jq '.conformance | del(.tests, .programs)' "$rec" | sed 's/^/# /'
		failed=1
	fi
}

echo "TAP version 13"
echo "1..7"
check "a good run of one suite is complete" 0 \
	'.conformance.status == "complete" and .conformance.summary.programs_run == 1 and .conformance.emulated != null' \
	--progs actions_test
check "a kernel without init panics: incomplete, reason panic" 1 \
	'.conformance.status == "incomplete" and (.conformance.reason | startswith("panic: Kernel panic"))' \
	--append rdinit=/nonexistent
check "a runner killed half-way: incomplete, last test in the second program" 1 \
	'.conformance.status == "incomplete" and (.conformance.reason | startswith("runner-killed"))
	 and (.conformance.last_test | startswith("modes_test")) and .conformance.summary.programs_run == 1' \
	--progs actions_test,modes_test --break kill-runner:modes_test
check "a kernel crash mid-run: incomplete, reason panic, last test in the crashed program" 1 \
	'.conformance.status == "incomplete" and (.conformance.reason | startswith("panic: Kernel panic"))
	 and (.conformance.last_test | startswith("modes_test")) and .conformance.summary.programs_run == 1' \
	--progs actions_test,modes_test --break panic:modes_test
check "a hung guest: incomplete, reason timeout" 1 \
	'.conformance.status == "incomplete" and (.conformance.reason | startswith("timeout"))' \
	--break hang --vm-timeout 20
# the guest never powers off (as a kernel without ACPI): run-vm stops qemu
# END_GRACE (5 s) after the end marker, not at the VM time limit
check "a guest that does not power off: complete, stopped within 10 s of its end marker" 0 \
	'.conformance.status == "complete" and .conformance.summary.programs_run == 1' \
	--progs actions_test --break no-poweroff
n=$((n + 1))
n_stop=$(sed -n 's/.*qemu stopped \([0-9]*\)s after its end marker$/\1/p' "$tmp/log")
if [ -n "$n_stop" ] && [ "$n_stop" -le 10 ]; then
	echo "ok $n ... and qemu was stopped ${n_stop} s after the end marker"
else
	echo "not ok $n ... qemu not stopped within 10 s of the end marker: '${n_stop:-no stop line}'"
	sed 's/^/# /' "$tmp/log"
	failed=1
fi
exit "$failed"
