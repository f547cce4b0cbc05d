// SPDX-License-Identifier: GPL-2.0-only
/* errmsg.c - see errmsg.h. */
#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"

int sct_fail(char *err, size_t len, int ret, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return ret;
}
