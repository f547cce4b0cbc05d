// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit_probe - exec'd by inherit_test under a filter: reports what it
 * inherited (see inherit_report.h). Dynamically linked.
 *
 *   inherit_probe          report
 *   inherit_probe stack    install one more filter (getpgid -> ERRNO
 *                          INHERIT_STACKED), then report; start_filters is
 *                          the Seccomp_filters count before it
 */
#include <string.h>

#include "filter.h"
#include "install.h"
#include "probe.h"
#include "inherit_report.h"

int main(int argc, char **argv)
{
	struct sct_filter *f;
	long start = -1, ret;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "stack"))) {
		fprintf(stderr, "usage: %s [stack]\n", argv[0]);
		return 2;
	}
	if (argc == 2) {
		if (sct_proc_status(0, "Seccomp_filters", &start))
			start = -1;
		f = sct_filter_for_nr(__NR_getpgid, SECCOMP_RET_ERRNO | INHERIT_STACKED,
				      SECCOMP_RET_ALLOW);
		ret = sct_install_filter(f, 0);
		sct_filter_free(f);
		if (ret < 0) {
			fprintf(stderr, "%s: installing the stacked filter: %s\n", argv[0],
				strerror((int)-ret));
			return 1;
		}
	}
	return inherit_report(start);
}
