# SPDX-License-Identifier: GPL-2.0-only
# Shared set-up for scripts/plots/*.gp: terminal by fmt ("png" or "svg"),
# output outbase-<name>.<fmt>. Callers set datadir, outbase, fmt, name.
if (fmt eq "svg") {
	set terminal svg size 960,600 dynamic enhanced font "Sans,12" background "white"
} else {
	set terminal pngcairo size 960,600 enhanced font "Sans,10" background "white"
}
set output sprintf("%s-%s.%s", outbase, name, fmt)
set datafile missing "NaN"
set grid lc rgb "#dddddd"
set key top left box opaque
