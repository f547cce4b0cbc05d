#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# seccomp_profile_trace_test: seccomp-profile trace and run (issue 15).
# Exact counts of a workload with known calls (suites/helpers/
# trace_probe_static.c: 31 getpid spread over a thread, a fork, an exec and a
# vfork, so that missing any of them changes the total); the compat arch's
# own table; --generate's profile, installed by `run`, lets /bin/ls / run
# with the same output; the same profile without getdents64 makes ls fail,
# and trace --profile names getdents64, EPERM and defaultAction (--audit
# only logs it); the profile's KILL and ERRNO enforced; a crash (SIGSEGV of
# CMD or of a child) reported with its pid and signal, exit 128+11; every
# bad input one line and exit 2, before CMD runs. TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of seccomp-profile trace and run, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
for d in "$here/.." "${SCT_SRCDIR:-.}/build"; do
	[ -x "$d/tools/seccomp-profile" ] && [ -x "$d/suites/trace_probe_static" ] && { bin=$(cd "$d" && pwd); break; }
done
[ -n "${bin:-}" ] || { echo "1..0 # SKIP tools/seccomp-profile or suites/trace_probe_static not built"; exit 4; }
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -f "$d/tests/lib/expect.sh" ] && { src=$d; break; }
done
[ -n "${src:-}" ] || { echo "Bail out! tests/lib/expect.sh not found"; exit 1; }
. "$src/tests/lib/expect.sh"
sp=$bin/tools/seccomp-profile
probe=$bin/suites/trace_probe_static
compat=$bin/suites/arch_probe_compat
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0

