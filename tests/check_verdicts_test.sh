#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# check_verdicts_test: scripts/check-verdicts accepts listed kernel bugs,
# rejects unlisted failures and stale entries, and matches release prefixes
# on whole components (6.1 applies to 6.1.0-40, not to 6.18.2); a
# <prefix>@<arch> list applies to that arch only (--arch, arm64 = aarch64)
# and is never stale for another arch. TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of scripts/check-verdicts, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# From the source tree (tests/) or a build directory (run by make, which
# exports SCT_SRCDIR).
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -x "$d/scripts/check-verdicts" ] && { cv=$d/scripts/check-verdicts; break; }
done
[ -n "${cv:-}" ] || { echo "Bail out! scripts/check-verdicts not found"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/run.tap" <<'TAP'
TAP version 13
1..2
# selftests: seccomp-suite: a_test
# ok 1 f.v.passes
# not ok 2 f.v.fails
# ok 3 f.v.skips # SKIP X unavailable (evidence; Linux 9.9+)
not ok 1 selftests: seccomp-suite: a_test # exit=1
# selftests: seccomp-suite: b_test
not ok 2 selftests: seccomp-suite: b_test # TIMEOUT 45 seconds
TAP
mkdir "$tmp/k"
. "${cv%/scripts/check-verdicts}/tests/lib/expect.sh"
n=0 failed=0
lists() { # the known-failure directory's files: name content ...
	rm -f "$tmp/k/"*
	while [ $# -ge 2 ]; do printf '%b' "$2" >"$tmp/k/$1"; shift 2; done
}
check() { # name, want-rc, grep -E pattern (! prefix: must not match), check-verdicts options
	_n=$1 _w=$2 _p=$3
	shift 3
	tap_expect "$_n" "$_w" "$_p" "$cv" --known "$tmp/k" "$@" "$tmp/run.tap"
}
both='a_test:f.v.fails\t-\tbug\nb_test\t-\thang\n'
echo "TAP version 13"
echo "1..17"
lists
check unlisted_failures_fail 1 'UNEXPECTED FAILURE: a_test:f\.v\.fails' --release 6.18.1 --arch x86_64
lists 6.18 'a_test:f.v.fails\t-\tbug\nb_test\tdeadbeef\thang\n'
check listed_failures_pass 0 'known kernel bug .*b_test: hang \[fixed by deadbeef\]' --release 6.18.1 --arch x86_64
lists 6.18 'a_test:f.v.fails\t-\tbug\nb_test\t-\thang\na_test:f.v.passes\t-\told\n'
check stale_entry_fails 1 'STALE .*list 6\.18.*a_test:f\.v\.passes' --release 6.18.1 --arch x86_64
lists 6.1 "$both"
check prefix_matches_whole_component 0 'verdicts: 1 passed, 0 failed' --release 6.1.0-40-cloud-amd64 --arch x86_64
check prefix_not_a_partial_number 1 UNEXPECTED --release 6.18.1 --arch x86_64
check plain_prefix_applies_to_every_arch 0 'list 6\.1\)' --release 6.1.0-40-cloud-arm64 --arch aarch64
lists 7 "$both"
check skips_are_not_failures 0 '1 skipped' --release 7.0 --arch x86_64
# per-arch lists: <prefix>@<uname -m>
lists 6.1@aarch64 "$both"
check arch_list_accepts_its_arch 0 'known kernel bug \(6\.1\.0-57-cloud-arm64, aarch64; list 6\.1@aarch64\)' \
	--release 6.1.0-57-cloud-arm64 --arch aarch64
check arch_list_ignored_on_another_arch 1 'UNEXPECTED FAILURE: a_test:f\.v\.fails' \
	--release 6.1.0-57-cloud-amd64 --arch x86_64
check arm64_is_an_alias_of_aarch64 0 'list 6\.1@aarch64' --release 6.1.0-57-cloud-arm64 --arch arm64
check unknown_arch_is_a_usage_error 2 "unknown arch 'sparc64'" --release 6.1.0-57-cloud-arm64 --arch sparc64
# an x86_64 list that would be stale on x86_64 says nothing about aarch64
lists 6.1 "$both" 6.1@x86_64 'a_test:f.v.passes\t-\tx86 only\n'
check other_arch_list_never_stale 0 '!STALE' --release 6.1.0-57-cloud-arm64 --arch aarch64
check same_arch_list_stale 1 'STALE .*list 6\.1@x86_64.*a_test:f\.v\.passes' --release 6.1.0-57-cloud-amd64 --arch x86_64
lists 6.1 'a_test:f.v.fails\t-\tbug\n' 6.1@aarch64 'b_test\t-\thang on aarch64\n'
check plain_and_arch_lists_add_up 0 'list 6\.1@aarch64\): b_test' --release 6.1.0-57-cloud-arm64 --arch aarch64
check arch_part_missing_on_x86_64 1 'UNEXPECTED FAILURE: b_test' --release 6.1.0-57-cloud-amd64 --arch x86_64
lists 6.1@arm64 "$both"
check list_named_by_an_alias_is_an_error 2 "6\.1@arm64.*not an arch's uname -m name" --release 6.1.0-57-cloud-arm64 --arch aarch64
lists "6.1@$(uname -m)" "$both"
check default_arch_is_uname_m 0 "list 6\.1@$(uname -m)" --release 6.1.0-57-cloud-x
exit $failed
