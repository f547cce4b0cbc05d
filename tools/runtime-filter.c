// SPDX-License-Identifier: GPL-2.0-only
/*
 * runtime-filter - the seccomp filters a real OCI runtime (runc, crun)
 * installs for a Docker/OCI profile: writes a bundle whose linux.seccomp is
 * what Docker would pass (lib/bundle.h), starts it, reads the init's
 * filters back with PTRACE_SECCOMP_GET_FILTER, stops it and cleans up
 * (lib/runtime.h). Prints the programs as JSON or writes raw sock_filter
 * files, for lib/sim and tests/runtime_test.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "bundle.h"
#include "cli.h"
#include "profile.h"
#include "runtime.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: runtime-filter --runtime runc|crun --profile FILE [options]\n"
"       runtime-filter --profile FILE --bundle DIR [--caps SET]\n"
"Start a container under the profile (as Docker passes it to the runtime),\n"
"read back the seccomp filters of its init, stop it and remove every file\n"
"and cgroup it made. Needs root and no seccomp filter on the caller.\n"
"  --runtime NAME   runc or crun (or a path to one)\n"
"  --profile FILE   Docker/OCI seccomp profile JSON\n"
"  --caps SET       default (Docker's 14), none, default+CAP_X[,CAP_Y...],\n"
"                   or a list CAP_A,CAP_B (default: default)\n"
"  --kernel REL     kernel release for minKernel (default: uname's)\n"
"  --format F       json (default): one object with every filter, index 0\n"
"                   the oldest, each instruction [code, jt, jf, k];\n"
"                   raw: DIR/filter-N.bpf, struct sock_filter as the kernel\n"
"                   holds it (needs -o DIR)\n"
"  -o PATH          output file (json; default stdout) or directory (raw)\n"
"  --bundle DIR     only write the OCI bundle into DIR (new or empty) and stop\n"
"  --init FILE      the container's init (default: pause_static, see SCT_PAUSE)\n"
"  --timeout MS     per runtime command (default 20000)\n"
"  -h, --help       this text\n"
"Exit status: 0 done, 1 the runtime or the read-back failed, 2 bad usage.\n");
}

/* One line; arg's control characters escaped. */
static int bad(const char *fmt, const char *arg)
{
	char e[SCT_ESC_BUF];

	fputs("runtime-filter: ", stderr);
	fprintf(stderr, fmt, sct_esc(e, sizeof(e), arg));
	fputs(" (see --help)\n", stderr);
	return 2;
}

static const char *caps_buf[64];
static char caps_text[1024];

/* --caps: fills o; 0 or -1 for a bad set. */
static int parse_caps(const char *s, struct sct_bundle_opts *o)
{
	size_t n = 0;
	char *save = NULL, *list;

	if (!strcmp(s, "default")) {
		o->caps = NULL;
		return 0;
	}
	o->caps = caps_buf;
	if (!strcmp(s, "none")) {
		o->ncaps = 0;
		return 0;
	}
	snprintf(caps_text, sizeof(caps_text), "%s", s);
	list = caps_text;
	if (!strncmp(list, "default+", 8)) {
		for (; n < sct_profile_docker_ncaps; n++)
			caps_buf[n] = sct_profile_docker_caps[n];
		list += 8;
	}
	for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		for (const char *p = c; *p; p++)
			if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
				return -1;
		if (n == sizeof(caps_buf) / sizeof(caps_buf[0]))
			return -1;
		caps_buf[n++] = c;
	}
	if (n == 0)
		return -1;
	o->ncaps = n;
	return 0;
}

static int write_json(const struct sct_rt_result *res, const char *runtime, const char *profile,
		      const char *out)
{
	json_object *root = json_object_new_object(), *fs = json_object_new_array();
	const char *text;
	FILE *f = stdout;
	int r = 0;

	json_object_object_add(root, "runtime", json_object_new_string(runtime));
	json_object_object_add(root, "version", json_object_new_string(res->version));
	json_object_object_add(root, "profile", json_object_new_string(profile));
	json_object_object_add(root, "start_s", json_object_new_double(res->start_s));
	json_object_object_add(root, "read_s", json_object_new_double(res->read_s));
	json_object_object_add(root, "stop_s", json_object_new_double(res->stop_s));
	for (size_t i = 0; i < res->nfilters; i++) {
		json_object *fo = json_object_new_object(), *in = json_object_new_array();

		for (size_t k = 0; k < res->filters[i].len; k++) {
			const struct sock_filter *s = &res->filters[i].insns[k];
			json_object *a = json_object_new_array();

			json_object_array_add(a, json_object_new_int(s->code));
			json_object_array_add(a, json_object_new_int(s->jt));
			json_object_array_add(a, json_object_new_int(s->jf));
			json_object_array_add(a, json_object_new_int64(s->k));
			json_object_array_add(in, a);
		}
		json_object_object_add(fo, "index", json_object_new_int((int)i));
		json_object_object_add(fo, "len", json_object_new_int((int)res->filters[i].len));
		json_object_object_add(fo, "insns", in);
		json_object_array_add(fs, fo);
	}
	json_object_object_add(root, "filters", fs);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_SPACED);
	if (out && !(f = fopen(out, "w"))) {
		fprintf(stderr, "runtime-filter: %s: %s\n", out, strerror(errno));
		r = 1;
	} else {
		fprintf(f, "%s\n", text);
		if ((out && fclose(f)) || (!out && fflush(f))) {
			fprintf(stderr, "runtime-filter: write failed\n");
			r = 1;
		}
	}
	json_object_put(root);
	return r;
}

