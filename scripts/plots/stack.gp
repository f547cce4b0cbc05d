# SPDX-License-Identifier: GPL-2.0-only
# Stacked filters: Δ ns per call against the number of filters, cacheable and
# not, with the per-filter fit.
name = "stack"
load "common.gp"
load datadir."/fits.gp"
set title "seccomp overhead against stacked filters (".subtitle.")"
set xlabel "filters installed ({LD nr | LD args[0]; RET ALLOW} each)"
set ylabel "Δ ns per call vs no filter"
set xrange [0:34]
plot datadir."/stack-cached.dat" u 1:2:3:4 w yerrorlines pt 7 lc rgb "#1b9e77" t "all cacheable", \
     datadir."/stack-uncached.dat" u 1:2:3:4 w yerrorlines pt 5 lc rgb "#d95f02" t "all uncacheable", \
     [1:32] a_stack_uncached + b_stack_uncached*x w l dt 2 lc rgb "#d95f02" \
        t sprintf("fit: %.1f + %.2f ns per filter", a_stack_uncached, b_stack_uncached)
