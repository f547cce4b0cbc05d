// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_report.c - what seccomp-profile trace prints and writes (trace.h):
 * the per-arch call tables, the denials and deaths, and the allow-list
 * profile a trace implies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "profile.h"
#include "trace.h"

/*
 * What an OCI runtime calls after it installed the filter, up to and
 * including the process's execve, so the profile must allow them too:
 *  crun (src/libcrun/container.c container_init_setup, linux.c
 *    set_required_caps): without noNewPrivileges the filter goes in before
 *    the capabilities and ids are set (prctl PR_CAPBSET_DROP/KEEPCAPS/
 *    CAP_AMBIENT, setresgid, setresuid, capset), then the executable lookup
 *    (newfstatat/stat, access), chdir, rt_sigprocmask, the sync socket and
 *    exec fifo (write, read, select/pselect6, close); both paths close the
 *    fds (close_range, or openat+fstatfs+getdents64+close of /proc/self/fd),
 *    optionally lseek after hooks, then execve.
 *  runc (libcontainer/standard_init_linux.go, init_linux.go
 *    finalizeNamespace): without noNewPrivileges the same caps and ids
 *    (capget, capset, prctl, setgroups, setresgid/setgid, setresuid/setuid,
 *    getuid, getgid), fcntl of /proc/self/fd, chdir and getcwd (verifyCwd,
 *    CVE-2024-21626), getppid, LookPath and
 *    eaccess (newfstatat, faccessat2), then personality, close of the sync
 *    pipes, openat+write+close of the exec fifo, close_range, execve
 *    (execveat for runc-dmz); and the Go runtime under all of it: futex,
 *    nanosleep, sched_yield, signals (rt_sigaction, rt_sigprocmask,
 *    rt_sigreturn, sigaltstack, tgkill, getpid, gettid), memory (mmap,
 *    munmap, madvise) and the netpoller (epoll_ctl, epoll_pwait).
 * Names an arch lacks are skipped by runtimes (and by lib/profile).
 */
const char *const sct_trace_runtime_syscalls[] = {
	"access", "capget", "capset", "chdir", "close", "close_range", "epoll_ctl",
	"epoll_pwait", "execve", "execveat", "exit", "exit_group", "faccessat", "faccessat2",
	"fchdir", "fcntl", "fstat", "fstatfs", "futex", "getcwd", "getdents64", "getgid", "getpid",
	"getppid", "gettid", "getuid", "lseek", "madvise", "mmap", "munmap", "nanosleep",
	"newfstatat", "openat", "personality", "prctl", "pselect6", "read", "rt_sigaction",
	"rt_sigprocmask", "rt_sigreturn", "sched_yield", "select", "setgid", "setgroups",
	"setresgid", "setresuid", "setuid", "sigaltstack", "stat", "tgkill", "write", NULL
};

/* ---- the report --------------------------------------------------------- */