# tap_error NAME PATTERN COMMAND...: exit 2 and exactly one line, matching
tap_error() {
	_name=$1 _pat=$2
	shift 2
	n=$((n + 1))
	"$@" >"$tmp/out" 2>&1
	_rc=$?
	if [ "$_rc" = 2 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -Eq -- "$_pat" "$tmp/out"; then
		echo "ok $n $_name"
	else
		echo "not ok $n $_name # rc $_rc, wanted 2 and one line matching '$_pat'"
		sed 's/^/# /' "$tmp/out"
		failed=1
	fi
}

# tap_ok NAME CONDITION-COMMAND...: the command succeeds; on failure show $tmp/report
tap_ok() {
	_name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $_name"; else
		echo "not ok $n $_name"
		[ -f "$tmp/report" ] && sed 's/^/# /' "$tmp/report"
		failed=1
	fi
}

# section ARCH: the report's table of that arch
section() {
	sed -n "/^$1: /,/^\$/p" "$tmp/report"
}
# calls ARCH SYSCALL: the count column of that row ("" when absent)
calls() {
	section "$1" | awk -v s="$2" '$2 == s { print $1 }'
}

echo "TAP version 13"

native=$(uname -m)
"$sp" trace -o "$tmp/report" -- /bin/true >"$tmp/out" 2>&1
rc=$?
if [ "$rc" = 125 ]; then
	echo "1..0 # SKIP tracing refused here: $(cat "$tmp/out")"
	exit 4
fi

# ---- counting ---------------------------------------------------------------
tap_expect "help names the runtime entry" 0 'crun and runc' "$sp" trace --help
tap_ok "/bin/true: exit 0, execve and exit_group once each, table and totals" \
	eval '[ "$rc" = 0 ] && [ "$(calls "$native" execve)" = 1 ] && [ "$(calls "$native" exit_group)" = 1 ] &&
		grep -q "^total: [0-9]* calls of [0-9]* syscalls in 1 arch" "$tmp/report"'

"$sp" trace -o "$tmp/report" -- "$probe" >"$tmp/out" 2>&1
rc=$?
check_probe() {
	[ "$rc" = 0 ] && [ "$(calls "$native" getpid)" = 31 ] && [ "$(calls "$native" execve)" = 2 ] &&
		[ "$(calls "$native" exit)" = 1 ] && [ "$(calls "$native" exit_group)" = 3 ] &&
		grep -q "exit status 0; 3 processes, 4 threads traced" "$tmp/report"
}
tap_ok "probe: 31 getpid (thread, fork, exec, vfork), 2 execve, 1 exit, 3 exit_group, 3 processes, 4 threads" check_probe
sorted_by_count() {
	section "$native" | awk 'NR > 2 && NF == 3 { if (last != "" && $1 > last) bad = 1; last = $1 } END { exit bad }'
}
tap_ok "probe: the table is sorted by count" sorted_by_count

"$sp" trace -o "$tmp/report" -- "$probe" thread-exec >"$tmp/out" 2>&1
rc=$?
tap_ok "exec from a second thread: the new image (16 getpid) is traced under the process's pid" \
	eval '[ "$rc" = 0 ] && [ "$(calls "$native" getpid)" = 16 ] && [ "$(calls "$native" execve)" = 2 ] &&
		grep -q "exit status 0; 1 process, 2 threads traced" "$tmp/report"'

if [ -x "$compat" ] && "$compat" 20 >/dev/null 2>&1; then
	"$sp" trace -o "$tmp/report" -- "$compat" 20 20 20 >"$tmp/out" 2>&1
	rc=$?
	carch=$(grep -E '^(i386|arm): ' "$tmp/report" | cut -d: -f1)
	check_compat() {
		[ "$rc" = 0 ] && [ -n "$carch" ] && [ "$(calls "$carch" getpid)" = 3 ] &&
			[ "$(calls "$native" execve)" = 1 ] && grep -q " in 2 arches" "$tmp/report"
	}
	tap_ok "compat helper: its 3 getpid (nr 20) in the compat arch's table, execve in the native one" check_compat
else
	n=$((n + 1))
	echo "ok $n compat helper: its 3 getpid in the compat arch's table # SKIP no compat helper or compat ABI here"
fi

# ---- --generate and run ----------------------------------------------------------
"$sp" trace --generate "$tmp/ls.json" -o "$tmp/report" -- /bin/ls / >"$tmp/ls1" 2>"$tmp/err1"
rc=$?
check_generated() {
	[ "$rc" = 0 ] && [ -s "$tmp/ls.json" ] && ! ls "$tmp" | grep -q 'ls\.json\.' &&
		grep -q '"defaultAction": "SCMP_ACT_ERRNO"' "$tmp/ls.json" &&
		grep -q '"defaultErrnoRet": 1' "$tmp/ls.json" &&
		grep -q '"architecture": "SCMP_ARCH_' "$tmp/ls.json" &&
		grep -q '"getdents64"' "$tmp/ls.json" &&
		grep -q '"comment": "what crun and runc call after installing the filter' "$tmp/ls.json" &&
		[ "$(grep -c '"action": "SCMP_ACT_ALLOW"' "$tmp/ls.json")" = 2 ] &&
		"$sp" compile "$tmp/ls.json" >/dev/null
}
tap_ok "generate: an ERRNO(1) allow-list with a runtime entry, compiles, no temporary left" check_generated
"$sp" run "$tmp/ls.json" -- /bin/ls / >"$tmp/ls2" 2>"$tmp/err2"
rc=$?
tap_ok "run under the generated profile: ls / exits 0 with the same output" \
	eval '[ "$rc" = 0 ] && cmp -s "$tmp/ls1" "$tmp/ls2" && [ -s "$tmp/ls2" ]'

grep -v '"getdents64"' "$tmp/ls.json" >"$tmp/minus.json"
"$sp" run "$tmp/minus.json" -- /bin/ls / >"$tmp/ls3" 2>&1
rc=$?
tap_ok "run without getdents64: ls fails" eval '[ "$rc" != 0 ]'
"$sp" trace --profile "$tmp/minus.json" -o "$tmp/report" -- /bin/ls / >"$tmp/out" 2>&1
rc=$?
deny='getdents64 \([0-9]+\): ERRNO\(1\) EPERM \(Operation not permitted\) by defaultAction'
tap_ok "trace --profile: ls fails, the report names getdents64, EPERM and defaultAction" \
	eval '[ "$rc" != 0 ] && grep -Eq "$deny" "$tmp/report" && grep -q "enforced" "$tmp/report" &&
		grep -q "getdents64 denied: ERRNO(1) by defaultAction" "$tmp/out"'
"$sp" trace --audit --profile "$tmp/minus.json" -o "$tmp/report" -- /bin/ls / >"$tmp/ls4" 2>"$tmp/out"
rc=$?
tap_ok "trace --audit: ls runs as before, the denial is reported" \
	eval '[ "$rc" = 0 ] && cmp -s "$tmp/ls1" "$tmp/ls4" && grep -Eq "$deny" "$tmp/report" &&
		grep -q "(audit: it runs)" "$tmp/out"'

# ---- enforcing other actions -----------------------------------------------------
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "%s"}]}\n' \
	SCMP_ACT_KILL_PROCESS >"$tmp/kill.json"
"$sp" trace --profile "$tmp/kill.json" -o "$tmp/report" -- "$probe" >"$tmp/out" 2>&1
rc=$?
tap_ok "KILL_PROCESS on getpid: the probe dies of SIGSYS at its first getpid, exit 128+SIGSYS" \
	eval '[ "$rc" = $((128 + $(kill -l SYS 2>/dev/null || echo 31))) ] &&
		grep -q "the profile.s KILL_PROCESS" "$tmp/report" && [ "$(calls "$native" getpid)" = 1 ]'
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}\n' \
	>"$tmp/errno.json"
"$sp" trace --profile "$tmp/errno.json" -o "$tmp/report" -- "$probe" >"$tmp/out" 2>&1
rc=$?
tap_ok "ERRNO(38) on getpid: all 31 calls denied by syscalls[0] and the probe still runs" \
	eval '[ "$rc" = 0 ] && grep -Eq "getpid \([0-9]+\): ERRNO\(38\) ENOSYS .* by syscalls\[0\]; 31 calls" "$tmp/report"'

printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_KILL_THREAD"}]}\n' \
	>"$tmp/killthread.json"
"$sp" trace --profile "$tmp/killthread.json" -o "$tmp/report" -- "$probe" thread >"$tmp/out" 2>&1
rc=$?
tap_ok "KILL_THREAD on getpid in a second thread: that thread goes at its first getpid, the process exits 0" \
	eval '[ "$rc" = 0 ] && [ "$(calls "$native" getpid)" = 1 ] &&
		grep -Eq "thread [0-9]+ of pid [0-9]+ killed: the profile.s KILL_THREAD" "$tmp/out"'
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_TRAP"}]}\n' \
	>"$tmp/trap.json"
"$sp" trace --profile "$tmp/trap.json" -o "$tmp/report" -- "$probe" sigsys >"$tmp/out" 2>"$tmp/err"
rc=$?
nr=$(section "$native" | awk '$2 == "getpid" { print $3 }')
tap_ok "TRAP on getpid: the handler gets seccomp's SIGSYS (SYS_SECCOMP, the call's number, data 0)" \
	eval '[ "$rc" = 0 ] && [ -n "$nr" ] && grep -qx "sigsys code 1 syscall $nr errno 0" "$tmp/out"'

# ---- crashes ---------------------------------------------------------------
"$sp" trace -o "$tmp/report" -- "$probe" segv >"$tmp/out" 2>&1
rc=$?
tap_ok "SIGSEGV of CMD: reported with its pid on stderr and in the report, exit 139" \
	eval '[ "$rc" = 139 ] && grep -Eq "^seccomp-profile trace: pid [0-9]+ killed by SIGSEGV \(signal 11" "$tmp/out" &&
		grep -Eq "^killed: pid [0-9]+ by SIGSEGV" "$tmp/report" && grep -q "exit status: 139" "$tmp/report"'
"$sp" trace -o "$tmp/report" -- "$probe" child-segv >"$tmp/out" 2>&1
rc=$?
tap_ok "SIGSEGV of a child while CMD exits 0: reported, exit 139" \
	eval '[ "$rc" = 139 ] && grep -Eq "^killed: pid [0-9]+ by SIGSEGV" "$tmp/report" &&
		grep -q "exit status 0; 2 processes" "$tmp/report"'
"$sp" trace -o "$tmp/report" -- sh -c 'exit 7' >"$tmp/out" 2>&1
rc=$?
tap_ok "CMD's exit status is trace's (sh -c 'exit 7', found in PATH)" eval '[ "$rc" = 7 ]'
"$sp" trace -- "$tmp/no-such-command" >"$tmp/out" 2>&1
rc=$?
tap_ok "a missing CMD: one line, exit 127" eval '[ "$rc" = 127 ] && [ "$(wc -l <"$tmp/out")" = 1 ]'

# ---- bad input: one line, exit 2, CMD never runs ------------------------------------
ran=$tmp/ran
tap_error "trace without --" 'trace: expected -- CMD' "$sp" trace touch "$ran"
tap_error "trace -- without CMD" 'trace: expected a command after --' "$sp" trace --
tap_error "trace: unknown option" 'trace: unknown option --frobnicate' "$sp" trace --frobnicate -- touch "$ran"
tap_error "trace: --generate into a missing directory" '^seccomp-profile: --generate: .*/nodir/p.json: No such file' \
	"$sp" trace --generate "$tmp/nodir/p.json" -- touch "$ran"
tap_error "trace: -o into a missing directory" '^seccomp-profile: -o: .*/nodir/r: No such file' \
	"$sp" trace -o "$tmp/nodir/r" -- touch "$ran"
tap_error "trace: --audit without --profile" 'trace: --audit needs --profile' "$sp" trace --audit -- touch "$ran"
tap_error "trace: --profile missing value" 'option --profile needs a value' "$sp" trace --profile
tap_error "trace: a bad profile" 'malformed JSON' sh -c 'echo "{" >"$1"; "$2" trace --profile "$1" -- touch "$3"' sh "$tmp/bad.json" "$sp" "$ran"
tap_error "trace: --layout is not its option" '--layout is not an option of this command' "$sp" trace --layout bst -- touch "$ran"
tap_error "trace: a positional argument before --" 'unexpected argument "extra"' "$sp" trace extra -- touch "$ran"
tap_error "run without --" 'run: expected PROFILE -- CMD' "$sp" run "$tmp/ls.json" touch "$ran"
tap_error "run without PROFILE" 'run: expected PROFILE -- CMD' "$sp" run -- touch "$ran"
tap_error "run: --generate is not its option" '--generate is not an option of this command' \
	"$sp" run --generate x "$tmp/ls.json" -- touch "$ran"
tap_ok "no bad input ran CMD" eval '[ ! -e "$ran" ]'
tap_expect "run --help" 0 '^Usage: seccomp-profile run PROFILE' "$sp" run --help

echo "1..$n"
exit $failed
