#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# coverage_doc_test: docs/COVERAGE.md stays true. (a) Every case of the
# kernel's seccomp_bpf.c in the linux-source-6.12 tarball has a row; (b)
# every `program:name` the doc cites is listed by that program's -l in the
# build directory; (c) every row names at least one test or a GAP; (d) no
# row is a GAP. One line per problem. TAP output.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test of docs/COVERAGE.md, TAP on stdout)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
# From a build directory (run by make from $(O)/tests, SCT_SRCDIR exported)
# or from the source tree (tests/, build directory ../build).
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -f "$d/docs/COVERAGE.md" ] && { doc=$d/docs/COVERAGE.md; break; }
done
[ -n "${doc:-}" ] || { echo "Bail out! docs/COVERAGE.md not found"; exit 1; }
has_suites() {
	for p in "$1"/suites/*_test; do [ -x "$p" ] && return 0; done
	return 1
}
for b in "$here/.." "${SCT_SRCDIR:-$here/..}/build"; do
	has_suites "$b" && { bdir=$(cd "$b" && pwd); break; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The table rows as tab-separated cells (the markdown pipes and the padding
# around them removed); header and separator rows dropped.
awk '/^\| / && !/^\|---/ && !/^\| (kernel case|kernel check) \|/ {
	line = $0; sub(/^\| /, "", line); sub(/ \|$/, "", line)
	n = split(line, c, / \| /); out = c[1]
	for (i = 2; i <= n; i++) out = out "\t" c[i]
	print n "\t" out
}' "$doc" >"$tmp/rows"

# Harness names of the cases in a kselftest-harness source file.
kernel_cases() {
	awk '
	/^FIXTURE_VARIANT_ADD\(/ { s = $0; sub(/^FIXTURE_VARIANT_ADD\( */, "", s); sub(/\).*/, "", s)
		gsub(/ /, "", s); split(s, a, ","); var[a[1]] = var[a[1]] " " a[2]; next }
	/^(TEST|TEST_SIGNAL)\(/ { s = $0; sub(/^[A-Z_]+\( */, "", s); sub(/[ ,)].*/, "", s)
		name[++n] = "global." s; next }
	/^(TEST_F|TEST_F_SIGNAL|TEST_F_TIMEOUT)\(/ { s = $0; sub(/^[A-Z_]+\( */, "", s)
		sub(/\).*/, "", s); gsub(/ /, "", s); split(s, a, ","); fx[++n] = a[1]; name[n] = a[2] }
	END { for (i = 1; i <= n; i++) {
		if (!(i in fx)) { print name[i]; continue }
		if (var[fx[i]] == "") { print fx[i] "." name[i]; continue }
		m = split(var[fx[i]], v, " ")
		for (j = 1; j <= m; j++) print fx[i] "." v[j] "." name[i] } }' "$1"
}

# Full test names from a harness program's -l (fixture, variant and test
# columns; a block per fixture; names may overflow their column).
list_names() {
	"$1" -l 2>&1 | awk '
	function flush(i, j) {
		if (fx == "") return
		if (nv == 0) for (j = 1; j <= nt; j++) print fx "." t[j]
		else for (i = 1; i <= nv; i++) for (j = 1; j <= nt; j++) print fx "." v[i] "." t[j]
		fx = ""; nv = 0; nt = 0
	}
	/^# FIXTURE/ { next }
	/^-----/ { flush(); next }
	{	f = ""
		if (substr($0, 1, 1) != " ") { f = $0; sub(/ .*/, "", f); flush(); fx = f }
		off = (length(f) > 20 ? length(f) : 20) + 2
		rest = substr($0, off); vn = ""
		if (rest != "" && substr(rest, 1, 1) != " ") { vn = rest; sub(/ .*/, "", vn) }
		tn = substr($0, off + (length(vn) > 25 ? length(vn) : 25) + 1)
		gsub(/^ +| +$/, "", tn)
		if (vn != "") v[++nv] = vn
		if (tn != "") t[++nt] = tn }
	END { flush() }'
}

n=0 failed=0
result() { # name, problems file, what (for the summary)
	n=$((n + 1))
	if [ -s "$2" ]; then
		echo "not ok $n $1 # $(wc -l <"$2") $3"
		sed 's/^/# /' "$2"
		failed=1
	else
		echo "ok $n $1"
	fi
}
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

echo "TAP version 13"
echo "1..4"

# (a) every kernel case of the 6.12 tarball has a row
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
if [ -z "$tarball" ]; then
	skip doc_has_a_row_per_kernel_case "no /usr/src/linux-source-*.tar.xz (scripts/install-deps installs linux-source-6.12)"
else
	top=$(basename "$tarball" .tar.xz)
	member=$top/tools/testing/selftests/seccomp/seccomp_bpf.c
	# extracting from the tarball takes ~20 s: keep a copy in the build directory
	cache=${bdir:-$tmp}/tests/$top-seccomp_bpf.c
	if [ ! -s "$cache" ] || [ -n "$(find "$tarball" -newer "$cache")" ]; then
		mkdir -p "$(dirname "$cache")"
		tar -xJOf "$tarball" "$member" >"$cache.tmp" 2>"$tmp/tar.err" && mv "$cache.tmp" "$cache"
	fi
	if [ -s "$cache" ]; then
		kernel_cases "$cache" >"$tmp/kernel"
		cut -f2 "$tmp/rows" | tr -d '`' | sort -u >"$tmp/keys"
		sort -u "$tmp/kernel" | comm -23 - "$tmp/keys" |
			sed "s|^|kernel case without a row: |" >"$tmp/a"
		[ "$(wc -l <"$tmp/kernel")" -ge 50 ] ||
			echo "only $(wc -l <"$tmp/kernel") cases found in $member: the name parser is broken" >>"$tmp/a"
		result doc_has_a_row_per_kernel_case "$tmp/a" "of $(wc -l <"$tmp/kernel") kernel cases without a row"
	else
		rm -f "$cache.tmp"
		echo "cannot extract $member from $tarball: $(head -n 1 "$tmp/tar.err")" >"$tmp/a"
		result doc_has_a_row_per_kernel_case "$tmp/a" "problem"
	fi
fi

# (b) every cited test exists in its program's -l output
# shellcheck disable=SC2016
cut -f4 "$tmp/rows" | grep -o '`[a-z0-9_]*_test:[^`]*`' | tr -d '`' | sort -u >"$tmp/cited"
if [ -z "${bdir:-}" ]; then
	skip cited_tests_exist "no built suites (build with make, or run from the build directory)"
else
	: >"$tmp/b"
	for prog in $(cut -d: -f1 "$tmp/cited" | sort -u); do
		if [ ! -x "$bdir/suites/$prog" ]; then
			echo "$prog is cited but $bdir/suites/$prog is not built" >>"$tmp/b"
			continue
		fi
		list_names "$bdir/suites/$prog" | sed "s/^/$prog:/" | sort -u >"$tmp/list"
		grep "^$prog:" "$tmp/cited" | comm -23 - "$tmp/list" |
			sed "s|^|not listed by $prog -l: |" >>"$tmp/b"
	done
	result cited_tests_exist "$tmp/b" "of $(wc -l <"$tmp/cited") cited tests do not exist"
fi

# (c) every row is whole and says what covers it
awk -F'\t' '{ gsub(/`/, "", $2) }
	$1 != 4 { print "row with " $1 " cells, wanted 4: " $2; next }
	$4 !~ /`[a-z0-9_]*_test:[^`]*`/ && $4 !~ /GAP: / { print "row names no test and no GAP: " $2 }' \
	"$tmp/rows" >"$tmp/c"
result every_row_names_its_tests "$tmp/c" "malformed rows"

# (d) no gaps left
awk -F'\t' '$1 == 4 && $4 ~ /GAP: / { g = $4; sub(/.*GAP: /, "", g); gsub(/`/, "", $2)
	print "GAP: " $2 ": " g }' "$tmp/rows" >"$tmp/d"
result no_gap_rows "$tmp/d" "rows are GAP"
exit $failed
