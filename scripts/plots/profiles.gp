# SPDX-License-Identifier: GPL-2.0-only
# Per-profile layout bars: Δ ns per call (uncacheable path, measured syscall
# at the median weight) for the Docker and Podman default profiles in every
# layout, 95% CI as error bars; the simulator's executed instructions are
# printed above each bar.
name = "profiles"
load "common.gp"
set title "Docker and Podman default profiles by layout, uncacheable path (".subtitle.")"
set ylabel "Δ ns per call vs no filter"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.7 border -1
set boxwidth 0.9
set xtics rotate by -30 nomirror
set rmargin 10
set yrange [0:*]
set key top right
plot datadir."/profiles.dat" u 2:3:4:xtic(1) t "docker" lc rgb "#1f78b4", \
     "" u 6:7:8 t "podman" lc rgb "#33a02c", \
     "" u ($0-0.125):4:(sprintf("%.0f", $5)) w labels offset 0,0.7 font ",8" notitle, \
     "" u ($0+0.125):8:(sprintf("%.0f", $9)) w labels offset 0,0.7 font ",8" notitle
