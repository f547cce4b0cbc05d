/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * install.h - entering seccomp: seccomp(2) and prctl(2) wrappers.
 * Every function returns >= 0 on success and a negative errno on failure,
 * so a test can compare the result with the error it expects.
 */
#ifndef SCT_INSTALL_H
#define SCT_INSTALL_H

#include <stdbool.h>
#include "filter.h"

/* seccomp(op, flags, args): the raw result, or -errno. */
long sct_seccomp(unsigned int op, unsigned long flags, const void *args);

/* prctl(PR_SET_NO_NEW_PRIVS, 1): 0 or -errno. */
int sct_set_nnp(void);
/* prctl(PR_GET_NO_NEW_PRIVS): 0, 1, or -errno. */
int sct_get_nnp(void);

/* seccomp(SET_MODE_FILTER, flags, prog): 0, a listener fd, a TSYNC
 * thread id, or -errno. Does not set no_new_privs. */
long sct_install(const struct sock_fprog *prog, unsigned long flags);
/* prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog): 0 or -errno. */
int sct_install_prctl(const struct sock_fprog *prog);

/* Build f, set no_new_privs and install it: the common case in one call.
 * Returns what sct_install returns, -EINVAL when f does not build. */
long sct_install_filter(struct sct_filter *f, unsigned long flags);

/* Entry points a test can run the same table through. */
enum sct_entry { SCT_ENTRY_SECCOMP, SCT_ENTRY_PRCTL };
long sct_install_via(enum sct_entry entry, const struct sock_fprog *prog, unsigned long flags);
const char *sct_entry_name(enum sct_entry entry);

/* Name of an action (ignoring data): "ERRNO", "KILL_PROCESS", ... or "unknown". */
const char *sct_action_name(uint32_t action);

#endif
