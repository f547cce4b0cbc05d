// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-profile - what a Docker/OCI seccomp profile means, compiled the
 * way moby + runc + libseccomp resolve it (lib/profile.h) for one arch,
 * capability set and kernel version:
 *   compile  the program in a layout (raw BPF, C array, disassembly), the
 *            rule set (JSON, text) or a summary
 *   explain  the action one call gets, the JSON rule that decided it and the
 *            BPF path the program takes
 *   diff     every syscall and argument region two profiles decide differently
 * The reports themselves are lib/profile_report.c.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <seccomp.h>

#include "disasm.h"
#include "layout.h"
#include "profile_report.h"

static const char *prog = "seccomp-profile";

static int sp_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sp_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* ---- usage ---------------------------------------------------------------- */

#define COMMON_OPTS \
	"  --arch ARCH     arch as profiles name it (amd64, x86, arm64, arm, s390x, ppc64le,\n" \
	"                  riscv64) or its uname -m name; default: this machine's\n" \
	"  --caps LIST     held capabilities, comma-separated (CAP_SYS_ADMIN or sys_admin);\n" \
	"                  \"\" = none, ALL = every capability, +LIST = Docker's default set\n" \
	"                  plus LIST; default: Docker's default set (14 capabilities)\n" \
	"  --kernel X.Y    kernel version for minKernel; default: the running kernel's\n"

#define LAYOUT_OPT \
	"  --layout L      linear, linear-weight, libseccomp-1, libseccomp-2, bst,\n" \
	"                  range-tree, hybrid, weighted-optimal; default: libseccomp-1\n" \
	"                  (libseccomp's default, which runc and crun use)\n"

static const char usage_main[] =
	"Usage: seccomp-profile compile PROFILE [options]\n"
	"       seccomp-profile explain PROFILE SYSCALL [ARG...] [options]\n"
	"       seccomp-profile diff PROFILE_A PROFILE_B [options]\n\n"
	"What a Docker/OCI seccomp profile (Docker, Podman, containerd, Kubernetes\n"
	"Localhost) means, compiled the way moby + runc + libseccomp resolve it for one\n"
	"arch, capability set and kernel version. `seccomp-profile CMD --help` for each.\n\n"
	"Exit status: 0 done, 1 diff found differences (or explain's program disagreed\n"
	"with the rule set), 2 usage error or invalid input (one line on stderr).\n";

static const char usage_compile[] =
	"Usage: seccomp-profile compile PROFILE [--format F] [--layout L] [options] [-o FILE]\n\n"
	"Compile PROFILE and write it in format F:\n"
	"  summary   what the compiler resolved and dropped (default)\n"
	"  rules     the rule set as text, one rule a line, with the JSON entry of each\n"
	"  json      the rule set as JSON, each rule with its \"source\" in the profile\n"
	"  disasm    the BPF program in layout L, one instruction a line\n"
	"  c         the program as a C array of struct sock_filter (plus a sock_fprog)\n"
	"  bpf       the raw program: 8 bytes per instruction, host byte order, for\n"
	"            `bwrap --seccomp FD` or any SECCOMP_SET_MODE_FILTER caller\n\n"
	COMMON_OPTS LAYOUT_OPT
	"  --name NAME     the C array's name (format c); default: from the file name\n"
	"  -o FILE         write to FILE instead of stdout (bpf is never written to a tty)\n"
	"  -h, --help      this text\n";

static const char usage_explain[] =
	"Usage: seccomp-profile explain PROFILE SYSCALL [ARG...] [options]\n\n"
	"The action PROFILE gives SYSCALL (a name, or a number of the arch) called with\n"
	"arguments ARG... (up to 6; decimal, 0x hex or 0 octal; missing ones are 0; put\n"
	"-- before a negative one): its errno, the syscalls[] entry that decided it\n"
	"(or defaultAction), every entry naming the syscall and why it did or did not\n"
	"decide, and the BPF path the program of layout L takes (lib/sim).\n\n"
	COMMON_OPTS LAYOUT_OPT
	"  -h, --help      this text\n";

