#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# seccomp_profile_test: tools/seccomp-profile on the shipped profiles, for
# amd64 and kernel 6.18 whatever the build machine. explain names the JSON
# entry that decided (or defaultAction) and why each other entry naming the
# syscall did not; compile's formats (the raw program is 8 bytes per
# instruction of the disassembly, the C array compiles, the JSON rule set
# carries each rule's source); diff lists Docker's and Podman's differing
# regions; every bad input is one line and exit 2. TAP output.
#
# Facts checked by hand in profiles/docker-default.json: syscalls[17] allows
# clone (and 25 more) only with CAP_SYS_ADMIN; syscalls[18] allows clone when
# (a0 & 0x7e020000) == 0 unless CAP_SYS_ADMIN is held or the arch is s390;
# syscalls[19] is the s390 twin on a1; no entry gives clone EPERM: a clone
# with CLONE_NEWUSER (0x10000000, inside the mask) fails syscalls[18] and
# gets defaultAction, SCMP_ACT_ERRNO with defaultErrnoRet 1. personality is
# allowed for a0 in {0, 8, 0x20000, 0x20008, 0xffffffff} by syscalls[5..9].
# socket: syscalls[2..4] allow a0 < 38, == 39, > 40 (AF_ALG 38 and AF_VSOCK
# 40 denied); Podman (syscalls[35], with CAP_AUDIT_WRITE) denies only 40.
# clone3 is ERRNO(38) by syscalls[20] without CAP_SYS_ADMIN.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of tools/seccomp-profile, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# run by make from $(O)/tests: the tool is $(O)/tools/seccomp-profile
for t in "$here/../tools/seccomp-profile" "${SCT_SRCDIR:-.}/build/tools/seccomp-profile"; do
	[ -x "$t" ] && { sp=$t; break; }
done
[ -n "${sp:-}" ] || { echo "1..0 # SKIP tools/seccomp-profile not built"; exit 4; }
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -f "$d/profiles/docker-default.json" ] && [ -f "$d/tests/lib/expect.sh" ] && { src=$d; break; }
done
[ -n "${src:-}" ] || { echo "Bail out! profiles/ and tests/lib/expect.sh not found"; exit 1; }
. "$src/tests/lib/expect.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
docker=$src/profiles/docker-default.json
podman=$src/profiles/podman-default.json
T="--arch amd64 --kernel 6.18"

# tap_same NAME WANT_RC COMMAND...: stdout+stderr must equal $tmp/want
tap_same() {
	_name=$1 _want=$2
	shift 2
	n=$((n + 1))
	"$@" >"$tmp/out" 2>&1
	_rc=$?
	if [ "$_rc" = "$_want" ] && cmp -s "$tmp/want" "$tmp/out"; then echo "ok $n $_name"; else
		echo "not ok $n $_name # rc $_rc, wanted $_want; diff wanted got:"
		diff "$tmp/want" "$tmp/out" | sed 's/^/# /'
		failed=1
	fi
}

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

# the explanation without its BPF path (that depends on the layout)
explain_head() {
	"$sp" explain "$@" | sed '/^bpf path:/,$d'
}

echo "TAP version 13"

# ---- help --------------------------------------------------------------------
tap_expect "help" 0 '^Usage: seccomp-profile compile' "$sp" --help
for c in compile explain diff; do
	tap_expect "$c --help" 0 "^Usage: seccomp-profile $c " "$sp" "$c" --help
done

# ---- explain -----------------------------------------------------------------
cat >"$tmp/want" <<EOF
profile:    $docker
target:     amd64, kernel 6.18, runtime runc, capabilities Docker's default (14)
call:       clone(0x10000000), nr 56
action:     ERRNO(1), the call fails with errno 1 EPERM (Operation not permitted)
decided by: defaultAction (no rule of the syscall matched)
entries naming clone:
  syscalls[17].names[1]    ALLOW        not applied: includes.caps: CAP_SYS_ADMIN not held
  syscalls[18].names[0]    ALLOW        a0 & 0x7e020000 == 0: no match, a0 & 0x7e020000 = 0x10000000
  syscalls[19].names[0]    ALLOW        not applied: includes.arches: no amd64
