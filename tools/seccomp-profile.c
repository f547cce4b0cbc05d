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
 *   trace    run a command under ptrace, count its syscalls per arch, decide
 *            (and enforce) them as a profile would, write the allow-list
 *            profile they imply (lib/trace.c, lib/trace_report.c)
 *   run      run a command under a profile's program installed as runc does
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
#include "install.h"
#include "cli.h"
#include "layout.h"
#include "profile_report.h"
#include "trace.h"

static const char *prog = "seccomp-profile";

static int sp_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line: control characters from a profile or an argument are escaped. */
static int sp_fail(const char *fmt, ...)
{
	char msg[2048], e[SCT_ESC_BUF];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", prog, sct_esc(e, sizeof(e), msg));
	return 2;
}

/* ---- usage ---------------------------------------------------------------- */

#define COMMON_OPTS \
	"  --arch ARCH     arch as profiles name it (amd64, x86, arm64, arm, s390x, ppc64le,\n" \
	"                  riscv64) or its uname -m name; default: this machine's\n" \
	"  --caps LIST     held capabilities, comma-separated (CAP_SYS_ADMIN or sys_admin);\n" \
	"                  \"\" = none, ALL = every capability, +LIST = Docker's default set\n" \
	"                  plus LIST; default: Docker's default set (14 capabilities)\n" \
	"  --kernel X.Y    kernel version for minKernel; default: the running kernel's\n" \
	"  --runtime R     the program the runtime installs: runc (default; Docker and\n" \
	"                  containerd: every archMap arch, x32 in x86_64's numbers, runc's\n" \
	"                  ENOSYS stub), crun (Podman: the same without the stub), or\n" \
	"                  one-arch (the arch alone; other arches get KILL_THREAD)\n"

#define LAYOUT_OPT \
	"  --layout L      linear, linear-weight, libseccomp-1, libseccomp-2, bst,\n" \
	"                  range-tree, hybrid, weighted-optimal; default: libseccomp-1\n" \
	"                  (libseccomp's default, which runc and crun use)\n"

static const char usage_main[] =
	"Usage: seccomp-profile compile PROFILE [options]\n"
	"       seccomp-profile explain PROFILE SYSCALL [ARG...] [options]\n"
	"       seccomp-profile diff PROFILE_A PROFILE_B [options]\n"
	"       seccomp-profile trace [--profile P] [--audit] [--generate FILE] [options] -- CMD [ARG...]\n"
	"       seccomp-profile run PROFILE [options] -- CMD [ARG...]\n\n"
	"What a Docker/OCI seccomp profile (Docker, Podman, containerd, Kubernetes\n"
	"Localhost) means, compiled the way moby + runc + libseccomp resolve it for one\n"
	"arch, capability set and kernel version. `seccomp-profile CMD --help` for each.\n\n"
	"Exit status: 0 done, 1 diff found differences (or explain's program disagreed\n"
	"with the rule set), 2 usage error or invalid input (one line on stderr); trace\n"
	"and run exit with CMD's status (see their --help).\n";

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
	"  --call-arch A   the call's arch: x86 (an i386 program, int $0x80), x32, arm (an\n"
	"                  AArch32 program), or the profile's arch (default); SYSCALL is\n"
	"                  named or numbered as on that arch\n"
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