static int by_count(const void *a, const void *b)
{
	const struct sct_trace_count *x = *(const struct sct_trace_count *const *)a;
	const struct sct_trace_count *y = *(const struct sct_trace_count *const *)b;

	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "ERRNO(1) EPERM (Operation not permitted)", "KILL_PROCESS", ... */
static void write_action(FILE *out, uint32_t action)
{
	uint32_t full = action & SECCOMP_RET_ACTION_FULL, data = action & SECCOMP_RET_DATA;
	char a[32];

	fputs(sct_profile_action_str(action, a, sizeof(a)), out);
	if (full == SECCOMP_RET_ERRNO && data && strerrorname_np((int)data))
		fprintf(out, " %s (%s)", strerrorname_np((int)data), strerror((int)data));
	else if (full == SECCOMP_RET_TRACE || full == SECCOMP_RET_USER_NOTIF)
		fputs(" (ENOSYS: no seccomp tracer or listener)", out);
}

void sct_trace_report(FILE *out, const struct sct_trace_result *res, const char *cmd,
		      const char *profile, bool audit)
{
	const struct sct_trace_count **sorted;
	uint64_t total = 0, denied = 0;
	size_t narch = 0;
	char an[24], sn[48];

	fprintf(out, "trace: %s\n", cmd);
	fprintf(out, "pid %d: ", res->pid);
	if (WIFSIGNALED(res->status))
		fprintf(out, "killed by SIG%s", sigabbrev_np(WTERMSIG(res->status)) ?
			sigabbrev_np(WTERMSIG(res->status)) : "?");
	else
		fprintf(out, "exit status %d", WEXITSTATUS(res->status));
	fprintf(out, "; %zu %s, %zu %s traced\n", res->processes,
		plural(res->processes, "process", "processes"), res->threads,
		plural(res->threads, "thread", "threads"));
	if (profile)
		fprintf(out, "profile: %s, %s\n", profile,
			audit ? "audit (every call ran)" : "enforced");
	sorted = malloc((res->ncounts + 1) * sizeof(*sorted));
	if (!sorted) {
		fputs("out of memory\n", out);
		return;
	}
	for (size_t i = 0; i < res->ncounts; i++)
		sorted[i] = &res->counts[i];
	qsort(sorted, res->ncounts, sizeof(*sorted), by_count);
	/* arches in order of first appearance in res->counts (the trace's order) */
	for (size_t i = 0; i < res->ncounts; i++) {
		const struct sct_trace_count *first = &res->counts[i];
		uint64_t calls = 0, nsys = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = res->counts[j].arch == first->arch && res->counts[j].x32 == first->x32;
		if (seen)
			continue;
		narch++;
		for (size_t j = 0; j < res->ncounts; j++)
			if (sorted[j]->arch == first->arch && sorted[j]->x32 == first->x32) {
				calls += sorted[j]->calls;
				nsys++;
			}
		fprintf(out, "\n%s: %llu %s of %llu %s\n",
			sct_trace_arch_name(first->arch, first->x32, an, sizeof(an)),
			(unsigned long long)calls, plural(calls, "call", "calls"),
			(unsigned long long)nsys, plural(nsys, "syscall", "syscalls"));
		fprintf(out, "%10s  %-24s %10s%s\n", "COUNT", "SYSCALL", "NR", profile ? "  DENIED" : "");
		for (size_t j = 0; j < res->ncounts; j++) {
			const struct sct_trace_count *c = sorted[j];

			if (c->arch != first->arch || c->x32 != first->x32)
				continue;
			fprintf(out, "%10llu  %-24s %10d", (unsigned long long)c->calls,
				sct_trace_syscall_name(c->arch, c->nr, sn, sizeof(sn)), c->nr);
			if (profile)
				fprintf(out, "  %6llu", (unsigned long long)c->denied);
			fputc('\n', out);
		}
		total += calls;
	}
	free(sorted);
	for (size_t i = 0; i < res->ndenials; i++)
		denied += res->denials[i].calls;
	fprintf(out, "\ntotal: %llu %s of %zu %s in %zu %s\n", (unsigned long long)total,
		plural(total, "call", "calls"), res->ncounts,
		plural(res->ncounts, "syscall", "syscalls"), narch, plural(narch, "arch", "arches"));
	if (profile)
		fprintf(out, "denied: %llu %s%s\n", (unsigned long long)denied,
			plural(denied, "call", "calls"), res->ndenials ? ":" : "");
	for (size_t i = 0; i < res->ndenials; i++) {
		const struct sct_trace_denial *d = &res->denials[i];

		fprintf(out, "  %s %s (%d): ", sct_trace_arch_name(d->arch, d->x32, an, sizeof(an)),
			sct_trace_syscall_name(d->arch, d->nr, sn, sizeof(sn)), d->nr);
		write_action(out, d->action);
		fprintf(out, " by %s; %llu %s, first pid %d (", d->rule,
			(unsigned long long)d->calls, plural(d->calls, "call", "calls"), d->first_pid);
		for (int a = 0; a < 6; a++)
			fprintf(out, "%s%#llx", a ? ", " : "", (unsigned long long)d->first_args[a]);
		fputs(")\n", out);
	}
	for (size_t i = 0; i < res->ndeaths; i++) {
		const struct sct_trace_death *d = &res->deaths[i];
		const char *abbrev = sigabbrev_np(d->sig);

		fprintf(out, "killed: pid %d by SIG%s (signal %d%s)%s%s\n", d->pid,
			abbrev ? abbrev : "?", d->sig, d->core ? ", core dumped" : "",
			d->by ? ": the profile's " : "", d->by ? d->by : "");
	}
	fprintf(out, "exit status: %d\n", res->exit_code);
}

/* ---- the generated profile --------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* s as a JSON string */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_names(FILE *out, char **names, size_t n)
{
	fputs("\t\t\t\"names\": [\n", out);
	for (size_t i = 0; i < n; i++) {
		fputs("\t\t\t\t", out);
		json_str(out, names[i]);
		fputs(i + 1 < n ? ",\n" : "\n", out);
	}
	fputs("\t\t\t],\n", out);
}

int sct_trace_write_profile(FILE *out, const struct sct_trace_result *res, const char *cmd)
{
	const struct sct_arch *native = sct_arch_native();
	const char *subs[8];
	size_t nsubs = 0, nseen = 0, nextra = 0;
	char **seen = calloc(res->ncounts + 1, sizeof(*seen));
	const char **extra = calloc(sizeof(sct_trace_runtime_syscalls) / sizeof(char *), sizeof(*extra));
	char sn[48];
	int r = 0;

	if (!seen || !extra) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < res->ncounts; i++) {
		const struct sct_trace_count *c = &res->counts[i];
		const char *scmp = sct_trace_arch_scmp(c->arch, c->x32);
		bool dup = false;

		if (scmp && (c->arch != native->audit_arch || c->x32)) {
			for (size_t s = 0; s < nsubs; s++)
				dup |= !strcmp(subs[s], scmp);
			if (!dup && nsubs < sizeof(subs) / sizeof(subs[0]))
				subs[nsubs++] = scmp;
		}
		/* a number without a name (syscall(-1)) cannot be listed */
		if (!strcmp(sct_trace_syscall_name(c->arch, c->nr, sn, sizeof(sn)), "") ||
		    (sn[0] == '-' || (sn[0] >= '0' && sn[0] <= '9')))
			continue;
		dup = false;
		for (size_t s = 0; s < nseen && !dup; s++)
			dup = !strcmp(seen[s], sn);
		if (!dup && !(seen[nseen++] = strdup(sn))) {
			r = -ENOMEM;
			goto out;
		}
	}
	qsort(seen, nseen, sizeof(*seen), by_name);
	qsort(subs, nsubs, sizeof(*subs), by_name);
	for (const char *const *n = sct_trace_runtime_syscalls; *n; n++) {
		bool dup = false;

		for (size_t s = 0; s < nseen && !dup; s++)
			dup = !strcmp(seen[s], *n);
		if (!dup)
			extra[nextra++] = *n;
	}
	fputs("{\n\t\"comment\": ", out);
	{
		char head[4200];

		snprintf(head, sizeof(head), "generated by seccomp-profile trace from: %s", cmd);
		json_str(out, head);
	}
	fputs(",\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n\t\"defaultErrnoRet\": 1,\n", out);
	fprintf(out, "\t\"archMap\": [\n\t\t{\n\t\t\t\"architecture\": \"%s\",\n\t\t\t\"subArchitectures\": [",
		sct_trace_arch_scmp(native->audit_arch, false));
	for (size_t s = 0; s < nsubs; s++)
		fprintf(out, "%s\n\t\t\t\t\"%s\"", s ? "," : "", subs[s]);
	fputs(nsubs ? "\n\t\t\t]\n\t\t}\n\t],\n" : "]\n\t\t}\n\t],\n", out);
	fputs("\t\"syscalls\": [\n\t\t{\n\t\t\t\"comment\": \"every syscall the traced workload made\",\n", out);
	json_names(out, seen, nseen);
	fputs("\t\t\t\"action\": \"SCMP_ACT_ALLOW\"\n\t\t}", out);
	if (nextra) {
		fputs(",\n\t\t{\n\t\t\t\"comment\": \"what crun and runc call after installing the filter, "
		      "up to the process's execve (seccomp-profile trace --help)\",\n", out);
		json_names(out, (char **)extra, nextra);
		fputs("\t\t\t\"action\": \"SCMP_ACT_ALLOW\"\n\t\t}", out);
	}
	fputs("\n\t]\n}\n", out);
	if (ferror(out))
		r = -EIO;
out:
	for (size_t i = 0; seen && i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(extra);
	return r;
}
