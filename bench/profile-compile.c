// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile-compile - compile a Docker/OCI seccomp profile into the suite's
 * rule set (lib/profile.h) and print what it means for one capability set,
 * arch and kernel version.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "install.h"
#include "profile.h"

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [--caps LIST] [--arch ARCH] [--kernel VER] [--dump] PROFILE.json\n\n"
		"Compile a Docker/OCI seccomp profile (Docker, Podman, containerd, Kubernetes\n"
		"Localhost) the way moby + runc + libseccomp resolve it, and summarise it.\n\n"
		"  --caps LIST    the held capabilities, comma-separated (CAP_SYS_ADMIN or sys_admin);\n"
		"                 \"\" = none; +LIST = Docker's default set plus LIST;\n"
		"                 default: Docker's default set (14 capabilities)\n"
		"  --arch ARCH    arch as profiles name it (amd64, arm64, x86, ...); default: native\n"
		"  --kernel VER   kernel version for minKernel (e.g. 4.7); default: running kernel\n"
		"  --dump         print every resolved rule, one a line\n"
		"  -h, --help     this text\n\n"
		"Exit status: 0 compiled, 2 usage error or invalid profile (one line on stderr).\n",
		prog);
}

/* Split a comma-separated list in place into argv-like caps; -1 when
 * there are more than max. */
static long split_caps(char *list, const char **caps, size_t max)
{
	size_t n = 0;

	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ","))
		if (*tok) {
			if (n == max)
				return -1;
			caps[n++] = tok;
		}
	return (long)n;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "dump", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct sct_profile_opts opts = { 0 };
	struct sct_profile_stats st;
	struct sct_ruleset *rs;
	const char *caps[64];
	char err[512], act[32];
	bool dump = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': {
			size_t base = 0;
			long n;

			if (optarg[0] == '+') {	/* Docker's default set plus these */
				for (; base < sct_profile_docker_ncaps; base++)
					caps[base] = sct_profile_docker_caps[base];
				optarg++;
			}
			n = split_caps(optarg, caps + base, sizeof(caps) / sizeof(caps[0]) - base);

			if (n < 0) {
				fprintf(stderr, "%s: --caps: more than %zu capabilities\n", argv[0],
					sizeof(caps) / sizeof(caps[0]));
				return 2;
			}
			opts.caps = caps;
			opts.ncaps = base + (size_t)n;
			break;
		}
		case 'a':
			opts.arch = optarg;
			break;
		case 'k':
			opts.kernel = optarg;
			break;
		case 'd':
			dump = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s: expected one PROFILE.json (see --help)\n", argv[0]);
		return 2;
	}
	if (sct_profile_load(argv[optind], &opts, &rs, &st, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	printf("profile:         %s\n", argv[optind]);
	printf("resolved for:    arch %s, kernel %u.%u, %s\n", st.arch, st.kernel_major,
	       st.kernel_minor, opts.caps ? "the capabilities given" : "Docker's default capabilities");
	printf("arches:          %s\n", st.arches[0] ? st.arches : "(none listed for this arch)");
	printf("default action:  %s\n", sct_profile_action_str(st.default_action, act, sizeof(act)));
	printf("entries:         %zu (%zu apply)\n", st.entries, st.entries_used);
	printf("syscalls:        %zu\n", st.syscalls);
	printf("rules:           %zu (%zu split from same-argument conditions, %zu superseded, %zu with the default action dropped)\n",
	       st.rules, st.split, st.superseded, st.redundant);
	printf("unknown skipped: %zu%s%s\n", st.unknown_names, st.unknown_names ? ": " : "", st.unknown);
	printf("order-sensitive: %zu%s%s\n", st.order_sensitive,
	       st.order_sensitive ? ": " : "", st.order_sensitive_names);
	if (dump)
		sct_profile_dump(rs, stdout);
	sct_ruleset_free(rs);
	return 0;
}