static const char usage_trace[] =
	"Usage: seccomp-profile trace [--profile P [--audit]] [--generate FILE] [options]\n"
	"                             [-o FILE] -- CMD [ARG...]\n\n"
	"Run CMD under ptrace, following its forks, vforks, clones, threads and execs, and\n"
	"report every syscall made, one table per arch (x86_64, i386, x32, aarch64, arm)\n"
	"sorted by count, with totals. Names come from libseccomp. CMD without a '/' is\n"
	"searched in PATH; the first call counted is CMD's own execve.\n\n"
	"  --profile P     decide each call as profile P compiled for the options below\n"
	"                  would, and give the workload its answer: ERRNO fails the call\n"
	"                  with that errno without running it, TRAP sends seccomp's SIGSYS,\n"
	"                  KILL_THREAD / KILL_PROCESS kill the thread / process (SIGSYS),\n"
	"                  TRACE and USER_NOTIF fail with ENOSYS, ALLOW and LOG run. Each\n"
	"                  denied syscall is reported (first time also on stderr) with\n"
	"                  its action, errno and the deciding rule (syscalls[N] or\n"
	"                  defaultAction; \"architectures\" for an arch the rule set lacks)\n"
	"  --audit         with --profile: report the denials, let every call run\n"
	"  --generate FILE write the allow-list profile the trace implies (OCI/Docker\n"
	"                  JSON): defaultAction SCMP_ACT_ERRNO (errno 1), an archMap of\n"
	"                  this arch with the other arches seen as sub-architectures, one\n"
	"                  entry allowing every syscall seen and one, with a comment, for\n"
	"                  what crun and runc call after installing the filter up to the\n"
	"                  process's execve (caps and ids, fd closing, exec fifo, Go\n"
	"                  runtime) that the workload did not call, so that the profile\n"
	"                  also works under a runtime. Written atomically\n"
	COMMON_OPTS
	"  -o FILE         write the report to FILE (atomically) instead of stderr\n"
	"  -h, --help      this text\n\n"
	"Exit status: CMD's exit status; 128+N when CMD was killed by signal N (also by\n"
	"the profile: KILL is SIGSYS, 159 on x86_64 and arm64); 128+N when CMD exited 0\n"
	"but another traced process crashed (signal N that dumps core: SEGV, BUS, ILL,\n"
	"FPE, ABRT, SYS, TRAP, QUIT, XCPU, XFSZ). Every process killed by a signal is\n"
	"reported on stderr (pid, signal) as it happens and in the report. 127 CMD not\n"
	"found, 126 not executable, 125 tracing failed, 2 usage error or bad profile.\n"
	"Tracing continues until every traced process has exited.\n";

static const char usage_run[] =
	"Usage: seccomp-profile run PROFILE [--layout L] [options] -- CMD [ARG...]\n\n"
	"Compile PROFILE for the options below, set no_new_privs, install the program of\n"
	"layout L with seccomp(2) and exec CMD (searched in PATH) under it: what runc\n"
	"and crun do with a profile, without a container.\n\n"
	COMMON_OPTS LAYOUT_OPT
	"  -h, --help      this text\n\n"
	"Exit status: CMD's; 127 CMD not found, 126 not executable (one line on stderr,\n"
	"if the profile lets it be written), 125 the program could not be installed,\n"
	"2 usage error or bad profile.\n";

/* ---- options and loading ----------------------------------------------- */

enum { OPT_ARCH = 256, OPT_CAPS, OPT_KERNEL, OPT_LAYOUT, OPT_FORMAT, OPT_NAME,
       OPT_PROFILE, OPT_AUDIT, OPT_GENERATE, OPT_RUNTIME, OPT_CALL_ARCH };

static const struct option longopts[] = {
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "caps", required_argument, NULL, OPT_CAPS },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "runtime", required_argument, NULL, OPT_RUNTIME },
	{ "call-arch", required_argument, NULL, OPT_CALL_ARCH },
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "output", required_argument, NULL, 'o' },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "audit", no_argument, NULL, OPT_AUDIT },
	{ "generate", required_argument, NULL, OPT_GENERATE },
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
	bool want_call_arch;		/* explain: --call-arch */
	const char *call_arch;
	bool want_trace;		/* trace: --profile, --audit, --generate, -o */
	const char *profile, *generate;
	bool audit;
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
	o->po.runtime = SCT_PROFILE_RUNC;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_RUNTIME:
			r = sct_profile_runtime_from_name(optarg);
			if (r < 0)
				return sp_fail("--runtime: unknown runtime \"%s\" (runc, crun, one-arch)",
					       optarg);
			o->po.runtime = (enum sct_profile_runtime)r;
			break;
		case OPT_CALL_ARCH:
			if (!o->want_call_arch)
				return sp_fail("%s: --call-arch is not an option of this command", argv[0]);
			o->call_arch = optarg;
			break;
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
		case OPT_PROFILE:
		case OPT_AUDIT:
		case OPT_GENERATE:
			if (!o->want_trace)
				return sp_fail("%s: %s is not an option of this command", argv[0],
					       c == OPT_PROFILE ? "--profile" :
					       c == OPT_AUDIT ? "--audit" : "--generate");
			if (c == OPT_PROFILE)
				o->profile = optarg;
			else if (c == OPT_GENERATE)
				o->generate = optarg;
			else
				o->audit = true;
			break;
		case 'o':
			if (o->want_trace) {
				o->output = optarg;
				break;
			}
			/* fall through */
		case OPT_FORMAT:
		case OPT_NAME:
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

