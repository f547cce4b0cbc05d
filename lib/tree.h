/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tree.h - find a file of this source tree (profiles, measured mixes) from a
 * test, a tool or an installed copy, wherever it runs from.
 */
#ifndef SCT_TREE_H
#define SCT_TREE_H

#include <stddef.h>

/*
 * Find a file of this source tree (rel, e.g. "profiles/docker-default.json")
 * for a test: under $SCT_SOURCE_DIR, then beside the caller's source folder
 * (pass __FILE__, an absolute path in this build), then next to the running
 * program (installed copies) and two levels up from it (build/<kind>/).
 * Returns 0 with the path in buf, -ENOENT (buf then lists the places tried).
 */
int sct_tree_find(const char *rel, const char *srcfile, char *buf, size_t len);
#define SCT_TREE_FIND(rel, buf) sct_tree_find((rel), __FILE__, (buf), sizeof(buf))

/*
 * For kselftest-harness tests (expanded there only): a set-up step that
 * returned r > 0 SKIPs with msg (a missing data file), r < 0 fails with msg.
 */
#define SCT_SKIP_OR_ASSERT_OK(r, msg) do {					\
	if ((r) > 0)								\
		SKIP(return, "%.480s", (msg));					\
	ASSERT_EQ(0, (r)) {							\
		TH_LOG("%s", (msg));						\
	}									\
} while (0)

/* sct_tree_find("profiles/<name>", ...). */
int sct_profile_find(const char *name, const char *srcfile, char *buf, size_t len);
#define SCT_PROFILE_FIND(name, buf) sct_profile_find((name), __FILE__, (buf), sizeof(buf))

#endif
