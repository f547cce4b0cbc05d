// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit_probe_static - the report of inherit_probe from a statically
 * linked binary (libc only, no dynamic loader): exec'd by inherit_test to
 * show a filter survives execve of a static image, and copied setuid-root
 * to show no_new_privs keeps the euid.
 */
#include "inherit_report.h"

int main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	return inherit_report(-1);
}
