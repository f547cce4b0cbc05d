#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kernel_coverage_test: scripts/coverage/report turns gcov JSON into the
# right per-function line and branch counts (checked against the committed
# fixture of tests/lib/coverage/, whose file totals are gcov's own: 22 of 32
# lines, 6 of 11 branches taken; `fixture x`: 23 of 32, 5 of 11), leaves the
# functions of the reachability table out of the reachable total, lists the
# unreached lines, compares two data sets, and that scripts/kernel-coverage
# and report reject bad input with one line and exit 2. No kernel, no VM.
# TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of scripts/kernel-coverage's report, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -x "$d/scripts/coverage/report" ] && { top=$d; break; }
done
[ -n "${top:-}" ] || { echo "Bail out! scripts/coverage/report not found"; exit 1; }
. "$top/tests/lib/expect.sh"
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fx=$top/tests/lib/coverage
report=$top/scripts/coverage/report
kc=$top/scripts/kernel-coverage
rep() { "$report" --src "$fx/fixture.c" --file fixture.c --table "$fx/fixture.reachability" "$@"; }
A=a=$fx/fixture.gcov.json B=b=$fx/fixture-b.gcov.json
# one error line, exit 2
one_line() {
	"$@" >"$tmp/err" 2>&1
	rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] || { echo "exit $rc, $(wc -l <"$tmp/err") lines:"; cat "$tmp/err"; return 1; }
	cat "$tmp/err"; return 2
}
count_unreached() { rep "$A" | grep -c '^fixture\.c:'; }
# the section "Lines $1 reaches and $2 does not" of the comparison
only_first() { rep "$A" "$B" | awk '/^Lines a did not reach/ { on = 1; next } /^Lines / { on = 0 } on'; }
only() { rep "$A" "$B" | awk -v h="Lines $1 reaches and $2 does not:" '$0 == h { on = 1; next } /^Lines / { on = 0 } on'; }
gz=$tmp/fixture.gcov.json.gz
gzip -c "$fx/fixture.gcov.json" >"$gz"

n=0 failed=0
# per function (source extents: the SYSCALL_DEFINE, the two-line and the
# return-type-on-its-own-line definitions, the one-liner)
tap_expect per_function_half 0 '^half +3/4 +75\.0% +1/2 +50\.0% +user$' rep "$A"
tap_expect per_function_two_line_definition 0 '^sum_to +5/5 +100\.0% +2/2 +100\.0% +user$' rep "$A"
tap_expect per_function_type_on_own_line 0 '^never_called +0/4 +0\.0% +0/2 +0\.0% +user$' rep "$A"
tap_expect per_function_one_liner 0 '^one_liner +1/1 +100\.0% +0/0 +- +user$' rep "$A"
tap_expect per_function_syscall_define 0 '^sys_demo +6/8 +75\.0% +2/3 +66\.7% +user$' rep "$A"
tap_expect per_function_table_class 0 '^boot_only +0/2 +0\.0% +0/0 +- +init$' rep "$A"
# totals: the file's equal gcov's summary; reachable leaves out boot_only
tap_expect file_total_is_gcovs 0 '^TOTAL fixture\.c +22/32 +68\.8% +6/11 +54\.5%' rep "$A"
tap_expect reachable_total_without_table 0 '^TOTAL reachable from userspace +22/30 +73\.3% +6/11 +54\.5%' rep "$A"
tap_expect reachable_less_line_rows 0 '^TOTAL reachable, less listed lines +21/28 +75\.0% +6/11 +54\.5%' rep "$A"
tap_expect line_row_applied 0 '^  fixture\.c:20  half +kernel-bug +stands for a WARN_ON path$' rep "$A"
tap_expect line_row_void 0 '^  VOID fixture\.c:30: not an instrumented line of half' rep "$A"
tap_expect line_row_that_ran_flagged 0 '^  NOTE fixture\.c:47 ran \(1 times\)' rep "$A"
tap_expect unreached_line_marked 0 '^fixture\.c:20  half  		return -1;    \[kernel-bug\]$' rep "$A"
tap_expect compare_reachable_less 0 '^TOTAL reachable, less listed lines +\| +21/28 +75\.0% +6/11 +54\.5% \| +20/28 +71\.4% +5/11 +45\.5% \|$' rep "$A" "$B"
tap_expect compare_lists_first_sets_unreached 0 '^fixture\.c:70  main  		r \+= boot_only\(\);$' only_first
tap_expect gzip_input_same_totals 0 '^TOTAL fixture\.c +22/32 +68\.8% +6/11 +54\.5%' rep "a=$gz"
tap_expect excluded_function_has_reason 0 '^  boot_only +init +stands for an __init' rep "$A"
# unreached lines: every one with its function and text, none that ran
tap_expect unreached_line_listed 0 '^fixture\.c:44  boot_only  	return counter;$' rep "$A"
tap_expect unreached_count 0 '^10$' count_unreached
tap_expect reached_line_not_listed 0 '!^fixture\.c:21 ' rep "$A"
# two data sets side by side, and the lines only one of them reached
tap_expect compare_row 0 '^sum_to +\| +5/5 100\.0% +2/2 100\.0% \| +0/5 +0\.0% +0/2 +0\.0% \| user$' rep "$A" "$B"
tap_expect compare_reachable_total 0 '^TOTAL reachable from userspace +\| +22/30 +73\.3% +6/11 +54\.5% \| +21/30 +70\.0% +5/11 +45\.5% \|$' rep "$A" "$B"
tap_expect compare_file_total_second 0 '^TOTAL fixture\.c +\| .* \| +23/32 +71\.9% +5/11 +45\.5% \|$' rep "$A" "$B"
tap_expect compare_only_b 0 '^fixture\.c:38  never_called  		return 1;$' only b a
tap_expect compare_only_a 0 '^fixture\.c:30  sum_to  		s \+= i;$' only a b
# bad input: one line, exit 2
echo '{ not json' >"$tmp/bad.json"
tap_expect report_bad_json 2 '^report: ' one_line rep "a=$tmp/bad.json"
tap_expect report_file_not_in_data 2 'no other\.c in the gcov data' one_line "$report" --src "$fx/fixture.c" --file other.c "$A"
tap_expect report_three_sets 2 'one or two' one_line rep "$A" "$B" "$A"
tap_expect report_no_label 2 'LABEL=GCOV_JSON' one_line rep "$fx/fixture.gcov.json"
tap_expect report_missing_json 2 'cannot read' one_line rep "a=$tmp/none.json"
tap_expect report_no_src 2 'no readable --src' one_line "$report" "$A"
tap_expect report_unknown_option 2 "unknown option '--bogus'" one_line rep --bogus "$A"
tap_expect report_help 0 '^Usage: scripts/coverage/report' "$report" --help
tap_expect kernel_coverage_help 0 '--compare PROG' "$kc" --help
tap_expect kernel_coverage_unknown_option 2 "unknown option '--bogus'" one_line "$kc" --bogus
tap_expect kernel_coverage_bad_prog 2 'neither suites, seccomp_bpf nor an executable' one_line "$kc" "$tmp/none"
tap_expect kernel_coverage_bad_compare 2 'neither suites' one_line "$kc" --compare "$tmp/none"
tap_expect kernel_coverage_compare_needs_value 2 '--compare needs a value' one_line "$kc" --compare
tap_expect kernel_coverage_bad_timeout 2 'whole seconds' one_line "$kc" --timeout 1x
tap_expect kernel_coverage_bad_accel 2 'auto, kvm or tcg' one_line "$kc" --accel fast

echo "1..$n"
exit "$failed"