static const char usage_diff[] =
	"Usage: seccomp-profile diff PROFILE_A PROFILE_B [options]\n\n"
	"Every syscall and argument region where the two profiles, compiled for the same\n"
	"arch, capabilities and kernel, decide differently, as a table: the syscall, the\n"
	"region (the deciding rules' conditions; * = any arguments), an example call, and\n"
	"each profile's action with the entry that decided it. Exit 0 when they agree\n"
	"everywhere, 1 when they differ.\n\n"
	COMMON_OPTS
	"  -h, --help      this text\n";

/* ---- options and loading ----------------------------------------------- */

enum { OPT_ARCH = 256, OPT_CAPS, OPT_KERNEL, OPT_LAYOUT, OPT_FORMAT, OPT_NAME };

static const struct option longopts[] = {
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "caps", required_argument, NULL, OPT_CAPS },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

struct opts {
	struct sct_profile_opts po;
	const char *caps[64];
	char *caps_buf;
	enum sct_layout layout;
	const char *format;
	const char *name;
	const char *output;
	bool want_layout, want_format;	/* options this subcommand takes */
};

/* --caps LIST: "" none, ALL, +LIST Docker's set plus LIST; names checked. */
static int parse_caps(struct opts *o, const char *arg)
{
	size_t n = 0, max = sizeof(o->caps) / sizeof(o->caps[0]);
	char *save;

	free(o->caps_buf);
	o->caps_buf = strdup(arg[0] == '+' ? arg + 1 : arg);
	if (!o->caps_buf)
		return sp_fail("out of memory");
	if (arg[0] == '+')
		for (; n < sct_profile_docker_ncaps; n++)
			o->caps[n] = sct_profile_docker_caps[n];
	for (char *tok = strtok_r(o->caps_buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!*tok)
			continue;
		if (!strcasecmp(tok, "ALL")) {
			n = 0;
			for (; n < sct_profile_all_ncaps; n++)
				o->caps[n] = sct_profile_all_caps[n];
			continue;
		}
		if (!sct_profile_cap_valid(tok))
			return sp_fail("--caps: unknown capability \"%s\"", tok);
		if (n == max)
			return sp_fail("--caps: more than %zu capabilities", max);
		o->caps[n++] = tok;
	}
	o->po.caps = o->caps;
	o->po.ncaps = n;
	return 0;
}

/* Options of a subcommand into *o, positional arguments into pos[]. */
static int parse_opts(int argc, char **argv, const char *usage, struct opts *o,
		      char **pos, size_t maxpos, size_t *npos)
{
	int c, r;

	opterr = 0;
	optind = 1;
	*npos = 0;
	o->layout = SCT_LAYOUT_LIBSECCOMP_1;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ARCH:
			o->po.arch = optarg;
			break;
		case OPT_CAPS:
			r = parse_caps(o, optarg);
			if (r)
				return r;
			break;
		case OPT_KERNEL:
			o->po.kernel = optarg;
			break;
		case OPT_LAYOUT:
			if (!o->want_layout)
				return sp_fail("%s: --layout is not an option of this command", argv[0]);
			r = sct_layout_from_name(optarg);
			if (r < 0)
				return sp_fail("--layout: unknown layout \"%s\" (see --help)", optarg);
			o->layout = (enum sct_layout)r;
			break;
		case OPT_FORMAT:
		case OPT_NAME:
		case 'o':
			if (!o->want_format)
				return sp_fail("%s: %s is not an option of this command", argv[0],
					       c == 'o' ? "-o" : c == OPT_NAME ? "--name" : "--format");
			if (c == OPT_FORMAT)
				o->format = optarg;
			else if (c == OPT_NAME)
				o->name = optarg;
			else
				o->output = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		case ':':
			return sp_fail("%s: option %s needs a value", argv[0], argv[optind - 1]);
		default:
			return sp_fail("%s: unknown option %s (see --help)", argv[0], argv[optind - 1]);
		}
	}
	for (; optind < argc; optind++) {
		if (*npos == maxpos)
			return sp_fail("%s: unexpected argument \"%s\" (see --help)", argv[0], argv[optind]);
		pos[(*npos)++] = argv[optind];
	}
	return 0;
}