EOF
tap_same "explain clone(CLONE_NEWUSER), Docker's caps: defaultAction EPERM, syscalls[18] fails on the mask" 0 \
	explain_head "$docker" clone 0x10000000 $T

cat >"$tmp/want" <<EOF
profile:    $docker
target:     amd64, kernel 6.18, runtime runc, capabilities none
call:       clone(0x11), nr 56
action:     ALLOW
decided by: syscalls[18] (matches: a0 & 0x7e020000 == 0)
entries naming clone:
  syscalls[17].names[1]    ALLOW        not applied: includes.caps: CAP_SYS_ADMIN not held
  syscalls[18].names[0]    ALLOW        a0 & 0x7e020000 == 0: matches, decides
  syscalls[19].names[0]    ALLOW        not applied: includes.arches: no amd64
EOF
tap_same "explain clone(SIGCHLD|0x1), no caps: syscalls[18] allows" 0 \
	explain_head "$docker" clone 0x11 $T --caps ""

tap_expect "explain clone(CLONE_NEWUSER) with CAP_SYS_ADMIN: syscalls[17] decides" 0 \
	'^decided by: syscalls\[17\] \(matches: any arguments\)$' \
	"$sp" explain "$docker" clone 0x10000000 $T --caps +SYS_ADMIN
tap_expect "explain with CAP_SYS_ADMIN: syscalls[18] excluded" 0 \
	'syscalls\[18\]\.names\[0\] +ALLOW +not applied: excludes\.caps: CAP_SYS_ADMIN held' \
	"$sp" explain "$docker" clone 0x10000000 $T --caps sys_admin

cat >"$tmp/want" <<EOF
profile:    $docker
target:     amd64, kernel 6.18, runtime runc, capabilities Docker's default (14)
call:       personality(0x1234), nr 135
action:     ERRNO(1), the call fails with errno 1 EPERM (Operation not permitted)
decided by: defaultAction (no rule of the syscall matched)
entries naming personality:
  syscalls[5].names[0]     ALLOW        a0 == 0: no match, a0 = 0x1234
  syscalls[6].names[0]     ALLOW        a0 == 0x8: no match, a0 = 0x1234
  syscalls[7].names[0]     ALLOW        a0 == 0x20000: no match, a0 = 0x1234
  syscalls[8].names[0]     ALLOW        a0 == 0x20008: no match, a0 = 0x1234
  syscalls[9].names[0]     ALLOW        a0 == 0xffffffff: no match, a0 = 0x1234
EOF
tap_same "explain personality(0x1234): none of syscalls[5..9], defaultAction" 0 \
	explain_head "$docker" personality 0x1234 $T
tap_expect "explain personality(8): syscalls[6] decides, later ones not reached" 0 \
	'syscalls\[7\]\.names\[0\] +ALLOW +a0 == 0x20000: not reached' \
	"$sp" explain "$docker" personality 8 $T

cat >"$tmp/want" <<EOF
profile:    $docker
target:     amd64, kernel 6.18, runtime runc, capabilities Docker's default (14)
call:       kexec_load(), nr 246
action:     ERRNO(1), the call fails with errno 1 EPERM (Operation not permitted)
decided by: defaultAction (the compiled rule set has no rule for it)
entries naming kexec_load: none
EOF
tap_same "explain an unlisted syscall: defaultAction" 0 explain_head "$docker" kexec_load $T
tap_expect "explain by number: 246 is kexec_load" 0 '^call: +kexec_load\(\), nr 246$' \
	"$sp" explain "$docker" 246 $T
tap_error "explain an unknown syscall" \
	'^seccomp-profile: explain: unknown syscall "frobnicate" \(not a syscall of amd64\)$' \
	"$sp" explain "$docker" frobnicate $T
tap_expect "explain clone3 under Podman: ENOSYS default is not EPERM" 0 \
	'^action: +ALLOW$' "$sp" explain "$podman" clone3 $T

