// SPDX-License-Identifier: GPL-2.0-only
/*
 * tap2record - turn the TAP of one run of the suites (scripts/run-suites,
 * `make run_tests`, scripts/run-vm) into a conformance result record
 * (results/README.md, schema seccomp-suite/result/1): one verdict per test
 * case with its SKIP reason, split into the missing feature and the kernel
 * version that added it; per-program outcomes; whether the run completed,
 * and if not why and where it stopped.
 *
 * Written in C with json-c, like every other record writer of the project,
 * so that the record's context block is the same one the benchmarks write
 * and so that a static build can run inside a scripts/run-vm guest, where
 * `tap2record --env` collects the guest kernel's context for the host.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "env.h"
#include "record.h"
#include "result.h"

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s --tap FILE [options]\n"
		"       %s --env\n\n"
		"Turns a run_tests TAP file into a conformance result record (JSON).\n"
		"  --tap FILE            TAP from scripts/run-suites (run_tests.tap)\n"
		"  -o, --output FILE     write the record there, atomically (default stdout);\n"
		"                        an existing FILE is an error unless --force\n"
		"  --force               replace an existing --output FILE\n"
		"  --results DIR         write DIR/<release>/<UTC stamp>-conformance.json and\n"
		"                        the TAP beside it (.tap); prints the record's path\n"
		"  --env                 print this machine's context block and exit\n"
		"  --env-file FILE       context collected elsewhere (a VM guest's --env)\n"
		"  --release R           kernel release (default: the context's)\n"
		"  --emulated HOW        the run was in a VM (qemu-tcg, qemu-kvm); default native\n"
		"  --incomplete REASON   the run did not finish (timeout, panic, ...)\n"
		"  --kernel-source S     where the kernel came from (package or file)\n"
		"  --duration S          wall-clock seconds of the run\n"
		"  --guest-timeout S     per-program timeout the runner used\n"
		"  --console-alerts N    oops/warning lines in the guest's kernel log\n"
		"  --git-rev REV         source revision of the suites\n"
		"  -h, --help            this text\n"
		"A summary goes to stdout when the record goes to a file.\n"
		"Exit status: 0 complete run without failures, 1 record written but the run\n"
		"is incomplete or has failures, 2 usage or input error.\n",
		prog, prog);
}

/* ---- TAP parsing ------------------------------------------------------ */

struct run {
	json_object *tests, *programs, *skips;	/* arrays; skips: object reason->count */
	char prog[256];			/* current program */
	char running[512];		/* test case last announced by "#  RUN" */
	char last_test[800];
	char log[2048];			/* harness log lines of the current case */
	int planned;			/* top-level plan, -1 unknown */
	int programs_seen, programs_done, programs_failed;
	int pass, fail, skip;
	bool prog_open, prog_had_fail;
};

/* Bounded string copy that always terminates (truncation is fine here). */
static void scopy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static char *rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

/* "X unavailable (evidence; Linux N.M+)" -> feature X, since "N.M" */
static void split_skip_reason(const char *reason, json_object *t)
{
	const char *u = strstr(reason, " unavailable (");
	const char *lx = strstr(reason, "; Linux ");

	if (u)
		json_object_object_add(t, "feature",
			json_object_new_string_len(reason, (int)(u - reason)));
	if (lx) {
		const char *v = lx + 8, *e = v;

		while (isdigit((unsigned char)*e) || *e == '.')
			e++;
		if (e > v)
			json_object_object_add(t, "since",
				json_object_new_string_len(v, (int)(e - v)));
	}
}

/*
 * Kernel commits a failing case names: 12-40 hex digits with a letter and a
 * digit, on a log line that says what it is ("commit", "fix", "linux-git:",
 * "Linux N.M") so that a hex value in an assertion is not taken for one.
 */
static bool tag_line(const char *s, size_t n)
{
	static const char *const words[] = { "commit", "fix", "linux-git", "Linux " };
	char line[1024];

	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, s, n);
	line[n] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(line, words[i]))
			return true;
	return false;
}

