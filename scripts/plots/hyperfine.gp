# SPDX-License-Identifier: GPL-2.0-only
# Whole-process runs (hyperfine): median wall time of bench/workload under
# each filter, 95% CI of the median as error bars.
name = "hyperfine"
load "common.gp"
set title "bench/workload under filters, hyperfine (".subtitle.")"
set ylabel "ms per run (median)"
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set xtics rotate by -30 nomirror font ",8"
set rmargin 10
set bmargin 6
set yrange [0:*]
unset key
plot datadir."/hyperfine.dat" u 2:3:4:xtic(1) lc rgb "#6a3d9a"
