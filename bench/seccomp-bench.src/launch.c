// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench launch --filter SPEC [--no-spec-allow] -- PROGRAM [ARG]...
 * installs a filter and execs PROGRAM, for whole-process timing (hyperfine).
 * SPEC: none | allow | cached:N | uncached:N | stack:N (N uncacheable
 * 2-instruction filters) | profile:PATH:LAYOUT. The filter applies to
 * PROGRAM and everything it starts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "install.h"
#include "layout.h"
#include "profile.h"
#include "ruleset.h"

#include "cli.h"

#include "bench.h"

#define LAUNCH_MAX_INSNS 4096	/* BPF_MAXINSNS */
/* chain_filter needs a syscall only for a denied path, which launch never builds. */
#define LAUNCH_NR	__NR_getppid

#define LAUNCH_USAGE "usage: seccomp-bench launch --filter SPEC [--no-spec-allow] -- PROGRAM [ARG]...; " \
	"SPEC: none, allow, cached:N, uncached:N, stack:N, profile:PATH:LAYOUT; see --help"

/* launch's profile:PATH:LAYOUT: the profile in that layout, as one filter. */
static int launch_profile(struct cfg *c, const char *spec)
{
	char path[4096], why[300];
	const char *colon = strrchr(spec, ':');
	struct sct_ruleset *rs = NULL;
	struct sock_fprog prog;
	int l, err;

	if (!colon || (size_t)(colon - spec) >= sizeof(path)) {
		fprintf(stderr, "seccomp-bench launch: profile:PATH:LAYOUT expected (%s)\n", LAUNCH_USAGE);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%.*s", (int)(colon - spec), spec);
	l = sct_layout_from_name(colon + 1);
	if (l < 0) {
		char e[SCT_ESC_BUF];

		fprintf(stderr, "seccomp-bench launch: unknown layout \"%s\" (see --help)\n",
			sct_esc(e, sizeof(e), colon + 1));
		return -EINVAL;
	}
	if (sct_profile_load(path, NULL, &rs, NULL, why, sizeof(why))) {
		fprintf(stderr, "seccomp-bench launch: %s\n", why);
		return -EINVAL;
	}
	sct_mix_synthetic(rs);
	err = sct_layout_build(l, rs, &prog, why, sizeof(why));
	sct_ruleset_free(rs);
	if (err) {
		fprintf(stderr, "seccomp-bench launch: %s as %s: %s\n", path, colon + 1, why);
		return err;
	}
	c->progs[0] = prog;
	c->owned[0] = prog.filter;
	c->nprogs = 1;
	return 0;
}

/* The N of "PREFIX:N" in [min, max]: true, else false after saying why. */
static bool spec_count(const char *spec, size_t skip, uint64_t min, uint64_t max, uint64_t *n)
{
	char err[SCT_ESC_BUF + 80];

	if (!sct_parse_u64(spec + skip, min, max, n, err, sizeof(err)))
		return true;
	fprintf(stderr, "seccomp-bench launch: --filter %.*s%s\n", (int)skip, spec, err);
	return false;
}

/* Build SPEC's filters into c; 0, or 2 (the exit status) after saying why. */
static int launch_build(struct cfg *c, const char *spec)
{
	char e[SCT_ESC_BUF];
	uint64_t n;
	size_t j;
	int k;

	if (!strcmp(spec, "allow")) {
		k = cfg_push(c, chain_filter(FORM_CACHED, 1, LAUNCH_NR));
	} else if (!strncmp(spec, "cached:", 7)) {
		if (!spec_count(spec, 7, 1, LAUNCH_MAX_INSNS, &n))
			return 2;
		k = cfg_push(c, chain_filter(FORM_CACHED, (unsigned int)n, LAUNCH_NR));
	} else if (!strncmp(spec, "uncached:", 9)) {
		if (!spec_count(spec, 9, 2, LAUNCH_MAX_INSNS, &n))
			return 2;
		k = cfg_push(c, chain_filter(FORM_UNCACHED, (unsigned int)n, LAUNCH_NR));
	} else if (!strncmp(spec, "stack:", 6)) {
		if (!spec_count(spec, 6, 1, MAX_STACK, &n))
			return 2;
		for (k = 0, j = 0; j < n && !k; j++)
			k = cfg_push(c, two_insn_filter(false));
	} else if (!strcmp(spec, "none")) {
		k = 0;
	} else if (!strncmp(spec, "profile:", 8)) {
		return launch_profile(c, spec + 8) ? 2 : 0;
	} else {
		fprintf(stderr, "seccomp-bench launch: unknown filter \"%s\" (%s)\n",
			sct_esc(e, sizeof(e), spec), LAUNCH_USAGE);
		return 2;
	}
	if (k) {
		fprintf(stderr, "seccomp-bench launch: cannot build \"%s\": %s\n",
			sct_esc(e, sizeof(e), spec), strerror(-k));
		return 2;
	}
	return 0;
}

int launch_main(int argc, char **argv)
{
	const char *spec = "none";
	bool spec_allow = true;
	char e[SCT_ESC_BUF];
	struct cfg c;
	int i = 1, k;
	size_t j;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "launch");
	/* Options up to "--"; anything else that starts with '-' is a usage error, not PROGRAM. */
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--filter")) {
			if (i + 1 >= argc || !strcmp(argv[i + 1], "--")) {
				fprintf(stderr, "seccomp-bench launch: --filter needs a value (%s)\n",
					LAUNCH_USAGE);
				return 2;
			}
			spec = argv[++i];
		} else if (!strncmp(argv[i], "--filter=", 9)) {
			spec = argv[i] + 9;
		} else if (!strcmp(argv[i], "--no-spec-allow")) {
			spec_allow = false;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("Usage: seccomp-bench launch --filter SPEC [--no-spec-allow] -- PROGRAM "
			       "[ARG]...\nSPEC: none, allow, cached:N, uncached:N, stack:N, "
			       "profile:PATH:LAYOUT (see seccomp-bench --help)\n");
			return 0;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "seccomp-bench launch: unknown option \"%s\" (%s)\n",
				sct_esc(e, sizeof(e), argv[i]), LAUNCH_USAGE);
			return 2;
		} else {
			break;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "seccomp-bench launch: no PROGRAM (%s)\n", LAUNCH_USAGE);
		return 2;
	}
	k = launch_build(&c, spec);
	if (k)
		return k;
	if (c.nprogs && sct_set_nnp()) {
		fprintf(stderr, "seccomp-bench launch: PR_SET_NO_NEW_PRIVS: %s\n", strerror(errno));
		return 1;
	}
	for (j = 0; j < c.nprogs; j++) {
		long err = sct_install(&c.progs[j], spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0);

		if (err < 0) {
			fprintf(stderr, "seccomp-bench launch: installing filter %zu: %s\n", j,
				strerror((int)-err));
			return 1;
		}
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "seccomp-bench launch: %s: %s\n", argv[i], strerror(errno));
	return 127;
}