static void add_tags(const char *log, json_object *t)
{
	json_object *tags = NULL;
	const char *line = log;

	while (*line) {
		const char *eol = strchrnul(line, '\n'), *p = line;

		while (tag_line(line, (size_t)(eol - line)) && p < eol) {
			const char *s = p;
			bool alpha = false, digit = false;

			while (p < eol && isxdigit((unsigned char)*p)) {
				alpha |= isalpha((unsigned char)*p);
				digit |= isdigit((unsigned char)*p);
				p++;
			}
			size_t n = (size_t)(p - s);
			bool bounded = (s == log || !isalnum((unsigned char)s[-1])) &&
				       !isalnum((unsigned char)*p);
			if (n >= 12 && n <= 40 && alpha && digit && bounded) {
				if (!tags)
					tags = json_object_new_array();
				json_object_array_add(tags, json_object_new_string_len(s, (int)n));
			}
			if (p == s)
				p++;
		}
		line = *eol ? eol + 1 : eol;
	}
	if (tags)
		json_object_object_add(t, "tags", tags);
}

static void add_test(struct run *r, const char *name, const char *verdict,
		     const char *reason)
{
	json_object *t = json_object_new_object();

	json_object_object_add(t, "program", json_object_new_string(r->prog));
	json_object_object_add(t, "name", json_object_new_string(name));
	json_object_object_add(t, "verdict", json_object_new_string(verdict));
	json_object_object_add(t, "reason", reason && *reason ?
			       json_object_new_string(reason) : NULL);
	if (!strcmp(verdict, "skip") && reason) {
		json_object *c;

		split_skip_reason(reason, t);
		if (json_object_object_get_ex(r->skips, reason, &c))
			json_object_set_int(c, json_object_get_int(c) + 1);
		else
			json_object_object_add(r->skips, reason, json_object_new_int(1));
	}
	if (!strcmp(verdict, "fail") && r->log[0]) {
		const char *lx = strstr(r->log, "Linux ");

		add_tags(r->log, t);
		/* "Linux 6.11+" in a failure message: the version the case needs */
		if (lx && isdigit((unsigned char)lx[6])) {
			const char *v = lx + 6, *e = v;

			while (isdigit((unsigned char)*e) || *e == '.')
				e++;
			if (*e == '+')
				json_object_object_add(t, "since",
					json_object_new_string_len(v, (int)(e - v)));
		}
	}
	json_object_array_add(r->tests, t);
	if (!strcmp(verdict, "pass"))
		r->pass++;
	else if (!strcmp(verdict, "fail"))
		r->fail++;
	else
		r->skip++;
}

static void log_line(struct run *r, const char *s)
{
	size_t have = strlen(r->log), n = strlen(s);

	if (have + n + 2 >= sizeof(r->log))
		return;
	if (have)
		r->log[have++] = '\n';
	memcpy(r->log + have, s, n + 1);
}

/* One "# ok N name[ # SKIP reason]" / "# not ok N name[ # directive]". */
static void case_line(struct run *r, const char *line)
{
	bool bad = !strncmp(line, "not ok ", 7);
	const char *p = line + (bad ? 7 : 3);
	char name[512], reason[1024] = "";

	while (isdigit((unsigned char)*p))
		p++;
	while (*p == ' ')
		p++;
	scopy(name, sizeof(name), p);
	char *hash = strstr(name, " # ");
	const char *verdict = bad ? "fail" : "pass";

	if (hash) {
		*hash = '\0';
		const char *d = hash + 3;
		if (!strncmp(d, "SKIP", 4)) {
			d += 4;
			while (*d == ' ')
				d++;
			scopy(reason, sizeof(reason), d);
			if (!bad)
				verdict = "skip";
		} else {
			scopy(reason, sizeof(reason), d);
		}
	}
	if (bad && r->log[0] && !reason[0])
		scopy(reason, sizeof(reason), r->log);
	else if (bad && r->log[0])
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
			 "\n%s", r->log);
	add_test(r, name, verdict, reason);
	if (bad)
		r->prog_had_fail = true;
	r->log[0] = '\0';
	r->running[0] = '\0';
}

