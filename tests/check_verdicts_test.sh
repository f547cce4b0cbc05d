#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# check_verdicts_test: scripts/check-verdicts accepts listed kernel bugs,
# rejects unlisted failures and stale entries, and matches release prefixes
# on whole components (6.1 applies to 6.1.0-40, not to 6.18.2). TAP output.

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
n=0 failed=0
check() { # name, want-rc, release, known-file-content
	n=$((n + 1))
	rm -f "$tmp/k/"*
	[ -n "$4" ] && printf '%b' "$4" >"$tmp/k/$5"
	"$cv" --known "$tmp/k" --release "$3" "$tmp/run.tap" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" = "$2" ]; then echo "ok $n $1"; else
		echo "not ok $n $1 # rc $rc, wanted $2"; sed 's/^/# /' "$tmp/out"; failed=1; fi
}
echo "TAP version 13"
echo "1..6"
check unlisted_failures_fail 1 6.18.1 ""
check listed_failures_pass 0 6.18.1 'a_test:f.v.fails\t-\tbug\nb_test\tdeadbeef\thang\n' 6.18
check stale_entry_fails 1 6.18.1 'a_test:f.v.fails\t-\tbug\nb_test\t-\thang\na_test:f.v.passes\t-\told\n' 6.18
check prefix_matches_whole_component 0 6.1.0-40-cloud-amd64 'a_test:f.v.fails\t-\tbug\nb_test\t-\thang\n' 6.1
check prefix_not_a_partial_number 1 6.18.1 'a_test:f.v.fails\t-\tbug\nb_test\t-\thang\n' 6.1
check skips_are_not_failures 0 7.0 'a_test:f.v.fails\t-\tbug\nb_test\t-\thang\n' 7
exit $failed