static int write_raw(const struct sct_rt_result *res, const char *dir)
{
	char p[4096];

	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "runtime-filter: mkdir %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < res->nfilters; i++) {
		FILE *f;
		size_t n = res->filters[i].len;

		snprintf(p, sizeof(p), "%s/filter-%zu.bpf", dir, i);
		f = fopen(p, "wb");
		if (!f || fwrite(res->filters[i].insns, sizeof(struct sock_filter), n, f) != n ||
		    fclose(f)) {
			fprintf(stderr, "runtime-filter: %s: %s\n", p, strerror(errno));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "runtime", required_argument, NULL, 'r' }, { "profile", required_argument, NULL, 'p' },
		{ "caps", required_argument, NULL, 'c' }, { "kernel", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' }, { "bundle", required_argument, NULL, 'b' },
		{ "init", required_argument, NULL, 'i' }, { "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *runtime = NULL, *profile = NULL, *format = "json", *out = NULL, *bundle = NULL;
	struct sct_bundle_opts bo = { 0 };
	struct sct_rt_opts ro = { 0 };
	struct sct_rt_result res;
	json_object *sec;
	char err[512], why[256];
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'r': runtime = optarg; break;
		case 'p': profile = optarg; break;
		case 'c':
			if (parse_caps(optarg, &bo))
				return bad("bad capability set '%s'", optarg);
			break;
		case 'k': bo.kernel = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'b': bundle = optarg; break;
		case 'i': ro.init = optarg; break;
		case 't': {
			uint64_t v;

			if (sct_parse_u64(optarg, 1, 600000, &v, NULL, 0))
				return bad("bad timeout '%s' (1 ... 600000 ms)", optarg);
			ro.timeout_ms = (int)v;
			break;
		}
		case ':':
			return bad("option '%s' needs a value", argv[optind - 1]);
		default:
			return bad("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	if (!profile)
		return bad("%s", "--profile is required");
	if (strcmp(format, "json") && strcmp(format, "raw"))
		return bad("unknown format '%s'", format);
	if (!strcmp(format, "raw") && !out)
		return bad("%s", "--format raw needs -o DIR");
	if (!bundle && (!runtime || !*runtime))
		return bad("%s", "--runtime is required");
	r = sct_bundle_seccomp(profile, &bo, &sec, err, sizeof(err));
	if (r) {
		char e[SCT_ESC_BUF];

		fprintf(stderr, "runtime-filter: %s\n", sct_esc(e, sizeof(e), err));
		return 2;
	}
	if (bundle) {
		char init[4096];
		struct sct_bundle_spec spec = { .seccomp = sec, .opts = &bo, .cgroups_path = "/sct-rt-bundle" };

		if (!ro.init && sct_rt_find_init(init, sizeof(init))) {
			fprintf(stderr, "runtime-filter: pause_static not found (set SCT_PAUSE or --init)\n");
			json_object_put(sec);
			return 1;
		}
		spec.init = ro.init ? ro.init : init;
		if (mkdir(bundle, 0755) && errno != EEXIST) {
			fprintf(stderr, "runtime-filter: mkdir %s: %s\n", bundle, strerror(errno));
			r = 1;
		} else if (sct_bundle_write(bundle, &spec, err, sizeof(err))) {
			fprintf(stderr, "runtime-filter: %s\n", err);
			r = 1;
		}
		json_object_put(sec);
		return r;
	}
	if (sct_rt_available(runtime, why, sizeof(why))) {
		fprintf(stderr, "runtime-filter: %s\n", why);
		json_object_put(sec);
		return 1;
	}
	ro.runtime = runtime;
	ro.seccomp = sec;
	ro.caps = &bo;
	r = sct_rt_run(&ro, &res, err, sizeof(err));
	json_object_put(sec);
	if (r) {
		fprintf(stderr, "runtime-filter: %s\n", err);
		return 1;
	}
	r = !strcmp(format, "raw") ? write_raw(&res, out) : write_json(&res, runtime, profile, out);
	sct_rt_result_free(&res);
	return r;
}
