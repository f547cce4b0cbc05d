// SPDX-License-Identifier: GPL-2.0-only
/* cli.c - see cli.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "errmsg.h"

const char *sct_esc(char *dst, size_t dlen, const char *s)
{
	size_t o = 0, i;

	if (!dlen)
		return dst;
	if (!s)
		s = "(null)";
	for (i = 0; s[i] && o + 1 < dlen; i++) {
		unsigned char c = (unsigned char)s[i];
		char tmp[8];
		size_t n;

		if (i == SCT_ESC_MAX) {
			snprintf(tmp, sizeof(tmp), "...");
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
		} else if (c == '\\') {
			snprintf(tmp, sizeof(tmp), "\\\\");
		} else {
			tmp[0] = (char)c;
			tmp[1] = '\0';
		}
		n = strlen(tmp);
		if (o + n >= dlen)
			break;
		memcpy(dst + o, tmp, n);
		o += n;
		if (i == SCT_ESC_MAX)
			break;
	}
	dst[o] = '\0';
	return dst;
}

/* Shared start: non-empty, no leading space (strto* would skip it). */
static int number_start(const char *s, char *err, size_t errlen)
{
	char e[SCT_ESC_BUF];

	if (!s || !*s)
		return sct_fail(err, errlen, -EINVAL, "empty value, a number expected");
	if (isspace((unsigned char)*s))
		return sct_fail(err, errlen, -EINVAL, "\"%s\": not a number",
				sct_esc(e, sizeof(e), s));
	return 0;
}

int sct_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out,
		  char *err, size_t errlen)
{
	char e[SCT_ESC_BUF], *end;
	unsigned long long v;
	int r = number_start(s, err, errlen);

	if (r)
		return r;
	/* strtoull accepts "-1" as ULLONG_MAX: a sign is never a valid unsigned. */
	if (*s == '-' || *s == '+')
		return sct_fail(err, errlen, -EINVAL, "\"%s\": not an unsigned integer",
				sct_esc(e, sizeof(e), s));
	errno = 0;
	v = strtoull(s, &end, 0);
	if (end == s || *end)
		return sct_fail(err, errlen, -EINVAL, "\"%s\": not an integer",
				sct_esc(e, sizeof(e), s));
	if (errno == ERANGE || v < min || v > max)
		return sct_fail(err, errlen, -ERANGE, "%s: out of range (%" PRIu64 " ... %" PRIu64 ")",
				sct_esc(e, sizeof(e), s), min, max);
	*out = v;
	return 0;
}

int sct_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out,
		  char *err, size_t errlen)
{
	char e[SCT_ESC_BUF], *end;
	long long v;
	int r = number_start(s, err, errlen);

	if (r)
		return r;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end)
		return sct_fail(err, errlen, -EINVAL, "\"%s\": not an integer",
				sct_esc(e, sizeof(e), s));
	if (errno == ERANGE || v < min || v > max)
		return sct_fail(err, errlen, -ERANGE, "%s: out of range (%" PRId64 " ... %" PRId64 ")",
				sct_esc(e, sizeof(e), s), min, max);
	*out = v;
	return 0;
}

int sct_parse_double(const char *s, double min, double max, double *out,
		     char *err, size_t errlen)
{
	char e[SCT_ESC_BUF], *end;
	double v;
	int r = number_start(s, err, errlen);

	if (r)
		return r;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end)
		return sct_fail(err, errlen, -EINVAL, "\"%s\": not a number",
				sct_esc(e, sizeof(e), s));
	/* ERANGE on underflow too: a denormal is as useless here as an overflow. */
	if (!isfinite(v) || errno == ERANGE || v < min || v > max)
		return sct_fail(err, errlen, -ERANGE, "%s: out of range (%g ... %g)",
				sct_esc(e, sizeof(e), s), min, max);
	*out = v;
	return 0;
}

int sct_read_file(const char *path, size_t max, char **buf, size_t *len,
		  char *err, size_t errlen)
{
	char e[SCT_ESC_BUF];
	struct stat sb;
	size_t got = 0, cap;
	int fd, fl, r;

	*buf = NULL;
	*len = 0;
	sct_esc(e, sizeof(e), path);
	/* O_NONBLOCK: opening a FIFO with no writer must not wait for one. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return sct_fail(err, errlen, -errno, "%s: %s", e, strerror(errno));
	if (fstat(fd, &sb)) {
		r = -errno;
		close(fd);
		return sct_fail(err, errlen, r, "%s: %s", e, strerror(-r));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return sct_fail(err, errlen, -EINVAL, "%s: not a regular file (%s)", e,
				S_ISDIR(sb.st_mode) ? "a directory" : S_ISFIFO(sb.st_mode) ? "a FIFO" :
				S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device" :
				S_ISSOCK(sb.st_mode) ? "a socket" : "not a file");
	}
	if ((uint64_t)sb.st_size > max) {
		close(fd);
		return sct_fail(err, errlen, -EFBIG, "%s: too large (%jd bytes, at most %zu)", e,
				(intmax_t)sb.st_size, max);
	}
	/* A regular file: plain blocking reads from here on. */
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	/* One byte more than stat said, to notice a file that grew past max. */
	cap = (size_t)sb.st_size + 1;
	*buf = malloc(cap + 1);
	if (!*buf) {
		close(fd);
		return sct_fail(err, errlen, -ENOMEM, "%s: out of memory", e);
	}
	for (;;) {
		ssize_t n = read(fd, *buf + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			free(*buf);
			*buf = NULL;
			close(fd);
			return sct_fail(err, errlen, r, "%s: read: %s", e, strerror(-r));
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got == cap) {
			free(*buf);
			*buf = NULL;
			close(fd);
			return sct_fail(err, errlen, -EFBIG, "%s: changed while being read", e);
		}
	}
	close(fd);
	(*buf)[got] = '\0';
	*len = got;
	return 0;
}

int sct_read_json(const char *path, size_t max, struct json_object **root,
		  char *err, size_t errlen)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	char e[SCT_ESC_BUF], *buf;
	size_t len, end;
	int r;

	*root = NULL;
	if (max > INT32_MAX)
		max = INT32_MAX;
	r = sct_read_file(path, max, &buf, &len, err, errlen);
	if (r)
		return r;
	sct_esc(e, sizeof(e), path);
	tok = json_tokener_new();
	if (!tok) {
		free(buf);
		return sct_fail(err, errlen, -ENOMEM, "%s: out of memory", e);
	}
	*root = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	while (end < len && isspace((unsigned char)buf[end]))
		end++;
	if (jerr != json_tokener_success || end < len || (!*root && !len)) {
		json_object_put(*root);
		*root = NULL;
		free(buf);
		return sct_fail(err, errlen, -EINVAL, "%s: not valid JSON (%s)", e,
				jerr == json_tokener_continue || !len ? "unexpected end of input" :
				jerr != json_tokener_success ? json_tokener_error_desc(jerr) :
				"trailing data");
	}
	free(buf);
	return 0;
}