static void program_result(struct run *r, const char *line)
{
	bool bad = !strncmp(line, "not ok ", 7);
	const char *d = strstr(line, " # ");
	json_object *p = json_object_new_object();
	const char *verdict = bad ? "fail" : "pass";

	if (!bad && d && !strncmp(d + 3, "SKIP", 4))
		verdict = "skip";
	json_object_object_add(p, "name", json_object_new_string(r->prog));
	json_object_object_add(p, "verdict", json_object_new_string(verdict));
	json_object_object_add(p, "detail", d ? json_object_new_string(d + 3) : NULL);
	json_object_array_add(r->programs, p);
	r->programs_done++;
	if (bad) {
		r->programs_failed++;
		/* died (timeout, signal) without a failing case: the program is the verdict */
		if (!r->prog_had_fail) {
			char why[600];

			snprintf(why, sizeof(why), "program %s%s%s", d ? d + 3 : "failed",
				 r->running[0] ? " during " : "", r->running);
			add_test(r, "*", "fail", why);
		}
	}
	r->prog_open = false;
	r->running[0] = '\0';
	r->log[0] = '\0';
}

static int parse_tap(FILE *f, struct run *r)
{
	char buf[4096];

	while (fgets(buf, sizeof(buf), f)) {
		char *line = rstrip(buf);

		if (!strncmp(line, "1..", 3) && r->planned < 0) {
			r->planned = atoi(line + 3);
		} else if (!strncmp(line, "# selftests: ", 13)) {
			const char *c = strchr(line + 13, ':');

			scopy(r->prog, sizeof(r->prog), c ? c + 2 : line + 13);
			r->programs_seen++;
			r->prog_open = true;
			r->prog_had_fail = false;
			r->running[0] = r->log[0] = '\0';
			scopy(r->last_test, sizeof(r->last_test), r->prog);
		} else if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7)) {
			if (r->prog_open)
				program_result(r, line);
		} else if (!strncmp(line, "# ok ", 5) || !strncmp(line, "# not ok ", 9)) {
			if (r->prog_open)
				case_line(r, line + 2);
		} else if (!strncmp(line, "# #  RUN ", 9)) {
			const char *n = line + 9;

			while (*n == ' ')
				n++;
			scopy(r->running, sizeof(r->running), n);
			char *dots = strstr(r->running, " ...");
			if (dots)
				*dots = '\0';
			snprintf(r->last_test, sizeof(r->last_test), "%s:%s", r->prog, r->running);
			r->log[0] = '\0';
		} else if (!strncmp(line, "# # ", 4) && r->running[0]) {
			const char *l = line + 4, *t = l, *src;

			while (*t == ' ')
				t++;
			/* the harness's own bookkeeping is not the failure's story */
			if (!strncmp(t, "OK ", 3) || !strncmp(t, "FAIL ", 5) ||
			    !strncmp(t, "SKIP ", 5) || !strncmp(t, "XFAIL ", 6))
				continue;
			/* /any/checkout/suites/x.c:12:... -> suites/x.c:12:... */
			src = strstr(l, "/suites/");
			if (*l == '/' && src && !memchr(l, ' ', (size_t)(src - l)))
				l = src + 1;
			log_line(r, l);
		}
	}
	return ferror(f) ? -EIO : 0;
}

/* ---- the record --------------------------------------------------------- */

static json_object *skip_list(json_object *skips)
{
	json_object *a = json_object_new_array();

	json_object_object_foreach(skips, reason, count) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "reason", json_object_new_string(reason));
		json_object_object_add(o, "count", json_object_get(count));
		json_object_array_add(a, o);
	}
	return a;
}

/* Copy the TAP beside its record, atomically and never over another. */
static int copy_file(const char *from, const char *to)
{
	char *text = NULL;
	size_t len = 0;
	FILE *in = fopen(from, "r"), *mem;
	char buf[65536];
	size_t n;
	int err = 0;

	if (!in)
		return -errno;
	mem = open_memstream(&text, &len);
	if (!mem) {
		err = -errno;
		fclose(in);
		return err;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, mem) != n)
			err = -ENOMEM;
	if (ferror(in))
		err = -EIO;
	fclose(in);
	if (fclose(mem) && !err)
		err = -ENOMEM;
	if (!err)
		err = sct_record_write_text(text, len, to, 0);
	free(text);
	return err;
}