/* Load path for o into *l; 0 or 2 (message printed). */
static int sp_load(const char *path, const struct opts *o, struct sct_profile_file *l)
{
	char err[1024];

	if (!sct_profile_open(path, &o->po, l, err, sizeof(err)))
		return 0;
	sct_profile_close(l);
	return sp_fail("%s", err);
}

/* ---- compile --------------------------------------------------------- */

static int cmd_compile(int argc, char **argv)
{
	struct opts o = { .want_layout = true, .want_format = true, .format = "summary" };
	struct sock_fprog fp = { 0 };
	struct sct_profile_file l;
	char *pos[1], why[512], tmp[4096];
	size_t npos;
	FILE *out = stdout;
	bool program;
	int r;

	r = parse_opts(argc, argv, usage_compile, &o, pos, 1, &npos);
	if (r)
		goto done;
	if (npos != 1) {
		r = sp_fail("compile: expected one PROFILE (see --help)");
		goto done;
	}
	program = !strcmp(o.format, "bpf") || !strcmp(o.format, "c") || !strcmp(o.format, "disasm");
	if (!program && strcmp(o.format, "summary") && strcmp(o.format, "rules") &&
	    strcmp(o.format, "json")) {
		r = sp_fail("--format: unknown format \"%s\" (bpf, c, disasm, json, rules, summary)",
			    o.format);
		goto done;
	}
	if (!strcmp(o.format, "bpf") && !o.output && isatty(STDOUT_FILENO)) {
		r = sp_fail("compile: not writing a binary program to a terminal (use -o FILE)");
		goto done;
	}
	r = sp_load(pos[0], &o, &l);
	if (r)
		goto done;
	if (program && sct_layout_build(o.layout, l.rs, &fp, why, sizeof(why))) {
		r = sp_fail("%s: layout %s: %s", pos[0], sct_layout_name(o.layout), why);
		goto unload;
	}
	if (o.output) {
		/* written atomically: a temporary file beside it, then rename */
		int fd;

		if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", o.output) >= (int)sizeof(tmp)) {
			r = sp_fail("-o: path too long");
			goto unload;
		}
		fd = mkstemp(tmp);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			r = sp_fail("%s: %s", o.output, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			goto unload;
		}
		fchmod(fd, 0644);
	}
	if (!strcmp(o.format, "summary"))
		sct_profile_write_summary(out, &l);
	else if (!strcmp(o.format, "rules"))
		sct_profile_write_rules(out, &l);
	else if (!strcmp(o.format, "json"))
		r = sct_profile_write_json(out, &l);
	else if (!strcmp(o.format, "disasm"))
		sct_disasm(out, fp.filter, fp.len, NULL);
	else if (!strcmp(o.format, "c"))
		sct_profile_write_c(out, &l, &fp, o.name, o.layout);
	else if (fwrite(fp.filter, sizeof(fp.filter[0]), fp.len, out) != fp.len)
		r = sp_fail("%s: write: %s", o.output ? o.output : "stdout", strerror(errno));
	if ((fflush(out) || ferror(out)) && !r)
		r = sp_fail("%s: write: %s", o.output ? o.output : "stdout", strerror(errno));
	if (out != stdout) {
		if (fclose(out) && !r)
			r = sp_fail("%s: write: %s", o.output, strerror(errno));
		if (!r && rename(tmp, o.output))
			r = sp_fail("%s: %s", o.output, strerror(errno));
		if (r)
			unlink(tmp);
	}
