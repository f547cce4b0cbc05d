// SPDX-License-Identifier: GPL-2.0-only
/*
 * workload - a small, syscall-heavy, deterministic process for whole-process
 * timing (hyperfine) with and without seccomp filters: N iterations of
 * getppid, a one-byte write and read through a pipe, and fstat. About 4N
 * system calls, no allocation in the loop, nothing else to measure.
 *
 *	workload [--iterations N]	(default 200000)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: workload [--iterations N]\n"
		"Run N iterations (default 200000) of getppid, write+read of one byte\n"
		"through a pipe, and fstat: ~4N system calls. Exit 0, 1 if a call failed.\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "iterations", required_argument, 0, 'n' },
		{ "help", no_argument, 0, 'h' },
		{ 0 }
	};
	long n = 200000, i;
	struct stat st;
	int p[2], o;
	char c = 'x';

	opterr = 0;	/* one line of our own instead of getopt's */
	while ((o = getopt_long(argc, argv, ":n:h", lo, NULL)) != -1) {
		char e[SCT_ESC_BUF];

		switch (o) {
		case 'n': {
			char err[SCT_ESC_BUF + 80];
			uint64_t v;

			/* at most 10^10: minutes of work; more is a typo, not a workload */
			if (sct_parse_u64(optarg, 1, 10000000000ull, &v, err, sizeof(err))) {
				fprintf(stderr, "workload: --iterations: %s\n", err);
				return 2;
			}
			n = (long)v;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "workload: %s needs a value (see --help)\n",
				sct_esc(e, sizeof(e), argv[optind - 1]));
			return 2;
		default:
			fprintf(stderr, "workload: unknown option \"%s\" (see --help)\n",
				sct_esc(e, sizeof(e), argv[optind - 1]));
			return 2;
		}
	}
	if (pipe(p)) {
		fprintf(stderr, "workload: pipe: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (syscall(__NR_getppid) < 0 || syscall(__NR_write, p[1], &c, 1) != 1 ||
		    syscall(__NR_read, p[0], &c, 1) != 1 || syscall(__NR_fstat, p[0], &st)) {
			fprintf(stderr, "workload: iteration %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	return 0;
}
