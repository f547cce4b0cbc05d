# SPDX-License-Identifier: GPL-2.0-only
# Layouts against rule-set size (synthetic allow-lists, measured syscall in
# the middle, uncacheable path): measured Δ ns (left) beside the simulator's
# executed instructions (right), one line per layout.
name = "layouts"
load "common.gp"
load datadir."/layouts.gp"
set multiplot layout 1,2 title "rule-set layouts, measured syscall in the middle, uncacheable path (".subtitle.")"
set logscale x 2
set format x "%g"
set xrange [6:500]
set xlabel "syscalls in the allow-list"
set key top left font ",8" box opaque
set ylabel "Δ ns per call vs no filter"
plot for [i=0:nlayouts-1] datadir."/layouts-middle.dat" index i u 1:2 w lp pt (i%7)+4 t word(layout_names, i+1)
set ylabel "instructions executed (simulator)"
unset key
plot for [i=0:nlayouts-1] datadir."/layouts-middle.dat" index i u 1:5 w lp pt (i%7)+4 t word(layout_names, i+1)
unset multiplot