/* A number, unsigned (decimal or 0x) or negative (two's complement, as the kernel sees it). */
static int parse_u64(const char *s, uint64_t *v)
{
	int64_t i;

	if (s[0] != '-')
		return sct_parse_u64(s, 0, UINT64_MAX, v, NULL, 0) ? -1 : 0;
	if (sct_parse_i64(s, INT64_MIN, -1, &i, NULL, 0))
		return -1;
	*v = (uint64_t)i;
	return 0;
}

/* The syscall named (or numbered) s for the target; its name in name. */
static int resolve_syscall(const struct sct_profile_file *l, uint32_t token, const char *s,
			   uint32_t *nr, char *name, size_t len)
{
	const struct sct_profile_arch *a = sct_profile_arch_by_token(token);
	uint64_t v;
	int n;

	if (isdigit((unsigned char)s[0])) {
		char *nm;

		if (parse_u64(s, &v) || v > 0xffffffffU)
			return sp_fail("explain: bad syscall number \"%s\"", s);
		*nr = (uint32_t)v;
		nm = seccomp_syscall_resolve_num_arch(token, (int)*nr);
		snprintf(name, len, "%s", nm ? nm : "");
		free(nm);
		return 0;
	}
	(void)l;
	n = seccomp_syscall_resolve_name_arch(token, s);
	if (n < 0)
		return sp_fail("explain: unknown syscall \"%s\" (not a syscall of %s)", s,
			       a ? a->name : "the arch");
	*nr = (uint32_t)n;
	snprintf(name, len, "%s", s);
	return 0;
}

