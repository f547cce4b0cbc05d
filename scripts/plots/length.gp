# SPDX-License-Identifier: GPL-2.0-only
# Overhead against filter length: paired Δ ns per call (median, 95% CI) for
# the cacheable, uncacheable and denied forms, with the Theil-Sen fits.
name = "length"
load "common.gp"
load datadir."/fits.gp"
set title "seccomp overhead against instructions executed (".subtitle.")"
set xlabel "instructions executed on the measured path (log scale)"
set ylabel "Δ ns per call vs no filter"
set logscale x 2
set format x "%g"
set xrange [0.8:5000]
plot datadir."/length-cached.dat" u 1:2:3:4 w yerrorlines pt 7 lc rgb "#1b9e77" t "cacheable (constant-action bitmap)", \
     datadir."/length-uncached.dat" u 1:2:3:4 w yerrorlines pt 5 lc rgb "#d95f02" t "uncacheable (+ LD args[0])", \
     datadir."/length-denied.dat" u 1:2:3:4 w yerrorlines pt 9 lc rgb "#7570b3" t "denied (RET ERRNO)", \
     [2:4096] a_length_uncached + b_length_uncached*x w l dt 2 lc rgb "#d95f02" \
        t sprintf("uncached fit: %.1f + %.3f ns/insn", a_length_uncached, b_length_uncached), \
     [3:4095] a_length_denied + b_length_denied*x w l dt 2 lc rgb "#7570b3" \
        t sprintf("denied fit: %.1f + %.3f ns/insn", a_length_denied, b_length_denied)