# A small profile: an entry runc splits (a0 named twice), an unconditional
# rule superseding a later conditional one, an entry with the default action.
cat >"$tmp/small.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
 {"names": ["close"], "action": "SCMP_ACT_TRAP", "args": [
   {"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]},
 {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["read"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 7, "op": "SCMP_CMP_GE"}]},
 {"names": ["read", "write"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
]}
EOF
cat >"$tmp/want" <<EOF
profile:    $tmp/small.json
target:     amd64, kernel 6.18, runtime runc, capabilities none
call:       close(0x2), nr 3
action:     TRAP(0)
decided by: syscalls[0].args[1] (matches: a0 == 0x2)
entries naming close:
  syscalls[0].names[0]     TRAP(0)      args[0]: a0 == 0x1: no match, a0 = 0x2
                                        args[1]: a0 == 0x2: matches, decides
EOF
tap_same "explain a split entry: the args[] element that decided" 0 explain_head "$tmp/small.json" close 2 $T --caps ""
cat >"$tmp/want" <<EOF
profile:    $tmp/small.json
target:     amd64, kernel 6.18, runtime runc, capabilities none
call:       read(0, 0x9), nr 0
action:     ALLOW
decided by: syscalls[1] (matches: any arguments)
entries naming read:
  syscalls[1].names[0]     ALLOW        any arguments: matches, decides
  syscalls[2].names[0]     LOG          applied, superseded: an unconditional rule of the syscall replaces its conditional ones (libseccomp)
  syscalls[3].names[0]     ERRNO(38)    applied, dropped: the default action (runc skips such rules)
EOF
tap_same "explain: superseded and dropped entries" 0 explain_head "$tmp/small.json" read 0 9 $T --caps ""
tap_expect "explain a negative argument after --" 0 '^call: +close\(0xffffffffffffffff\), nr 3$' \
	"$sp" explain $T "$tmp/small.json" close -- -1

# The BPF path: the instructions the simulator executed, ending in the
# program's RET, which agrees with the rule set in every layout.
for l in linear linear-weight libseccomp-1 libseccomp-2 bst range-tree hybrid weighted-optimal; do
	"$sp" explain "$docker" clone 0x10000000 $T --layout "$l" >"$tmp/path" 2>&1
	rc=$? n=$((n + 1))
	if [ "$rc" = 0 ] && grep -Eq "^bpf path: +layout $l, [0-9]+ of [0-9]+ instructions executed$" "$tmp/path" &&
	   grep -Eq '^ +0  ld \[arch\]$' "$tmp/path" &&
	   [ "$(sed -n '/^bpf action:/{x;p;}; h' "$tmp/path" | sed 's/^ *[0-9]*  //')" = "ret ERRNO(1)" ] &&
	   grep -qx 'bpf action: ERRNO(1)' "$tmp/path"; then
		echo "ok $n explain's bpf path, layout $l, ends in ret ERRNO(1)"
	else
		echo "not ok $n explain's bpf path, layout $l (rc $rc)"
		sed 's/^/# /' "$tmp/path" | tail -20
		failed=1
	fi
done

# ---- explain: the runtime models' programs ------------------------------------
tap_expect "explain an i386 call (--call-arch x86): personality(0x1234) by defaultAction" 0 \
	'^decided by: defaultAction \(no rule of the syscall matched\)$' \
	"$sp" explain "$docker" personality 0x1234 --call-arch x86 $T
tap_expect "explain an i386 call: nr 136 is i386's personality" 0 '^call: +i686 personality\(0x1234\), nr 136$' \
	"$sp" explain "$docker" personality 0x1234 --call-arch x86 $T
tap_expect "explain socketcall(SYS_SOCKET) on i386: Docker's unconditional socketcall allows" 0 \
	'^action: +ALLOW$' "$sp" explain "$docker" socketcall 1 --call-arch x86 $T
tap_expect "explain nr 460 under runc: the ENOSYS stub decides, above 456" 0 \
	'^decided by: runc.s ENOSYS stub \(nr above 456, the highest number the profile names for this arch\)$' \
	"$sp" explain "$docker" 460 $T
tap_expect "explain nr 460 under crun: no stub, defaultAction EPERM" 0 '^action: +ERRNO\(1\)' \
	"$sp" explain "$docker" 460 $T --runtime crun
tap_expect "explain an x32 call under crun: read allowed in x86_64's block" 0 '^action: +ALLOW$' \
	"$sp" explain "$docker" read --call-arch x32 $T --runtime crun
tap_expect "explain an i386 call, one-arch: the bad-arch action" 0 \
	'^decided by: the bad-arch action \(arch 0x40000003 is not in the program\)$' \
	"$sp" explain "$docker" read --call-arch x86 $T --runtime one-arch
tap_expect "diff Docker vs Podman: the i386 block's rows" 1 '^i686 clone3 +\* +- +ERRNO\(38\) syscalls\[20\] +ALLOW syscalls\[1\]$' \
	"$sp" diff "$docker" "$podman" $T
tap_error "unknown --runtime: one line, exit 2" '^seccomp-profile: --runtime: unknown runtime "docker"' \
	"$sp" compile "$docker" --runtime docker
tap_error "unknown --call-arch: one line, exit 2" '^seccomp-profile: --call-arch: unknown arch "mips"' \
	"$sp" explain "$docker" read --call-arch mips
tap_error "--call-arch is explain's only" '^seccomp-profile: compile: --call-arch is not an option' \
	"$sp" compile "$docker" --call-arch x86

# ---- compile -----------------------------------------------------------------
cat >"$tmp/want" <<EOF
profile:         $docker
resolved for:    arch amd64, kernel 6.18, capabilities Docker's default (14)
arches:          SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32
runtime model:   runc
program:         x86_64 (+x32), runc's ENOSYS stub: nr > 456, x32 nr > 0x40000223; i686, runc's ENOSYS stub: nr > 456
default action:  ERRNO(1)
entries:         33 (15 apply)
syscalls:        302
EOF
"$sp" compile "$docker" $T >"$tmp/summary" 2>&1
rc=$? n=$((n + 1))
if [ "$rc" = 0 ] && head -8 "$tmp/summary" | cmp -s "$tmp/want" -; then echo "ok $n compile summary (the default format)"; else
	echo "not ok $n compile summary"; diff "$tmp/want" "$tmp/summary" | sed 's/^/# /'; failed=1
fi
tap_expect "compile rules: clone's rule names syscalls[18]" 0 \
	'^  56 clone +a0 & 0x7e020000 == 0 -> ALLOW +syscalls\[18\]$' \
	"$sp" compile "$docker" $T --format rules
tap_expect "compile json: each rule has its source" 0 '"source": "syscalls\[18\]"' \
	"$sp" compile "$docker" $T --format json
if command -v jq >/dev/null 2>&1; then
	tap_expect "compile json: 302 syscalls, clone's rule a MASKED_EQ on a0" 0 '^302 MASKED_EQ 0x7e020000 syscalls\[18\]$' \
		sh -c '"$1" compile "$2" --arch amd64 --kernel 6.18 --format json --runtime one-arch |
		       jq -r "[(.syscalls | length), (.syscalls[] | select(.name == \"clone\") | .rules[0] |
		               .conds[0].op, .conds[0].mask, .source)] | join(\" \")"' sh "$sp" "$docker"
	# runc's program: 302 x86_64 + 297 x32 numbers in one block, 354 i386 ones, the stub's bounds
	tap_expect "compile json, runc: x32 numbers in x86_64's block, an i386 block, the stub" 0 \
		'^302 297 0x40000003 354 456 1073742371$' \
		sh -c '"$1" compile "$2" --arch amd64 --kernel 6.18 --format json |
		       jq -r "[(.syscalls | map(select(.nr < 1073741824)) | length),
		               (.syscalls | map(select(.nr >= 1073741824)) | length),
		               .sub_arches[0].audit_arch, (.sub_arches[0].syscalls | length),
		               .enosys_stub.last, .enosys_stub.last_x32] | join(\" \")"' sh "$sp" "$docker"
else
	n=$((n + 1)); echo "ok $n compile json parses # SKIP jq not installed"
fi

for l in linear libseccomp-1 libseccomp-2 bst weighted-optimal; do
	"$sp" compile "$docker" $T --layout "$l" --format bpf -o "$tmp/p.bpf" &&
		"$sp" compile "$docker" $T --layout "$l" --format disasm >"$tmp/p.txt"
	rc=$? n=$((n + 1))
	bytes=$(wc -c <"$tmp/p.bpf") insns=$(wc -l <"$tmp/p.txt")
	if [ "$rc" = 0 ] && [ "$insns" -gt 0 ] && [ "$bytes" = $((insns * 8)) ]; then
		echo "ok $n compile bpf, layout $l: $bytes bytes = 8 x $insns instructions"
	else
		echo "not ok $n compile bpf, layout $l: rc $rc, $bytes bytes for $insns instructions"; failed=1
	fi
done
tap_error "compile -o into a missing directory" \
	'^seccomp-profile: /nonexistent/dir/x\.bpf: No such file or directory$' \
	"$sp" compile "$docker" $T --format bpf -o /nonexistent/dir/x.bpf
tap_expect "compile bpf to stdout: same bytes as -o" 0 '^same$' \
	sh -c '"$1" compile "$2" --arch amd64 --kernel 6.18 --layout bst --format bpf >"$3/s.bpf" &&
	       "$1" compile "$2" --arch amd64 --kernel 6.18 --layout bst --format bpf -o "$3/o.bpf" &&
	       cmp -s "$3/s.bpf" "$3/o.bpf" && echo same' sh "$sp" "$docker" "$tmp"

"$sp" compile "$docker" $T --layout bst --format c --name docker_bst >"$tmp/f.c"
rc=$? n=$((n + 1))
rows=$(grep -c '^	{ 0x' "$tmp/f.c") insns=$("$sp" compile "$docker" $T --layout bst --format disasm | wc -l)
if [ "$rc" = 0 ] && [ "$rows" = "$insns" ] && grep -q '^static const struct sock_filter docker_bst_insns\[\] = {$' "$tmp/f.c" &&
   grep -q '^static const struct sock_fprog docker_bst = {$' "$tmp/f.c"; then
	echo "ok $n compile c: one array row per instruction ($rows), and a sock_fprog"
else
	echo "not ok $n compile c: rc $rc, $rows rows for $insns instructions"; failed=1
fi
if command -v "${CC:-cc}" >/dev/null 2>&1; then
	printf '#include "f.c"\nconst struct sock_fprog *p(void) { return &docker_bst; }\n' >"$tmp/use.c"
	tap_expect "compile c: the array compiles with -Wall -Werror" 0 '!(error|warning)' \
		"${CC:-cc}" -std=gnu11 -Wall -Wextra -Werror -c "$tmp/use.c" -o "$tmp/use.o"
else
	n=$((n + 1)); echo "ok $n compile c compiles # SKIP no C compiler"
fi

# ---- diff --------------------------------------------------------------------
"$sp" diff "$docker" "$podman" $T >"$tmp/diff" 2>&1
rc=$? n=$((n + 1))
cat >"$tmp/want" <<'EOF'
socket             a0 == 0x26                         a0=0x26                ERRNO(1) defaultAction         ALLOW syscalls[35]
clone              !(a0 & 0x7e020000 == 0)            a0=0x20000             ERRNO(1) defaultAction         ALLOW syscalls[1]
vmsplice           *                                  -                      ALLOW syscalls[0]              ERRNO(1) syscalls[0]
clone3             *                                  -                      ERRNO(38) syscalls[20]         ALLOW syscalls[1]
(every other)      no rule matches                    -                      ERRNO(1) defaultAction         ERRNO(38) defaultAction
EOF
if [ "$rc" = 1 ] && grep -E '^(socket|clone|vmsplice|clone3|\(every other\)) ' "$tmp/diff" | cmp -s "$tmp/want" - &&
   grep -qx '# 84 regions in 83 syscalls and the default action differ' "$tmp/diff"; then
	echo "ok $n diff Docker vs Podman: socket AF_ALG, clone namespaces, clone3, vmsplice, the default; exit 1"
else
	echo "not ok $n diff Docker vs Podman (rc $rc)"; sed 's/^/# /' "$tmp/diff"; failed=1
fi
tap_expect "diff Docker vs Podman, no caps: Podman's socket(AF_NETLINK, *, NETLINK_AUDIT) rule" 1 \
	'^socket +a0 < 0x26 && a0 == 0x10 && a2 == 0x9 +a0=0x10,a2=0x9 +ALLOW syscalls\[2\] +ERRNO\(22\) syscalls\[32\]$' \
	"$sp" diff "$docker" "$podman" $T --caps ""
tap_expect "diff Docker vs Podman, no caps: Docker's socket default region as exact values" 1 \
	'^socket +\(a0 == 0x26 \|\| a0 == 0x28\) && a0 != 0x10 +a0=0x26,a2=0x8 +ERRNO\(1\) defaultAction +ALLOW syscalls\[34\]$' \
	"$sp" diff "$docker" "$podman" $T --caps ""
tap_expect "diff a profile with itself: no differences, exit 0" 0 '^# no differences$' \
	"$sp" diff "$docker" "$docker" $T

# ---- bad input: one line, exit 2 -----------------------------------------------
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [\n  {"names": ["read"], "action": "SCMP_ACT_ALLOW"},\n' >"$tmp/trunc.json"
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_MAYBE"}]}\n' >"$tmp/badact.json"
tap_error "bad JSON: line and column" "^seccomp-profile: $tmp/trunc.json: malformed JSON at line 3, column 1: unexpected end of input\$" \
	"$sp" compile "$tmp/trunc.json" $T
tap_error "bad action: the JSON path" "^seccomp-profile: $tmp/badact.json: syscalls\\[0\\]\\.action: unknown action \"SCMP_ACT_MAYBE\"\$" \
	"$sp" explain "$tmp/badact.json" read $T
tap_error "missing file" '^seccomp-profile: /nonexistent\.json: No such file or directory$' \
	"$sp" compile /nonexistent.json $T
tap_error "unknown arch" '^seccomp-profile: unknown arch "vax"$' "$sp" compile "$docker" --arch vax
tap_error "an arch the profile lacks" \
	'^seccomp-profile: .*docker-default\.json: the profile has no SCMP_ARCH_PPC64LE \(ppc64le\) in archMap or architectures$' \
	"$sp" compile "$docker" --arch ppc64le --kernel 6.18
tap_error "unknown capability" '^seccomp-profile: --caps: unknown capability "CAP_FLY"$' \
	"$sp" explain "$docker" read $T --caps CHOWN,CAP_FLY
tap_error "unknown layout" '^seccomp-profile: --layout: unknown layout "spiral" \(see --help\)$' \
	"$sp" compile "$docker" $T --layout spiral --format disasm
tap_error "unknown format" '^seccomp-profile: --format: unknown format "xml"' "$sp" compile "$docker" $T --format xml
tap_error "missing value" '^seccomp-profile: compile: option --layout needs a value$' "$sp" compile "$docker" --layout
tap_error "bad kernel version" '^seccomp-profile: invalid kernel version "six" \(expected MAJOR\.MINOR\)$' \
	"$sp" diff "$docker" "$podman" --kernel six
tap_error "bad argument value" '^seccomp-profile: explain: bad argument 1 "0xzz" \(a number\)$' \
	"$sp" explain "$docker" clone 0 0xzz $T
tap_error "option of another command" '^seccomp-profile: diff: --layout is not an option of this command$' \
	"$sp" diff "$docker" "$podman" --layout bst
tap_error "unknown command" '^seccomp-profile: unknown command "lint"' "$sp" lint "$docker"
tap_error "no command" '^seccomp-profile: expected a command' "$sp"
tap_error "explain without a syscall" '^seccomp-profile: explain: expected PROFILE SYSCALL' "$sp" explain "$docker"
tap_error "diff with one profile" '^seccomp-profile: diff: expected PROFILE_A PROFILE_B' "$sp" diff "$docker"

echo "1..$n"
exit $failed
