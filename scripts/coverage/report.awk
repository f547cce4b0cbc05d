# SPDX-License-Identifier: GPL-2.0-only
#
# report.awk: the body of scripts/coverage/report (POSIX awk; mawk is fine).
# Variables: nsets (1 or 2), labels (tab-separated), fname (the file's name),
# srcf (the source), tablef (reachability table), d1, d2 (data: line, count,
# branches, branches taken; tab-separated).

function pct(a, b) { return b ? sprintf("%.1f%%", 100 * a / b) : "-" }
function ratio(a, b) { return sprintf("%d/%d", a, b) }

# The name a definition line gives its function.
function defname(s,   t, pre) {
	if (s ~ /SYSCALL_DEFINE[0-9]\(/) {
		pre = (s ~ /^COMPAT_SYSCALL/) ? "compat_sys_" : "sys_"
		t = s
		sub(/^.*SYSCALL_DEFINE[0-9]\(/, "", t)
		sub(/[,)].*$/, "", t)
		return pre t
	}
	t = s
	sub(/\(.*$/, "", t)
	sub(/[ \t]+$/, "", t)
	sub(/^.*[^A-Za-z0-9_]/, "", t)
	return t
}

function read_source(   line, ln, cand, cur) {
	ln = 0; cand = ""; cur = ""
	while ((getline line < srcf) > 0) {
		text[++ln] = line
		if (cur != "") {
			func_of[ln] = cur
			if (line ~ /^}/) cur = ""
			continue
		}
		if (line ~ /^[A-Za-z_]/ && line ~ /\(/ && line !~ /;[ \t]*$/) {
			cand = defname(line); cand_ln = ln
			if (line ~ /\{.*\}[ \t]*$/) {	# a one-line definition
				start_fn(cand, ln); func_of[ln] = cand; cand = ""
			}
			continue
		}
		if (cand != "" && line ~ /^\{/) {
			start_fn(cand, cand_ln)
			for (i = cand_ln; i <= ln; i++) func_of[i] = cand
			cur = cand; cand = ""
			continue
		}
		if (line ~ /;[ \t]*$/ || line ~ /^[ \t]*$/ || line ~ /^#/) cand = ""
	}
	close(srcf)
	nlines = ln
}

function start_fn(name, ln) {
	if (!(name in fn_start)) { fn_start[name] = ln; fn_order[++nfn] = name }
}

# Rows: "FUNCTION CLASS REASON" leaves a function out of the reachable
# total; "line N FUNCTION CLASS REASON" marks one line of a reachable
# function that userspace cannot make run. A line row whose line is not in
# FUNCTION in this source (another version) is void and reported.
function read_table(   line, f, reason) {
	while ((getline line < tablef) > 0) {
		if (line ~ /^[ \t]*(#|$)/) continue
		split(line, f, /[ \t]+/)
		reason = line
		if (f[1] == "line") {
			sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", reason)
			lfn[f[2] + 0] = f[3]; lcls[f[2] + 0] = f[4]; lwhy[f[2] + 0] = reason
			lorder[++nlx] = f[2] + 0
			continue
		}
		sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", reason)
		cls[f[1]] = f[2]; why[f[1]] = reason
	}
	close(tablef)
}

# the line rows that hold for this source and data set s (an instrumented
# line of the named, reachable function)
function line_ok(ln, s) {
	return (ln in lfn) && (ln in func_of) && func_of[ln] == lfn[ln] &&
		classof(lfn[ln]) == "user" && ((s, ln) in cnt)
}

function classof(name) { return (name in cls) ? cls[name] : "user" }

function read_data(s, file,   line, f, fn) {
	while ((getline line < file) > 0) {
		split(line, f, "\t")
		cnt[s, f[1]] += f[2]; nbr[s, f[1]] += f[3]; tbr[s, f[1]] += f[4]
	}
	close(file)
	for (ln = 1; ln <= nlines; ln++) {
		if (!((s, ln) in cnt)) continue
		fn = (ln in func_of) ? func_of[ln] : "(outside functions)"
		if (!(fn in fn_start)) { fn_start[fn] = ln; fn_order[++nfn] = fn }
		if (!(fn in has) || ln < first[fn]) first[fn] = ln
		has[fn] = 1
		L[s, fn]++; H[s, fn] += (cnt[s, ln] > 0)
		B[s, fn] += nbr[s, ln]; T[s, fn] += tbr[s, ln]
	}
}

function totals(s, which,   i, fn, ln) {
	tl = th = tb = tt = 0
	for (i = 1; i <= nfn; i++) {
		fn = fn_order[i]
		if (!(fn in has)) continue
		if (which != "all" && classof(fn) != "user") continue
		tl += L[s, fn]; th += H[s, fn]; tb += B[s, fn]; tt += T[s, fn]
	}
	if (which != "lines") return
	for (i = 1; i <= nlx; i++) {
		ln = lorder[i]
		if (!line_ok(ln, s)) continue
		tl--; th -= (cnt[s, ln] > 0); tb -= nbr[s, ln]; tt -= tbr[s, ln]
	}
}

# The line rows: applied, or void for this source; and any that ran.
function line_rows(   i, ln, nv) {
	if (!nlx) return
	printf "\nLines of reachable functions userspace cannot make run (scripts/coverage/reachability\n"
	printf "\"line\" rows), left out of the \"less listed lines\" total:\n"
	for (i = 1; i <= nlx; i++) {
		ln = lorder[i]
		if (line_ok(ln, 1))
			printf "  %s:%d  %-22s %-13s %s\n", fname, ln, lfn[ln], lcls[ln], lwhy[ln]
		else {
			printf "  VOID %s:%d: not an instrumented line of %s in this source\n", fname, ln, lfn[ln]
			nv++
		}
		if (line_ok(ln, 1) && cnt[1, ln] > 0)
			printf "  NOTE %s:%d ran (%d times): the row's claim is wrong\n", fname, ln, cnt[1, ln]
		if (nsets == 2 && line_ok(ln, 2) && cnt[2, ln] > 0)
			printf "  NOTE %s:%d ran under %s (%d times): the row's claim is wrong\n", fname, ln, lab[2], cnt[2, ln]
	}
}

function row1(name, l, h, b, t, c) {
	printf "%-36s %9s %6s  %9s %6s  %s\n", name, ratio(h, l), pct(h, l), ratio(t, b), pct(t, b), c
}

function report_one(   i, fn, inrange, prev, ln) {
	printf "Per function: lines hit/total, branches taken/total (class: scripts/coverage/reachability)\n"
	printf "%-36s %9s %6s  %9s %6s  %s\n", "function", "lines", "%", "branches", "%", "class"
	for (i = 1; i <= nfn; i++) {
		fn = fn_order[i]
		if (fn in has) row1(fn, L[1, fn], H[1, fn], B[1, fn], T[1, fn], classof(fn))
	}
	printf "\n"
	totals(1, "all");  row1("TOTAL " fname, tl, th, tb, tt, "")
	totals(1, "user"); row1("TOTAL reachable from userspace", tl, th, tb, tt, "")
	if (nlx) { totals(1, "lines"); row1("TOTAL reachable, less listed lines", tl, th, tb, tt, "") }
	printf "\nFunctions not counted as reachable, and why:\n"
	for (i = 1; i <= nfn; i++) {
		fn = fn_order[i]
		if ((fn in has) && classof(fn) != "user")
			printf "  %-34s %-13s %s\n", fn, classof(fn), why[fn]
	}
	printf "\nFunctions of the source with no instrumented line (compiled out, or\n"
	printf "optimised away entirely):"
	for (i = 1; i <= nfn; i++) if (!(fn_order[i] in has)) printf " %s", fn_order[i]
	printf "\n"
	line_rows()
	printf "\nLines no program reached (%s:line  function  source), in ranges;\n", fname
	printf "[class] marks a line row of the table:\n"
	unreached(1, 0)
}

# Lines set s never ran (and, if other > 0, set other did run), grouped in
# ranges: a range ends at a line that ran or at a function boundary.
function unreached(s, other,   ln, fn, open, nr, pfn) {
	open = 0; nr = 0; pfn = ""
	for (ln = 1; ln <= nlines; ln++) {
		if (!((s, ln) in cnt)) continue
		fn = (ln in func_of) ? func_of[ln] : "(outside functions)"
		if (cnt[s, ln] > 0 || (other && !(cnt[other, ln] > 0))) { open = 0; continue }
		if (!open || fn != pfn) {
			printf "\n-- %s (%s)\n", fn, classof(fn)
			open = 1; pfn = fn
		}
		printf "%s:%d  %s  %s%s\n", fname, ln, fn, text[ln], line_ok(ln, s) ? "    [" lcls[ln] "]" : ""
		nr++
	}
	if (!nr) printf "  (none)\n"
}

function row2(name, i,   s) {
	printf "%-36s", name
	for (s = 1; s <= 2; s++)
		printf " | %9s %6s %9s %6s", ratio(H[s, name], L[s, name]), pct(H[s, name], L[s, name]),
			ratio(T[s, name], B[s, name]), pct(T[s, name], B[s, name])
	printf " | %s\n", classof(name)
}

function trow2(name, which,   s) {
	printf "%-36s", name
	for (s = 1; s <= 2; s++) {
		totals(s, which)
		printf " | %9s %6s %9s %6s", ratio(th, tl), pct(th, tl), ratio(tt, tb), pct(tt, tb)
	}
	printf " |\n"
}

function report_two(   i, fn) {
	printf "Side by side: lines hit/total and %%, branches taken/total and %%\n"
	printf "%-36s | %-33s | %-33s |\n", "", lab[1], lab[2]
	printf "%-36s | %9s %6s %9s %6s | %9s %6s %9s %6s | %s\n", "function",
		"lines", "%", "branches", "%", "lines", "%", "branches", "%", "class"
	for (i = 1; i <= nfn; i++) {
		fn = fn_order[i]
		if (fn in has) row2(fn)
	}
	printf "\n"
	trow2("TOTAL " fname, "all")
	trow2("TOTAL reachable from userspace", "user")
	if (nlx) trow2("TOTAL reachable, less listed lines", "lines")
	line_rows()
	printf "\nLines %s did not reach (%s:line  function  source), in ranges:\n", lab[1], fname
	unreached(1, 0)
	printf "\nLines %s reaches and %s does not:\n", lab[2], lab[1]
	unreached(1, 2)
	printf "\nLines %s reaches and %s does not:\n", lab[1], lab[2]
	unreached(2, 1)
}

BEGIN {
	split(labels, lab, "\t")
	read_source(); read_table()
	read_data(1, d1)
	if (nsets == 2) read_data(2, d2)
	# functions in the order of their first instrumented line (a name
	# defined twice, as a stub and for real, sorts by the code that is built)
	for (i = 1; i <= nfn; i++) if (fn_order[i] in has) fn_start[fn_order[i]] = first[fn_order[i]]
	for (i = 2; i <= nfn; i++) {
		fn = fn_order[i]
		for (j = i - 1; j >= 1 && fn_start[fn_order[j]] > fn_start[fn]; j--) fn_order[j + 1] = fn_order[j]
		fn_order[j + 1] = fn
	}
	if (nsets == 2) report_two(); else report_one()
}
