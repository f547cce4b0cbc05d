// SPDX-License-Identifier: GPL-2.0-only
/*
 * cli_test - self-tests of lib/cli.c: the number parsers take a whole
 * string in range and nothing else, the reader refuses what is not a
 * regular file without blocking, and sct_esc leaves no control byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "suite.h"

#include "cli.h"

TEST(u64_whole_string_in_range)
{
	char err[256];
	uint64_t v;

	ASSERT_EQ(0, sct_parse_u64("42", 0, 100, &v, err, sizeof(err)));
	ASSERT_EQ(42, v);
	ASSERT_EQ(0, sct_parse_u64("0x10", 0, 100, &v, err, sizeof(err)));
	ASSERT_EQ(16, v);
	ASSERT_EQ(0, sct_parse_u64("18446744073709551615", 0, UINT64_MAX, &v, err, sizeof(err)));
	ASSERT_EQ(UINT64_MAX, v);
	/* strtoull would take each of these */
	ASSERT_EQ(-EINVAL, sct_parse_u64("-1", 0, UINT64_MAX, &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, sct_parse_u64(" 5", 0, 100, &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, sct_parse_u64("12abc", 0, 100, &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, sct_parse_u64("", 0, 100, &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, sct_parse_u64("1e3", 0, 10000, &v, err, sizeof(err)));
	ASSERT_EQ(-ERANGE, sct_parse_u64("18446744073709551616", 0, UINT64_MAX, &v, err, sizeof(err)));
	ASSERT_EQ(-ERANGE, sct_parse_u64("4294967296", 0, 1023, &v, err, sizeof(err)));
	ASSERT_EQ(-ERANGE, sct_parse_u64("0", 1, 10, &v, err, sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "out of range (1 ... 10)"));
}

TEST(i64_signed_range)
{
	int64_t v;

	ASSERT_EQ(0, sct_parse_i64("-5", -10, 10, &v, NULL, 0));
	ASSERT_EQ(-5, v);
	ASSERT_EQ(0, sct_parse_i64("-9223372036854775808", INT64_MIN, 0, &v, NULL, 0));
	ASSERT_EQ(INT64_MIN, v);
	ASSERT_EQ(-ERANGE, sct_parse_i64("-9223372036854775809", INT64_MIN, 0, &v, NULL, 0));
	ASSERT_EQ(-ERANGE, sct_parse_i64("11", -10, 10, &v, NULL, 0));
	ASSERT_EQ(-EINVAL, sct_parse_i64("1.5", -10, 10, &v, NULL, 0));
}

TEST(double_finite_in_range)
{
	double v;

	ASSERT_EQ(0, sct_parse_double("0.5", 0, 1, &v, NULL, 0));
	ASSERT_TRUE(v == 0.5);
	ASSERT_EQ(0, sct_parse_double("1e3", 0, 1e4, &v, NULL, 0));
	ASSERT_EQ(-ERANGE, sct_parse_double("inf", 0, 1e300, &v, NULL, 0));
	ASSERT_EQ(-ERANGE, sct_parse_double("nan", 0, 1, &v, NULL, 0));
	ASSERT_EQ(-ERANGE, sct_parse_double("1e308", 0, 1e4, &v, NULL, 0));
	ASSERT_EQ(-ERANGE, sct_parse_double("1e400", 0, 1e300, &v, NULL, 0));
	ASSERT_EQ(-ERANGE, sct_parse_double("1e-400", 0, 1, &v, NULL, 0));	/* underflow */
	ASSERT_EQ(-EINVAL, sct_parse_double("1.5x", 0, 10, &v, NULL, 0));
	ASSERT_EQ(-EINVAL, sct_parse_double("", 0, 10, &v, NULL, 0));
}

TEST(read_file_regular_only)
{
	char dir[] = "/tmp/sct-cli-XXXXXX", path[64], err[256], *buf;
	struct json_object *root;
	size_t len;
	int fd;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ASSERT_EQ(0, mkfifo(path, 0600));
	/* no writer: a blocking open would wait forever */
	ASSERT_EQ(-EINVAL, sct_read_file(path, 100, &buf, &len, err, sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "not a regular file (a FIFO)"));
	unlink(path);
	ASSERT_EQ(-EINVAL, sct_read_file(dir, 100, &buf, &len, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, sct_read_file("/dev/null", 100, &buf, &len, err, sizeof(err)));
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(10, write(fd, "[1, 2] x\n\n", 10));
	close(fd);
	ASSERT_EQ(-EFBIG, sct_read_file(path, 9, &buf, &len, err, sizeof(err)));
	ASSERT_EQ(0, sct_read_file(path, 10, &buf, &len, err, sizeof(err)));
	ASSERT_EQ(10, len);
	ASSERT_EQ('\0', buf[len]);
	free(buf);
	ASSERT_EQ(-EINVAL, sct_read_json(path, 100, &root, err, sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "trailing data"));
	unlink(path);
	ASSERT_EQ(-ENOENT, sct_read_file(path, 10, &buf, &len, err, sizeof(err)));
	rmdir(dir);
}

TEST(esc_leaves_no_control_byte)
{
	char e[SCT_ESC_BUF], small[8];

	ASSERT_STREQ("a\\x0ab\\x1b[31m\\\\", sct_esc(e, sizeof(e), "a\nb\033[31m\\"));
	ASSERT_STREQ("(null)", sct_esc(e, sizeof(e), NULL));
	/* cut whole: never half an escape */
	ASSERT_STREQ("ab\\x0a", sct_esc(small, sizeof(small), "ab\n\n"));
}

SCT_SUITE_MAIN("Self-tests of the strict parsers, the safe reader and sct_esc (lib/cli.c).")
