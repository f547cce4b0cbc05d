#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerate build-lib.mix: the system calls made while `make` builds this
# repository's lib/ (and arch/) into a fresh build directory, counted by
# `strace -f -c`. Run from anywhere; writes the file atomically.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="$here/build-lib.mix"
tmp=$(mktemp -d /tmp/sct-mix.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

cd "$top"
# the harness headers come from the main build; deps are assumed installed
ksft=${KSFT_DIR:-build/ksft}
[ -f "$ksft/kselftest_harness.h" ] || scripts/ksft-headers "$ksft" >/dev/null
cmd="strace -f -c -o RAW make -s SKIP_DEPS=1 KSFT_DIR=$ksft O=TMP/build TMP/build/libsct.a"
strace -f -c -o "$tmp/raw" make -s SKIP_DEPS=1 KSFT_DIR="$ksft" O="$tmp/build" "$tmp/build/libsct.a" >/dev/null

nfiles=$(ls "$tmp/build/objs/lib" "$tmp/build/objs/arch" 2>/dev/null | grep -c '\.o$')
{
	echo "# SPDX-License-Identifier: GPL-2.0-only"
	echo "# syscall mix: building seccomp-suite's lib/ and arch/ ($nfiles objects + libsct.a) with make + gcc"
	echo "# command (cwd: the repository; TMP a fresh temporary directory):"
	echo "#   $cmd"
	echo "# source: seccomp-suite $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "# host: Linux $(uname -r) $(uname -m); $(gcc --version | head -1); $(make --version | head -1); $(strace -V | head -1)"
	echo "# counted: every thread and child (-f); calls include failed ones (errors column)"
	awk '/^-/ || /^%/ || / total$/ { next }
	     NF >= 5 { name = $NF; calls = $4; errors = (NF == 6) ? $5 : 0;
		       total += calls; print name, calls, errors }
	     END { print "# total", total > "/dev/stderr" }' "$tmp/raw" 2>"$tmp/total" |
		sort -k2,2nr -k1,1 > "$tmp/body"
	echo "$(cat "$tmp/total") calls"
	echo "# name calls errors"
	cat "$tmp/body"
} > "$tmp/mix"
mv "$tmp/mix" "$out.tmp.$$" && mv "$out.tmp.$$" "$out"
echo "wrote $out"