static json_object *this_context(void)
{
	struct sct_env_opts o = { .pinned_cpu = -1 };

	return sct_env_context(&o);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tap", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "results", required_argument, NULL, 'R' },
		{ "env", no_argument, NULL, 'E' },
		{ "env-file", required_argument, NULL, 'e' },
		{ "release", required_argument, NULL, 'r' },
		{ "emulated", required_argument, NULL, 'm' },
		{ "incomplete", required_argument, NULL, 'i' },
		{ "kernel-source", required_argument, NULL, 'k' },
		{ "duration", required_argument, NULL, 'd' },
		{ "guest-timeout", required_argument, NULL, 'T' },
		{ "console-alerts", required_argument, NULL, 'a' },
		{ "git-rev", required_argument, NULL, 'g' },
		{ "force", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *tap = NULL, *out = NULL, *envfile = NULL, *release = NULL, *results = NULL;
	const char *emulated = NULL, *incomplete = NULL, *ksrc = NULL, *gitrev = NULL;
	long duration = -1, gtimeout = -1, alerts = -1;
	bool env_only = false, force = false;
	int c;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': tap = optarg; break;
		case 'o': out = optarg; break;
		case 'R': results = optarg; break;
		case 'E': env_only = true; break;
		case 'e': envfile = optarg; break;
		case 'r': release = optarg; break;
		case 'm': emulated = optarg; break;
		case 'i': incomplete = optarg; break;
		case 'k': ksrc = optarg; break;
		case 'd': duration = atol(optarg); break;
		case 'T': gtimeout = atol(optarg); break;
		case 'a': alerts = atol(optarg); break;
		case 'g': gitrev = optarg; break;
		case 'F': force = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "tap2record: unexpected argument '%s' (see --help)\n", argv[optind]);
		return 2;
	}
	if (env_only) {
		json_object *env = this_context();

		if (!env)
			return 2;
		puts(json_object_to_json_string_ext(env, JSON_C_TO_STRING_PRETTY |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(env);
		return 0;
	}
	if (!tap) {
		fprintf(stderr, "tap2record: --tap FILE is required (see --help)\n");
		return 2;
	}
	if (out && results) {
		fprintf(stderr, "tap2record: --output and --results exclude each other\n");
		return 2;
	}

	FILE *f = fopen(tap, "r");
	if (!f) {
		fprintf(stderr, "tap2record: cannot read '%s': %s\n", tap, strerror(errno));
		return 2;
	}
	struct run r = { .planned = -1 };
	r.tests = json_object_new_array();
	r.programs = json_object_new_array();
	r.skips = json_object_new_object();
	int err = parse_tap(f, &r);
	fclose(f);
	if (err) {
		fprintf(stderr, "tap2record: cannot read '%s': %s\n", tap, strerror(-err));
		return 2;
	}

	json_object *env;
	if (envfile) {
		env = json_object_from_file(envfile);
		if (!env || !json_object_is_type(env, json_type_object)) {
			fprintf(stderr, "tap2record: '%s' is not a JSON object\n", envfile);
			return 2;
		}
	} else {
		env = this_context();
	}
	if (release) {
		json_object *k;

		if (!json_object_object_get_ex(env, "kernel", &k) || !json_object_is_type(k, json_type_object)) {
			k = json_object_new_object();
			json_object_object_add(env, "kernel", k);
		}
		json_object_object_add(k, "release", json_object_new_string(release));
	}
	if (gitrev)
		json_object_object_add(env, "git_revision", json_object_new_string(gitrev));

	/* complete: the runner's plan was met; the caller may know better */
	bool complete = !incomplete && r.planned >= 0 && r.programs_done == r.planned;
	char why[600] = "";
	if (incomplete)
		scopy(why, sizeof(why), incomplete);
	else if (r.planned < 0)
		scopy(why, sizeof(why), "no-tap: the runner produced no TAP plan");
	else if (!complete)
		snprintf(why, sizeof(why), "truncated: %d of %d programs reported",
			 r.programs_done, r.planned);

	json_object *conf = json_object_new_object();
	json_object_object_add(conf, "status", json_object_new_string(complete ? "complete" : "incomplete"));
	json_object_object_add(conf, "reason", why[0] ? json_object_new_string(why) : NULL);
	json_object_object_add(conf, "last_test", r.last_test[0] ? json_object_new_string(r.last_test) : NULL);
	json_object_object_add(conf, "where", json_object_new_string(emulated ? emulated : "native"));
	json_object_object_add(conf, "emulated", json_object_new_boolean(emulated && strstr(emulated, "tcg")));
	json_object_object_add(conf, "kernel_source", ksrc ? json_object_new_string(ksrc) : NULL);
	json_object_object_add(conf, "duration_s", duration >= 0 ? json_object_new_int64(duration) : NULL);
	json_object_object_add(conf, "program_timeout_s", gtimeout >= 0 ? json_object_new_int64(gtimeout) : NULL);
	json_object_object_add(conf, "console_alerts", alerts >= 0 ? json_object_new_int64(alerts) : NULL);
	json_object *sum = json_object_new_object();
	json_object_object_add(sum, "programs_planned", json_object_new_int(r.planned < 0 ? 0 : r.planned));
	json_object_object_add(sum, "programs_run", json_object_new_int(r.programs_done));
	json_object_object_add(sum, "programs_failed", json_object_new_int(r.programs_failed));
	json_object_object_add(sum, "tests", json_object_new_int(r.pass + r.fail + r.skip));
	json_object_object_add(sum, "pass", json_object_new_int(r.pass));
	json_object_object_add(sum, "fail", json_object_new_int(r.fail));
	json_object_object_add(sum, "skip", json_object_new_int(r.skip));
	json_object_object_add(sum, "skip_reasons", skip_list(r.skips));
	json_object_object_add(conf, "summary", sum);
	json_object_object_add(conf, "programs", r.programs);
	json_object_object_add(conf, "tests", r.tests);
	json_object_put(r.skips);

	struct sct_result *rec = sct_result_new("conformance", env);
	if (!rec) {
		fprintf(stderr, "tap2record: out of memory\n");
		return 2;
	}
	json_object *root = sct_result_root(rec);
	char path[4096] = "";
	json_object_object_add(root, "conformance", conf);

	if (results) {
		/* <root>/<context release>/<stamp>-conformance.json, the TAP beside it */
		err = sct_result_write(rec, results, path, sizeof(path));
		if (!err) {
			char tap_copy[4096];
			size_t n = strlen(path) - strlen(".json");

			snprintf(tap_copy, sizeof(tap_copy), "%.*s.tap", (int)n, path);
			err = copy_file(tap, tap_copy);
		}
	} else if (out && strcmp(out, "-")) {
		scopy(path, sizeof(path), out);
		err = sct_record_write_file(root, path, force ? SCT_RECORD_OVERWRITE : 0);
	} else {
		err = puts(sct_record_text(root)) < 0 ? -EIO : 0;
	}
	if (err) {
		fprintf(stderr, "tap2record: cannot write '%s': %s\n", path, strerror(-err));
		return 2;
	}
	if (path[0]) {
		printf("record: %s\n", path);
		printf("status: %s%s%s\n", complete ? "complete" : "incomplete",
		       why[0] ? " - " : "", why);
		if (!complete && r.last_test[0])
			printf("last test reached: %s\n", r.last_test);
		printf("programs: %d of %d run, %d failed; test cases: %d passed, %d failed, %d skipped\n",
		       r.programs_done, r.planned < 0 ? 0 : r.planned, r.programs_failed,
		       r.pass, r.fail, r.skip);
	}
	sct_result_free(rec);
	return complete && !r.fail && !r.programs_failed ? 0 : 1;
}