unload:
	free(fp.filter);
	sct_profile_close(&l);
done:
	free(o.caps_buf);
	return r < 0 ? 0 : r;
}

/* ---- explain --------------------------------------------------------- */

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (s[0] == '-')
		*v = (uint64_t)strtoll(s, &end, 0);
	else
		*v = strtoull(s, &end, 0);
	return !*s || *end || errno ? -1 : 0;
}

/* The syscall named (or numbered) s for the target; its name in name. */
static int resolve_syscall(const struct sct_profile_file *l, const char *s, uint32_t *nr,
			   char *name, size_t len)
{
	uint64_t v;
	int n;

	if (isdigit((unsigned char)s[0])) {
		char *nm;

		if (parse_u64(s, &v) || v > 0xffffffffU)
			return sp_fail("explain: bad syscall number \"%s\"", s);
		*nr = (uint32_t)v;
		nm = seccomp_syscall_resolve_num_arch(l->t.audit_arch, (int)*nr);
		snprintf(name, len, "%s", nm ? nm : "");
		free(nm);
		return 0;
	}
	n = seccomp_syscall_resolve_name_arch(l->t.audit_arch, s);
	if (n < 0)
		return sp_fail("explain: unknown syscall \"%s\" (not a syscall of %s)", s, l->t.arch);
	*nr = (uint32_t)n;
	snprintf(name, len, "%s", s);
	return 0;
}

static int cmd_explain(int argc, char **argv)
{
	struct opts o = { .want_layout = true };
	struct sct_profile_call call = { 0 };
	struct sct_profile_file l;
	char *pos[8];
	size_t npos;
	int r;

	r = parse_opts(argc, argv, usage_explain, &o, pos, 8, &npos);
	if (r)
		goto done;
	if (npos < 2) {
		r = sp_fail("explain: expected PROFILE SYSCALL [ARG...] (see --help)");
		goto done;
	}
	for (size_t i = 2; i < npos; i++)
		if (parse_u64(pos[i], &call.args[i - 2])) {
			r = sp_fail("explain: bad argument %zu \"%s\" (a number)", i - 2, pos[i]);
			goto done;
		}
	call.nargs = npos - 2;
	r = sp_load(pos[0], &o, &l);
	if (r)
		goto done;
	r = resolve_syscall(&l, pos[1], &call.nr, call.name, sizeof(call.name));
	if (!r) {
		char err[512] = "";

		r = sct_profile_explain(stdout, &l, &call, o.layout, err, sizeof(err));
		if (r < 0)
			r = sp_fail("%s: %s", pos[0], err);
	}
	sct_profile_close(&l);
done:
	free(o.caps_buf);
	return r < 0 ? 0 : r;
}

/* ---- diff ------------------------------------------------------------ */

static int cmd_diff(int argc, char **argv)
{
	struct opts o = { 0 };
	struct sct_profile_file a, b;
	char *pos[2];
	size_t npos;
	int r;

	r = parse_opts(argc, argv, usage_diff, &o, pos, 2, &npos);
	if (r)
		goto done;
	if (npos != 2) {
		r = sp_fail("diff: expected PROFILE_A PROFILE_B (see --help)");
		goto done;
	}
	r = sp_load(pos[0], &o, &a);
	if (r)
		goto done;
	r = sp_load(pos[1], &o, &b);
	if (!r) {
		r = sct_profile_diff(stdout, &a, &b);
		if (r < 0)
			r = sp_fail("out of memory");
		sct_profile_close(&b);
	}
	sct_profile_close(&a);
done:
	free(o.caps_buf);
	return r < 0 ? 0 : r;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
		{ "compile", cmd_compile }, { "explain", cmd_explain }, { "diff", cmd_diff },
	};

	if (argc < 2)
		return sp_fail("expected a command: compile, explain or diff (see --help)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	return sp_fail("unknown command \"%s\" (compile, explain, diff; see --help)", argv[1]);
}
