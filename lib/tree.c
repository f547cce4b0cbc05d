// SPDX-License-Identifier: GPL-2.0-only
/*
 * tree.c - the source-tree file finder (see tree.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree.h"

/* dir cut at its last `up` '/', then "/" rel, into buf. */
static void tree_path(char *buf, size_t len, const char *dir, int up, const char *rel)
{
	size_t n = strlen(dir);

	while (up-- > 0) {
		while (n && dir[n - 1] != '/')
			n--;
		while (n > 1 && dir[n - 1] == '/')
			n--;
	}
	snprintf(buf, len, "%.*s/%s", (int)n, dir, rel);
}

int sct_tree_find(const char *rel, const char *srcfile, char *buf, size_t len)
{
	char cand[4][PATH_MAX], exe[PATH_MAX];
	const char *env = getenv("SCT_SOURCE_DIR");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int k = 0;

	if (env && *env)
		snprintf(cand[k++], PATH_MAX, "%s/%s", env, rel);
	if (srcfile && srcfile[0] == '/')
		tree_path(cand[k++], PATH_MAX, srcfile, 2, rel);
	if (n > 0) {
		exe[n] = '\0';
		tree_path(cand[k++], PATH_MAX, exe, 1, rel);
		tree_path(cand[k++], PATH_MAX, exe, 3, rel);
	}
	for (int i = 0; i < k; i++)
		if (!access(cand[i], R_OK)) {
			snprintf(buf, len, "%s", cand[i]);
			return 0;
		}
	buf[0] = '\0';
	for (int i = 0; i < k; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%s", i ? ", " : "", cand[i]);
	}
	return -ENOENT;
}

int sct_profile_find(const char *name, const char *srcfile, char *buf, size_t len)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "profiles/%s", name);
	return sct_tree_find(rel, srcfile, buf, len);
}