static int cmd_explain(int argc, char **argv)
{
	struct opts o = { .want_layout = true, .want_call_arch = true };
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
	call.token = l.t.audit_arch;
	if (o.call_arch) {
		const struct sct_profile_arch *a = sct_profile_arch_by_name(o.call_arch);

		if (!a && (!strcmp(o.call_arch, "i386") || !strcmp(o.call_arch, "i686")))
			a = sct_profile_arch_by_name("x86");
		if (!a) {
			sct_profile_close(&l);
			r = sp_fail("--call-arch: unknown arch \"%s\" (see --help)", o.call_arch);
			goto done;
		}
		call.token = a->token;
	}
	r = resolve_syscall(&l, call.token, pos[1], &call.nr, call.name, sizeof(call.name));
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

/* ---- trace and run ---------------------------------------------------- */

/* argv up to the first "--" (its index, argc when none). */
static int find_dashdash(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			return i;
	return argc;
}

/* A temporary file beside path, renamed over it by atomic_close: a reader
 * never sees half a file. 0 or 2 (message printed). */
static int atomic_open(const char *path, const char *what, char *tmp, size_t len, FILE **out)
{
	int fd;

	if (snprintf(tmp, len, "%s.XXXXXX", path) >= (int)len)
		return sp_fail("%s: path too long", what);
	fd = mkstemp(tmp);
	if (fd < 0 || !(*out = fdopen(fd, "w"))) {
		int e = errno;

		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return sp_fail("%s: %s: %s", what, path, strerror(e));
	}
	fchmod(fd, 0644);
	return 0;
}

/* Close out and, when ok, rename tmp to path; 0 or 2. */
static int atomic_close(FILE *out, const char *tmp, const char *path, bool ok)
{
	bool bad = fflush(out) || ferror(out);
	int r = 0;

	if (fclose(out) || bad)
		r = ok ? sp_fail("%s: write: %s", path, strerror(errno)) : 2;
	if (!r && ok && rename(tmp, path))
		r = sp_fail("%s: %s", path, strerror(errno));
	if (r || !ok)
		unlink(tmp);
	return r;
}

static int cmd_trace(int argc, char **argv)
{
	struct opts o = { .want_trace = true };
	struct sct_trace_result res;
	struct sct_profile_file l = { 0 };
	char *pos[64], gen_tmp[4096], out_tmp[4096], err[1024] = "", *cmd = NULL;
	FILE *gen = NULL, *out = stderr;
	size_t npos, len = 1;
	int dd = find_dashdash(argc, argv), r;
	bool loaded = false;

	/* without "--" arguments are collected only to say "--" is missing */
	r = parse_opts(dd, argv, usage_trace, &o, pos, dd == argc ? 64 : 0, &npos);
	if (r)
		goto done;
	if (dd == argc) {
		r = sp_fail("trace: expected -- CMD [ARG...] (see --help)");
		goto done;
	}
	if (dd + 1 == argc) {
		r = sp_fail("trace: expected a command after -- (see --help)");
		goto done;
	}
	if (o.audit && !o.profile) {
		r = sp_fail("trace: --audit needs --profile");
		goto done;
	}
	if (o.profile) {
		r = sp_load(o.profile, &o, &l);
		if (r)
			goto done;
		loaded = true;
	}
	/* the outputs are opened first: a bad path is an error before CMD runs */
	if (o.generate && (r = atomic_open(o.generate, "--generate", gen_tmp, sizeof(gen_tmp), &gen)))
		goto done;
	if (o.output && (r = atomic_open(o.output, "-o", out_tmp, sizeof(out_tmp), &out)))
		goto done;
	for (int i = dd + 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	cmd = calloc(1, len);
	if (!cmd) {
		r = sp_fail("out of memory");
		goto done;
	}
	for (int i = dd + 1; i < argc; i++) {
		if (i > dd + 1)
			strcat(cmd, " ");
		strcat(cmd, argv[i]);
	}
	struct sct_trace_opts to = {
		.rs = loaded ? l.rs : NULL, .audit = o.audit, .log = stderr,
		.prog = "seccomp-profile trace",
	};
	fflush(NULL);
	r = sct_trace_run(argv[dd + 1], argv + dd + 1, &to, &res, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "%s: trace: %s\n", prog, err);
		r = 125;
	} else if (*err) {
		/* CMD could not be run */
		fprintf(stderr, "%s: trace: %s\n", prog, err);
		r = res.exit_code;
	} else {
		sct_trace_report(out, &res, cmd, o.profile, o.audit);
		r = res.exit_code;
		if (gen && sct_trace_write_profile(gen, &res, cmd)) {
			fprintf(stderr, "%s: %s: write: %s\n", prog, o.generate, strerror(EIO));
			r = 2;
		}
	}
	bool ok = r >= 0 && !(r == 125 || *err);

	sct_trace_result_free(&res);
	if (gen && atomic_close(gen, gen_tmp, o.generate, ok) && ok)
		r = 2;
	gen = NULL;
	if (out != stderr && atomic_close(out, out_tmp, o.output, ok) && ok)
		r = 2;
	out = stderr;
done:
	if (gen)
		atomic_close(gen, gen_tmp, o.generate, false);
	if (out != stderr)
		atomic_close(out, out_tmp, o.output, false);
	if (loaded)
		sct_profile_close(&l);
	free(cmd);
	free(o.caps_buf);
	return r < 0 ? 0 : r;
}

static int cmd_run(int argc, char **argv)
{
	struct opts o = { .want_layout = true };
	struct sock_fprog fp = { 0 };
	struct sct_profile_file l;
	char *pos[64], why[512];
	size_t npos;
	int dd = find_dashdash(argc, argv), r;
	long ret;

	r = parse_opts(dd, argv, usage_run, &o, pos, dd == argc ? 64 : 1, &npos);
	if (r)
		goto done;
	if (npos != 1 || dd + 1 >= argc) {
		r = sp_fail("run: expected PROFILE -- CMD [ARG...] (see --help)");
		goto done;
	}
	r = sp_load(pos[0], &o, &l);
	if (r)
		goto done;
	if (sct_layout_build(o.layout, l.rs, &fp, why, sizeof(why))) {
		r = sp_fail("%s: layout %s: %s", pos[0], sct_layout_name(o.layout), why);
		sct_profile_close(&l);
		goto done;
	}
	sct_profile_close(&l);
	fflush(NULL);
	ret = sct_set_nnp();
	if (!ret)
		ret = sct_install(&fp, 0);
	free(fp.filter);
	if (ret < 0) {
		fprintf(stderr, "%s: run: installing the program: %s\n", prog, strerror((int)-ret));
		r = 125;
		goto done;
	}
	/* from here on every call is the profile's to decide */
	execvp(argv[dd + 1], argv + dd + 1);
	r = errno == ENOENT ? 127 : 126;
	fprintf(stderr, "%s: run: %s: %s\n", prog, argv[dd + 1], strerror(errno));
done:
	free(o.caps_buf);
	return r < 0 ? 0 : r;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
		{ "compile", cmd_compile }, { "explain", cmd_explain }, { "diff", cmd_diff },
		{ "trace", cmd_trace }, { "run", cmd_run },
	};

	if (argc < 2)
		return sp_fail("expected a command: compile, explain, diff, trace or run (see --help)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	return sp_fail("unknown command \"%s\" (compile, explain, diff, trace, run; see --help)", argv[1]);
}
