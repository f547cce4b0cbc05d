/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli.h - what every program does with untrusted command-line values and
 * input files: strict numbers (whole string, full range, min/max), files
 * opened so that a FIFO or a device cannot block or feed them forever, and
 * messages that cannot carry control characters to a terminal.
 * Every function returns 0 or a negative errno and, on failure, one line
 * in err (without the program's name; the caller prefixes it).
 */
#ifndef SCT_CLI_H
#define SCT_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Decimal (or 0x hex) unsigned integer in [min, max]; no sign, no trailing bytes. */
int sct_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out,
		  char *err, size_t errlen);
/* Decimal signed integer in [min, max]. */
int sct_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out,
		  char *err, size_t errlen);
/* Finite number in [min, max] (inf and nan are refused). */
int sct_parse_double(const char *s, double min, double max, double *out,
		     char *err, size_t errlen);

/*
 * The regular file at path, at most max bytes, into a malloc'd buffer with
 * a NUL after its *len bytes. Opened O_NONBLOCK and checked with fstat
 * before any read, so FIFOs, devices and directories are refused at once.
 */
int sct_read_file(const char *path, size_t max, char **buf, size_t *len,
		  char *err, size_t errlen);

/*
 * A JSON file read with sct_read_file and parsed strictly (one value, no
 * trailing data); *root is the caller's. err names path.
 */
struct json_object;
int sct_read_json(const char *path, size_t max, struct json_object **root,
		  char *err, size_t errlen);

/*
 * s copied into dst (always NUL-terminated) with control bytes, DEL and
 * backslash as \xNN / \\, cut at dlen - 1 bytes; returns dst, for use
 * straight in a printf argument. At most SCT_ESC_MAX bytes of s are shown.
 */
#define SCT_ESC_MAX	1000
const char *sct_esc(char *dst, size_t dlen, const char *s);

/* Room for sct_esc of SCT_ESC_MAX bytes, escaped, plus "...". */
#define SCT_ESC_BUF	(4 * SCT_ESC_MAX + 4)

#endif
