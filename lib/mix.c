// SPDX-License-Identifier: GPL-2.0-only
/*
 * mix.c - read a measured syscall mix and weight a rule set with it
 * (see mix.h).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "cli.h"
#include "mix.h"

void sct_mix_free(struct sct_mix *m)
{
	if (!m)
		return;
	free(m->e);
	free(m);
}

/* A decimal count: digits only, no sign, fits in 64 bits. */
static bool parse_count(const char *s, uint64_t *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return !*end && !errno;
}

/* Parse one non-comment line into e; false with why set. */
static bool parse_line(char *line, struct sct_mix_entry *e, const char **why)
{
	char *name, *calls, *errors, *extra, *save = NULL;

	name = strtok_r(line, " \t", &save);
	calls = strtok_r(NULL, " \t", &save);
	errors = strtok_r(NULL, " \t", &save);
	extra = strtok_r(NULL, " \t", &save);
	memset(e, 0, sizeof(*e));
	if (!calls || extra) {
		*why = "expected NAME CALLS [ERRORS]";
		return false;
	}
	if (strlen(name) >= sizeof(e->name)) {
		*why = "syscall name too long";
		return false;
	}
	if (!parse_count(calls, &e->calls) || (errors && !parse_count(errors, &e->errors))) {
		*why = "counts must be non-negative decimal integers";
		return false;
	}
	if (e->errors > e->calls) {
		*why = "more errors than calls";
		return false;
	}
	strcpy(e->name, name);
	return true;
}

#define SCT_MIX_MAX_BYTES (16u << 20)	/* a mix: one line per syscall, a few kB */

int sct_mix_load(const char *path, struct sct_mix **out, char *err, size_t errlen)
{
	struct sct_mix *m;
	char *line = NULL, *buf;
	size_t cap = 0, lineno = 0, alloc = 0, blen;
	ssize_t len;
	FILE *f;
	int r;

	*out = NULL;
	/* Read whole first: a FIFO or a device is refused, not waited on. */
	r = sct_read_file(path, SCT_MIX_MAX_BYTES, &buf, &blen, err, errlen);
	if (r)
		return r;
	f = fmemopen(buf, blen ? blen : 1, "r");
	m = calloc(1, sizeof(*m));
	if (!f || !m) {
		if (f)
			fclose(f);
		free(m);
		free(buf);
		return -ENOMEM;
	}
	while (blen && (len = getline(&line, &cap, f)) >= 0) {
		struct sct_mix_entry e;
		const char *why;
		char *p = line;

		lineno++;
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (!parse_line(p, &e, &why)) {
			snprintf(err, errlen, "%s:%zu: %s", path, lineno, why);
			r = -EINVAL;
			break;
		}
		if (sct_mix_calls(m, e.name)) {
			snprintf(err, errlen, "%s:%zu: %s listed twice", path, lineno, e.name);
			r = -EINVAL;
			break;
		}
		if (m->n == alloc) {
			size_t na = alloc ? 2 * alloc : 128;
			struct sct_mix_entry *ne = realloc(m->e, na * sizeof(*ne));

			if (!ne) {
				r = -ENOMEM;
				break;
			}
			m->e = ne;
			alloc = na;
		}
		m->e[m->n++] = e;
		if (UINT64_MAX - m->total < e.calls) {
			snprintf(err, errlen, "%s:%zu: total overflows", path, lineno);
			r = -EINVAL;
			break;
		}
		m->total += e.calls;
	}
	if (!r && ferror(f)) {
		r = -EIO;
		snprintf(err, errlen, "%s: read error", path);
	}
	free(line);
	fclose(f);
	free(buf);
	if (r) {
		sct_mix_free(m);
		return r;
	}
	*out = m;
	return 0;
}

uint64_t sct_mix_calls(const struct sct_mix *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].name, name))
			return m->e[i].calls;
	return 0;
}

