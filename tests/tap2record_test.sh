#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tap2record_test: tools/tap2record reads scripts/run-suites TAP into a
# conformance record: verdicts and SKIP reasons split into feature and
# version, failure logs with commit tags, a program that died without a
# failing case, and a truncated stream or --incomplete never "complete".
# TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of tools/tap2record, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# run by make from $(O)/tests: the tool is $(O)/tools/tap2record
for t in "$here/../tools/tap2record" "${SCT_SRCDIR:-.}/build/tools/tap2record"; do
	[ -x "$t" ] && { t2r=$t; break; }
done
[ -n "${t2r:-}" ] || { echo "1..0 # SKIP tools/tap2record not built"; exit 4; }
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/full.tap" <<'TAP'
TAP version 13
1..3
# selftests: seccomp-suite: a_test
# TAP version 13
# 1..3
# #  RUN           f.v.passes ...
# #            OK  f.v.passes
# ok 1 f.v.passes
# #  RUN           f.v.fails ...
# # /some/checkout/suites/a_test.c:10:fails:Expected 0xffffffff80000000 (1) == x (2)
# # /some/checkout/suites/a_test.c:11:fails:clamp missing (fixed by commit 580c57f10768, Linux 4.13+)
# # fails: Test terminated by assertion
# #          FAIL  f.v.fails
# not ok 2 f.v.fails
# #  RUN           f.v.skips ...
# #      SKIP      X_FLAG unavailable (probe: EINVAL; Linux 5.9+)
# ok 3 f.v.skips # SKIP X_FLAG unavailable (probe: EINVAL; Linux 5.9+)
not ok 1 selftests: seccomp-suite: a_test # exit=1
# selftests: seccomp-suite: b_test
# TAP version 13
# 1..1
# #  RUN           g.h.hangs ...
not ok 2 selftests: seccomp-suite: b_test # TIMEOUT 45 seconds
# selftests: seccomp-suite: c_test
# ok 1 c.only # SKIP needs CAP_SYS_ADMIN (run as root)
ok 3 selftests: seccomp-suite: c_test # SKIP
TAP
head -n 9 "$tmp/full.tap" >"$tmp/cut.tap"
echo '{"kernel": {"release": "9.9.9-guest"}}' >"$tmp/env.json"

n=0 failed=0
# name, jq expression that must hold for the record, tap2record options
check() {
	name=$1 expr=$2
	shift 2
	n=$((n + 1))
	"$t2r" --env-file "$tmp/env.json" "$@" >"$tmp/rec" 2>"$tmp/err"
	if jq -e "$expr" "$tmp/rec" >/dev/null 2>&1; then echo "ok $n $name"; else
		echo "not ok $n $name"; sed 's/^/# /' "$tmp/err"; jq -c '.conformance | del(.tests)' "$tmp/rec" 2>&1 | sed 's/^/# /'
		jq -c '.conformance.tests[]' "$tmp/rec" 2>&1 | sed 's/^/# /'; failed=1; fi
}
T='.conformance.tests'
echo "TAP version 13"
echo "1..9"
check "a full stream is complete with three programs" \
	'.conformance.status == "complete" and .conformance.summary.programs_run == 3 and .kind == "conformance" and .schema == "seccomp-suite/result/1"' \
	--tap "$tmp/full.tap"
check "pass, fail and skip verdicts per case" \
	"[$T[] | .verdict] == [\"pass\", \"fail\", \"skip\", \"fail\", \"skip\"]" --tap "$tmp/full.tap"
check "a SKIP reason gives feature and version" \
	"$T[2].feature == \"X_FLAG\" and $T[2].since == \"5.9\"" --tap "$tmp/full.tap"
check "a failure keeps its log, relative paths, the commit tag and the version" \
	"($T[1].reason | startswith(\"suites/a_test.c:10:\")) and $T[1].tags == [\"580c57f10768\"] and $T[1].since == \"4.13\"" \
	--tap "$tmp/full.tap"
check "a program that died without a failing case is one failed '*' test" \
	"$T[3].name == \"*\" and ($T[3].reason | test(\"TIMEOUT 45 seconds during g.h.hangs\"))" --tap "$tmp/full.tap"
check "a truncated stream is incomplete and says where it stopped" \
	'.conformance.status == "incomplete" and (.conformance.reason | startswith("truncated")) and .conformance.last_test == "a_test:f.v.fails"' \
	--tap "$tmp/cut.tap"
check "--incomplete wins over a full stream" \
	'.conformance.status == "incomplete" and .conformance.reason == "panic: test"' \
	--tap "$tmp/full.tap" --incomplete "panic: test"
check "the context comes from --env-file, the release from --release" \
	'.context.kernel.release == "1.2.3" and .conformance.where == "qemu-tcg" and .conformance.emulated' \
	--tap "$tmp/full.tap" --release 1.2.3 --emulated qemu-tcg
n=$((n + 1))
"$t2r" --tap "$tmp/full.tap" --env-file "$tmp/env.json" --results "$tmp/res" >"$tmp/out"
if [ -s "$tmp/res/9.9.9-guest/$(ls "$tmp/res/9.9.9-guest" | grep -m1 'conformance\.json$')" ] &&
   ls "$tmp/res/9.9.9-guest/" | grep -q '^[0-9]\{8\}T[0-9]\{6\}Z-conformance\.tap$' &&
   grep -q '^record: ' "$tmp/out"; then
	echo "ok $n --results writes <release>/<stamp>-conformance.{json,tap}"
else
	echo "not ok $n --results writes <release>/<stamp>-conformance.{json,tap}"; ls -R "$tmp/res" | sed 's/^/# /'; failed=1
fi
exit "$failed"
