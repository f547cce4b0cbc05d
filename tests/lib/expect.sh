# SPDX-License-Identifier: GPL-2.0-only
#
# expect.sh - sourced by the tests/*_test.sh self-tests that judge a command
# by its exit status and output. The caller sets $tmp (a scratch directory)
# and n=0 failed=0; each call prints one TAP line and, on failure, the output.
#
#   tap_expect NAME WANT_RC PATTERN COMMAND [ARG]...
#
# PATTERN is a grep -E pattern that must match the output (stdout and
# stderr); with a leading '!' it must not.

tap_expect() {
	_name=$1 _want=$2 _pat=$3
	shift 3
	n=$((n + 1))
	"$@" >"$tmp/out" 2>&1
	_rc=$?
	case "$_pat" in
	!*) grep -Eq -- "${_pat#!}" "$tmp/out" && _ok=0 || _ok=1 ;;
	*) grep -Eq -- "$_pat" "$tmp/out" && _ok=1 || _ok=0 ;;
	esac
	if [ "$_rc" = "$_want" ] && [ "$_ok" = 1 ]; then echo "ok $n $_name"; else
		echo "not ok $n $_name # rc $_rc, wanted $_want; pattern '$_pat'"
		sed 's/^/# /' "$tmp/out"
		failed=1
	fi
}