void sct_mix_apply(const struct sct_mix *m, struct sct_ruleset *rs, struct sct_mix_applied *st)
{
	struct sct_mix_applied local;
	uint64_t landed = 0;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < m->n; i++) {
		int nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, m->e[i].name);

		if (nr < 0) {
			st->unknown++;
			continue;
		}
		if (!sct_ruleset_find(rs, (uint32_t)nr)) {
			st->not_in_ruleset++;
			continue;
		}
		sct_ruleset_set_weight(rs, (uint32_t)nr, m->total ? (double)m->e[i].calls / (double)m->total : 0);
		st->matched++;
		landed += m->e[i].calls;
	}
	st->share = m->total ? (double)landed / (double)m->total : 0;
}

/*
 * Calls per unit of time, shaped like strace -c of a busy network server,
 * by name: the numbers are the ruleset's arch's (libseccomp's tables). A
 * call the arch lacks counts as its stand-in there (asm-generic, e.g.
 * arm64, has no epoll_wait or poll: epoll_pwait, ppoll).
 */
static const struct { const char *name, *instead; double calls; } synthetic[] = {
	{ "futex", NULL, 3000 }, { "epoll_wait", "epoll_pwait", 1500 }, { "read", NULL, 1400 },
	{ "write", NULL, 1200 }, { "recvfrom", NULL, 900 }, { "sendto", NULL, 800 },
	{ "close", NULL, 600 }, { "newfstatat", NULL, 500 }, { "openat", NULL, 400 },
	{ "epoll_ctl", NULL, 400 }, { "mmap", NULL, 300 }, { "rt_sigprocmask", NULL, 300 },
	{ "munmap", NULL, 250 }, { "poll", "ppoll", 200 }, { "clock_gettime", NULL, 200 },
	{ "getpid", NULL, 150 }, { "nanosleep", NULL, 150 }, { "pread64", NULL, 150 },
	{ "writev", NULL, 150 }, { "madvise", NULL, 120 }, { "lseek", NULL, 100 },
	{ "sched_yield", NULL, 100 }, { "mprotect", NULL, 100 }, { "pwrite64", NULL, 100 },
	{ "fcntl", NULL, 100 }, { "brk", NULL, 80 }, { "statx", NULL, 80 }, { "ioctl", NULL, 60 },
	{ "rt_sigaction", NULL, 50 }, { "readv", NULL, 50 }, { "getrandom", NULL, 40 },
	{ "accept4", NULL, 40 }, { "socket", NULL, 30 }, { "connect", NULL, 30 },
	{ "getdents64", NULL, 30 }, { "clone", NULL, 10 }, { "clone3", NULL, 10 },
	{ "wait4", NULL, 10 }, { "execve", NULL, 2 },
};

int sct_mix_synthetic(struct sct_ruleset *rs)
{
	for (size_t i = 0; i < sizeof(synthetic) / sizeof(synthetic[0]); i++) {
		const char *name = synthetic[i].name;
		int nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, name);

		if (nr < 0 && synthetic[i].instead) {
			name = synthetic[i].instead;
			nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, name);
		}
		if (nr < 0)
			continue;	/* not a call of this arch */
		if (!sct_ruleset_find(rs, (uint32_t)nr)) {
			int ret = sct_ruleset_add_action(rs, (uint32_t)nr, name, rs->default_action);

			if (ret)
				return ret;
		}
		sct_ruleset_set_weight(rs, (uint32_t)nr, synthetic[i].calls);
	}
	return 0;
}

int sct_mix_weigh(struct sct_ruleset *rs, const struct sct_mix *m, struct sct_mix_applied *st)
{
	for (size_t i = 0; i < m->n; i++) {
		/* libseccomp's arch tokens are the AUDIT_ARCH_* values */
		int nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, m->e[i].name);

		if (nr >= 0 && !sct_ruleset_find(rs, (uint32_t)nr) &&
		    sct_ruleset_add_action(rs, (uint32_t)nr, m->e[i].name, rs->default_action))
			return -ENOMEM;
	}
	sct_mix_apply(m, rs, st);
	return 0;
}
