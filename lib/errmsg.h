/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * errmsg.h - the library's one way to report an error: a message into the
 * caller's buffer and a return value, so that every function that fails
 * can end with `return sct_fail(err, len, -EINVAL, "...", ...)`.
 */
#ifndef SCT_ERRMSG_H
#define SCT_ERRMSG_H

#include <stddef.h>

/* Format the message into err (when err and len are set) and return ret. */
int sct_fail(char *err, size_t len, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
