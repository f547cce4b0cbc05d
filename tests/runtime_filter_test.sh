#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# runtime_filter_test: tools/runtime-filter's interface. Bad usage is one
# error line and exit 2; --bundle writes an OCI bundle whose linux.seccomp is
# the profile as Docker passes it (no includes/excludes/comment, the caps
# set in the process); as root with crun or runc installed, one live run
# per runtime gives a filter as JSON and as raw sock_filter files and leaves
# no temporary directory behind. TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of tools/runtime-filter, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# run by make from $(O)/tests: the tool is $(O)/tools/runtime-filter
for b in "$here/../tools/runtime-filter" "${SCT_SRCDIR:-.}/build/tools/runtime-filter"; do
	[ -x "$b" ] && { tool=$b; break; }
done
[ -n "${tool:-}" ] || { echo "1..0 # SKIP tools/runtime-filter not built"; exit 4; }
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -f "$d/tests/lib/expect.sh" ] && [ -f "$d/profiles/docker-default.json" ] &&
		{ src=$d; break; }
done
[ -n "${src:-}" ] || { echo "Bail out! tests/lib/expect.sh or profiles/ not found"; exit 1; }
. "$src/tests/lib/expect.sh"
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
docker=$src/profiles/docker-default.json
n=0 failed=0

# one_line NAME: the last command's output was exactly one line
one_line() {
	n=$((n + 1))
	if [ "$(wc -l <"$tmp/out")" = 1 ]; then echo "ok $n $1"; else
		echo "not ok $n $1"; sed 's/^/# /' "$tmp/out"; failed=1
	fi
}

# jq_true NAME FILE FILTER: FILTER is true on FILE
jq_true() {
	n=$((n + 1))
	if [ "$(jq -r "$3" "$2" 2>&1)" = true ]; then echo "ok $n $1"; else
		echo "not ok $n $1 # jq '$3' on $2"; failed=1
	fi
}

# skip NAME REASON
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

echo "TAP version 13"
echo "1..20"
tap_expect "--help prints the usage, exit 0" 0 '^Usage: runtime-filter' "$tool" --help
tap_expect "an unknown option is exit 2" 2 "^runtime-filter: unknown option '--bogus'" "$tool" --bogus
one_line "... with one error line"
tap_expect "a missing profile is exit 2" 2 '^runtime-filter: .*nonexistent.json: No such file' \
	"$tool" --runtime crun --profile "$tmp/nonexistent.json"
one_line "... with one error line"
echo '{ "defaultAction": ' >"$tmp/broken.json"
tap_expect "a profile that is not JSON is exit 2" 2 '^runtime-filter: .*not valid JSON' \
	"$tool" --runtime crun --profile "$tmp/broken.json"
tap_expect "a bad capability set is exit 2" 2 "^runtime-filter: bad capability set" \
	"$tool" --runtime crun --profile "$docker" --caps 'x-y'
tap_expect "--format raw without -o is exit 2" 2 '^runtime-filter: --format raw needs -o DIR' \
	"$tool" --runtime crun --profile "$docker" --format raw
tap_expect "no --runtime is exit 2" 2 '^runtime-filter: --runtime is required' "$tool" --profile "$docker"

tap_expect "--bundle writes a bundle, exit 0, quietly" 0 '!.' "$tool" --profile "$docker" --bundle "$tmp/b1" --caps none
cfg=$tmp/b1/config.json
jq_true "... linux.seccomp has Docker's default action and errno" "$cfg" \
	'.linux.seccomp.defaultAction == "SCMP_ACT_ERRNO" and .linux.seccomp.defaultErrnoRet == 1'
jq_true "... its entries are OCI syscalls: no includes, excludes or comment" "$cfg" \
	'[.linux.seccomp.syscalls[] | has("includes") or has("excludes") or has("comment")] | any | not'
jq_true "... the host arch comes first, with its archMap sub-arches" "$cfg" \
	'(.linux.seccomp.architectures | length) >= 1'
jq_true "... --caps none: empty capability sets" "$cfg" '.process.capabilities.bounding == []'
jq_true "... the init is /init, the root read-only" "$cfg" \
	'.process.args == ["/init"] and .root.readonly == true'
"$tool" --profile "$docker" --bundle "$tmp/b2" --caps default+CAP_SYS_ADMIN >"$tmp/out" 2>&1
jq_true "--caps default+CAP_SYS_ADMIN: Docker's 14 and CAP_SYS_ADMIN" "$tmp/b2/config.json" \
	'(.process.capabilities.bounding | length) == 15 and (.process.capabilities.bounding | index("CAP_SYS_ADMIN")) != null'
jq_true "... allows mount (includes.caps CAP_SYS_ADMIN), which none does not" "$tmp/b2/config.json" \
	'[.linux.seccomp.syscalls[].names[]] | index(["mount"]) != null'
jq_true "... none: no mount" "$cfg" '[.linux.seccomp.syscalls[].names[]] | index(["mount"]) == null'

# live: one run per runtime, its state and bundle under our own TMPDIR
for rt in crun runc; do
	if [ "$(id -u)" != 0 ]; then skip "$rt: a live run gives a filter" "needs root"; continue; fi
	if ! command -v "$rt" >/dev/null 2>&1; then skip "$rt: a live run gives a filter" "$rt not installed"; continue; fi
	if ! grep -q '^Seccomp:[[:space:]]*0' /proc/self/status; then
		skip "$rt: a live run gives a filter" "runs under seccomp"; continue
	fi
	mkdir -p "$tmp/t-$rt"
	if TMPDIR=$tmp/t-$rt "$tool" --runtime "$rt" --profile "$docker" -o "$tmp/$rt.json" >"$tmp/out" 2>&1 &&
	   TMPDIR=$tmp/t-$rt "$tool" --runtime "$rt" --profile "$docker" --format raw -o "$tmp/raw-$rt" >>"$tmp/out" 2>&1 &&
	   [ "$(jq '.filters[0].len > 100' "$tmp/$rt.json")" = true ] &&
	   [ "$(wc -c <"$tmp/raw-$rt/filter-0.bpf")" = "$(($(jq '.filters[0].len' "$tmp/$rt.json") * 8))" ] &&
	   [ -z "$(ls -A "$tmp/t-$rt")" ]; then
		n=$((n + 1)); echo "ok $n $rt: a live run gives a filter (JSON and raw), nothing left in TMPDIR"
	else
		n=$((n + 1)); echo "not ok $n $rt: a live run gives a filter (JSON and raw), nothing left in TMPDIR"
		sed 's/^/# /' "$tmp/out"; ls -A "$tmp/t-$rt" | sed 's/^/# left: /'; failed=1
	fi
done
exit $failed
