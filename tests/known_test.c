// SPDX-License-Identifier: GPL-2.0-only
/*
 * known_test - self-tests of lib/known.c, the known-failure matcher of
 * check-verdicts, compare and summarize: release prefixes match whole
 * components, <prefix>@<arch> lists apply to that arch only and must name
 * it by its uname -m name, every applying list counts, comments and blank
 * lines are no entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite.h"

#include "known.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void wipe(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

TEST(arch_names_and_aliases)
{
	ASSERT_STREQ("x86_64", sct_known_arch("x86_64"));
	ASSERT_STREQ("x86_64", sct_known_arch("amd64"));
	ASSERT_STREQ("x86_64", sct_known_arch("x86-64"));
	ASSERT_STREQ("aarch64", sct_known_arch("arm64"));
	ASSERT_STREQ("aarch64", sct_known_arch("aarch64"));
	ASSERT_EQ(NULL, sct_known_arch("riscv64"));
	ASSERT_EQ(NULL, sct_known_arch(NULL));
}

TEST(prefix_matches_whole_components)
{
	ASSERT_TRUE(sct_known_applies("6.1", "6.1.0-57-cloud-amd64", "x86_64"));
	ASSERT_TRUE(sct_known_applies("6.1", "6.1", "x86_64"));
	ASSERT_TRUE(sct_known_applies("6.1.0", "6.1.0-57-cloud-arm64", "aarch64"));
	ASSERT_TRUE(sct_known_applies("6.18.44-fc", "6.18.44-fc-v595", "x86_64"));
	ASSERT_FALSE(sct_known_applies("6.1", "6.18.2", "x86_64"));
	ASSERT_FALSE(sct_known_applies("6.1", "6.12.117+deb12-cloud-amd64", "x86_64"));
	ASSERT_FALSE(sct_known_applies("6.1.0-5", "6.1.0-57-cloud-amd64", "x86_64"));
	ASSERT_FALSE(sct_known_applies("6.12", "6.1", "x86_64"));
	ASSERT_FALSE(sct_known_applies("6.1", NULL, "x86_64"));
}

TEST(arch_list_applies_to_its_arch_only)
{
	ASSERT_TRUE(sct_known_applies("6.1@aarch64", "6.1.0-57-cloud-arm64", "aarch64"));
	ASSERT_FALSE(sct_known_applies("6.1@aarch64", "6.1.0-57-cloud-amd64", "x86_64"));
	ASSERT_FALSE(sct_known_applies("6.1@aarch64", "6.1.0-57-cloud-arm64", NULL));
	ASSERT_FALSE(sct_known_applies("6.1@aarch64", "6.18.1", "aarch64"));
	/* a plain list: every arch, also an unknown one */
	ASSERT_TRUE(sct_known_applies("6.1", "6.1.0-57-cloud-arm64", NULL));
}

TEST(load_every_applying_list)
{
	char dir[] = "/tmp/known_test.XXXXXX", err[512] = "";
	const struct sct_known_entry *e;
	struct sct_known k;

	ASSERT_NE(NULL, mkdtemp(dir));
	put(dir, "6.1", "# a comment\n\n  \t# indented comment\na:t.one\tabc123\tbroken\n"
		       "b:t.two\t-\thangs\n");
	put(dir, "6.1@aarch64", "c:t.arm\t-\tarm only\nb:t.two\tdef456\tarm's own entry\n");
	put(dir, "6.1@x86_64", "d:t.x86\t-\tx86 only\n");
	put(dir, "6.18", "e:t.new\t-\tnot for 6.1\n");
	put(dir, ".hidden", "f:t.hidden\t-\tnever read\n");
	ASSERT_EQ(0, sct_known_load(&k, dir, "6.1.0-57-cloud-arm64", "aarch64", err, sizeof(err)));
	ASSERT_EQ(3, k.n);
	e = sct_known_find(&k, "a:t.one");
	ASSERT_NE(NULL, e);
	ASSERT_STREQ("abc123", e->commit);
	ASSERT_STREQ("broken", e->reason);
	ASSERT_STREQ("6.1", e->list);
	/* listed twice: the list that sorts last wins */
	e = sct_known_find(&k, "b:t.two");
	ASSERT_NE(NULL, e);
	ASSERT_STREQ("6.1@aarch64", e->list);
	ASSERT_STREQ("def456", e->commit);
	ASSERT_NE(NULL, sct_known_find(&k, "c:t.arm"));
	ASSERT_EQ(NULL, sct_known_find(&k, "d:t.x86"));
	ASSERT_EQ(NULL, sct_known_find(&k, "e:t.new"));
	ASSERT_EQ(NULL, sct_known_find(&k, "f:t.hidden"));
	ASSERT_EQ(NULL, sct_known_find(&k, "a:t"));
	sct_known_free(&k);
	ASSERT_EQ(0, sct_known_load(&k, dir, "6.1.0-57-cloud-amd64", "x86_64", err, sizeof(err)));
	ASSERT_EQ(3, k.n);
	ASSERT_NE(NULL, sct_known_find(&k, "d:t.x86"));
	ASSERT_STREQ("6.1", sct_known_find(&k, "b:t.two")->list);
	sct_known_free(&k);
	wipe(dir);
}

TEST(short_lines_and_a_missing_directory)
{
	char dir[] = "/tmp/known_test.XXXXXX", err[512] = "";
	struct sct_known k;

	ASSERT_NE(NULL, mkdtemp(dir));
	put(dir, "7", "whole_program\nx:t\tc0ffee");
	ASSERT_EQ(0, sct_known_load(&k, dir, "7.0", "x86_64", err, sizeof(err)));
	ASSERT_EQ(2, k.n);
	ASSERT_STREQ("", sct_known_find(&k, "whole_program")->commit);
	ASSERT_STREQ("c0ffee", sct_known_find(&k, "x:t")->commit);
	ASSERT_STREQ("", sct_known_find(&k, "x:t")->reason);
	sct_known_free(&k);
	wipe(dir);
	ASSERT_EQ(0, sct_known_load(&k, dir, "7.0", "x86_64", err, sizeof(err)));
	ASSERT_EQ(0, k.n);
}

TEST(list_named_by_an_alias_is_an_error)
{
	char dir[] = "/tmp/known_test.XXXXXX", err[512] = "";
	struct sct_known k;

	ASSERT_NE(NULL, mkdtemp(dir));
	put(dir, "6.1@arm64", "a:t\t-\tx\n");
	/* an error even for a run the list would not apply to */
	ASSERT_EQ(-1, sct_known_load(&k, dir, "6.18.1", "x86_64", err, sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "'arm64' is not an arch's uname -m name (x86_64, aarch64)"));
	sct_known_free(&k);
	wipe(dir);
}

SCT_SUITE_MAIN("Self-tests of the known-failure matcher (lib/known.c).")
