// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - the tracer behind seccomp-profile trace (see trace.h).
 *
 * Design: CMD is forked with PTRACE_TRACEME and stops itself before execve,
 * so the first call recorded is CMD's own execve. Options TRACESYSGOOD
 * (syscall stops tell themselves apart), TRACEFORK/VFORK/CLONE (every new
 * process and thread is traced from its first instruction), TRACEEXEC (an
 * exec from a non-leader thread takes over the leader's pid) and EXITKILL
 * (if the tracer dies, the workload dies with it instead of running on
 * untraced). One waitpid(-1, __WALL) loop serves all tracees; each
 * syscall-entry stop is read with PTRACE_GET_SYSCALL_INFO, which names the
 * arch the call came in with (a 32-bit binary, int $0x80 from a 64-bit one,
 * x32 by its number bit) and its arguments.
 *
 * Enforcing a profile, each call gets what the kernel would do:
 *  ERRNO(e)       the number becomes -1 (the call is skipped) and the
 *                 result -e, written again at the exit stop;
 *  TRACE, USER_NOTIF  ENOSYS, the kernel's answer with no seccomp tracer
 *                 or listener attached;
 *  TRAP           skipped, then a SIGSYS whose siginfo (PTRACE_SETSIGINFO
 *                 at its delivery stop) is seccomp's: SYS_SECCOMP, the
 *                 call address, number, arch and the action's data; a
 *                 workload that blocks or ignores SIGSYS is killed, as
 *                 the kernel's forced signal would kill it;
 *  KILL_THREAD    with other threads alive the thread's call becomes exit;
 *  KILL_PROCESS   (and KILL_THREAD of the last thread) skipped, then
 *                 SIGSYS, which kills with a core dump as the kernel does;
 *                 SIGKILL instead when the workload catches, blocks or
 *                 ignores SIGSYS (ptrace cannot force a default action).
 * The registers are not rolled back as seccomp does for TRAP and KILL; a
 * SIGSYS handler sees the skipped call's -ENOSYS in the result register.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <seccomp.h>

#include "arch.h"
#include "errmsg.h"
#include "profile.h"
#include "trace.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

/* One traced thread. */
struct tracee {
	pid_t tid, tgid;
	bool started;		/* its first stop (the attach SIGSTOP) was seen */
	bool deny;		/* the call in progress was denied */
	uint32_t action;
	bool trap_pending;	/* a TRAP's SIGSYS is on its way */
	const char *killed_by;	/* leader: the profile action that killed the process */
	int32_t trap_nr;
	uint32_t trap_arch;
	uint64_t trap_ip;
};

struct tracer {
	const struct sct_trace_opts *o;
	struct sct_trace_result *res;
	struct tracee *t;
	size_t nt, capt, capc, capd;
	size_t last_count;	/* cache: most calls repeat the last syscall */
	bool oom;
};

static void *grow(void *p, size_t n, size_t *cap, size_t size)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *q;

	if (n < *cap)
		return p;
	q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

/* The Tgid: or Threads: line of /proc/PID/status, or -1. */
static long proc_status_field(pid_t pid, const char *field)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, flen) && line[flen] == ':') {
			v = strtol(line + flen + 1, NULL, 0);
			break;
		}
	fclose(f);
	return v;
}

/* Does thread pid block or ignore SIGSYS (SigBlk, SigIgn), or also catch
 * it (with_caught: SigCgt)? Then it would not die of a SIGSYS we send. */
static bool sigsys_handled(pid_t pid, bool with_caught)
{
	static const char *const fields[] = { "SigBlk", "SigIgn", "SigCgt" };
	char path[64], line[256];
	unsigned long long bit = 1ULL << (SIGSYS - 1);
	bool handled = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f))
		for (size_t i = 0; i < (with_caught ? 3U : 2U); i++)
			if (!strncmp(line, fields[i], 6) && line[6] == ':' &&
			    strtoull(line + 7, NULL, 16) & bit)
				handled = true;
	fclose(f);
	return handled;
}

static struct tracee *find(struct tracer *tr, pid_t tid)
{
	for (size_t i = 0; i < tr->nt; i++)
		if (tr->t[i].tid == tid)
			return &tr->t[i];
	return NULL;
}

static struct tracee *add(struct tracer *tr, pid_t tid)
{
	struct tracee *t = find(tr, tid), *n;
	long tgid;

	if (t)
		return t;
	n = grow(tr->t, tr->nt, &tr->capt, sizeof(*n));
	if (!n) {
		tr->oom = true;
		return NULL;
	}
	tr->t = n;
	t = &tr->t[tr->nt++];
	tgid = proc_status_field(tid, "Tgid");
	*t = (struct tracee){ .tid = tid, .tgid = tgid > 0 ? (pid_t)tgid : tid };
	tr->res->threads++;
	if (t->tgid == tid)
		tr->res->processes++;
	return t;
}

static void drop(struct tracer *tr, pid_t tid)
{
	struct tracee *t = find(tr, tid);

	if (t)
		*t = tr->t[--tr->nt];
}

static bool is_x32(uint32_t arch, int32_t nr)
{
	const struct sct_arch *a = sct_arch_native();

	return arch == a->audit_arch && a->x32_bit && nr != -1 && ((uint32_t)nr & a->x32_bit);
}

static void count(struct tracer *tr, uint32_t arch, int32_t nr, bool denied)
{
	struct sct_trace_result *r = tr->res;
	struct sct_trace_count *c = NULL, *n;

	if (tr->last_count < r->ncounts && r->counts[tr->last_count].arch == arch &&
	    r->counts[tr->last_count].nr == nr)
		c = &r->counts[tr->last_count];
	for (size_t i = 0; !c && i < r->ncounts; i++)
		if (r->counts[i].arch == arch && r->counts[i].nr == nr) {
			c = &r->counts[i];
			tr->last_count = i;
		}
	if (!c) {
		n = grow(r->counts, r->ncounts, &tr->capc, sizeof(*n));
		if (!n) {
			tr->oom = true;
			return;
		}
		r->counts = n;
		c = &r->counts[r->ncounts];
		tr->last_count = r->ncounts++;
		*c = (struct sct_trace_count){ .arch = arch, .nr = nr, .x32 = is_x32(arch, nr) };
	}
	c->calls++;
	c->denied += denied;
}

/* Where the decision came from, as a path in the profile. */
static void rule_path(const struct sct_ruleset *rs, const struct seccomp_data *sd,
		      uint32_t action, long rule, char *buf, size_t len)
{
	const struct sct_ruleset *block = sct_ruleset_arch(rs, sd->arch);
	const struct sct_syscall *s;

	if (!block || sct_ruleset_x32_is_bad_arch(block, (uint32_t)sd->nr)) {
		/* an arch (or x32) the program does not filter */
		snprintf(buf, len, "architectures");
	} else if (rule >= 0 && (s = sct_ruleset_find(block, (uint32_t)sd->nr)) &&
		   (size_t)rule < s->nrules) {
		sct_profile_rule_path(s, (size_t)rule, buf, len);
		if (!*buf)
			snprintf(buf, len, "rule %ld", rule);
	} else if (action == SCT_STUB_ACTION && sct_ruleset_stub_enosys(block, (uint32_t)sd->nr)) {
		snprintf(buf, len, "runc's ENOSYS stub");
	} else {
		snprintf(buf, len, "defaultAction");
	}
}

static void note_denial(struct tracer *tr, pid_t tid, const struct seccomp_data *sd,
			uint32_t action, const char *rule)
{
	struct sct_trace_result *r = tr->res;
	struct sct_trace_denial *d;

	for (size_t i = 0; i < r->ndenials; i++) {
		d = &r->denials[i];
		if (d->arch == sd->arch && d->nr == sd->nr && d->action == action &&
		    !strcmp(d->rule, rule)) {
			d->calls++;
			return;
		}
	}
	d = grow(r->denials, r->ndenials, &tr->capd, sizeof(*d));
	if (!d) {
		tr->oom = true;
		return;
	}
	r->denials = d;
	d = &r->denials[r->ndenials++];
	*d = (struct sct_trace_denial){ .arch = sd->arch, .nr = sd->nr, .action = action,
					.calls = 1, .first_pid = tid,
					.x32 = is_x32(sd->arch, sd->nr) };
	snprintf(d->rule, sizeof(d->rule), "%s", rule);
	for (int i = 0; i < 6; i++)
		d->first_args[i] = sd->args[i];
	if (tr->o->log) {
		char a[32], an[24], sn[48];

		fprintf(tr->o->log, "%s: pid %d: %s %s denied: %s by %s%s\n", tr->o->prog, tid,
			sct_trace_arch_name(sd->arch, d->x32, an, sizeof(an)),
			sct_trace_syscall_name(sd->arch, sd->nr, sn, sizeof(sn)),
			sct_profile_action_str(action, a, sizeof(a)), rule,
			tr->o->audit ? " (audit: it runs)" : "");
		fflush(tr->o->log);
	}
}

static void note_death(struct tracer *tr, pid_t pid, int sig, bool core, const char *by)
{
	struct sct_trace_result *r = tr->res;
	struct sct_trace_death *d = realloc(r->deaths, (r->ndeaths + 1) * sizeof(*d));

	if (!d) {
		tr->oom = true;
		return;
	}
	r->deaths = d;
	r->deaths[r->ndeaths++] = (struct sct_trace_death){ pid, sig, core, by };
	if (tr->o->log) {
		const char *abbrev = sigabbrev_np(sig);

		fprintf(tr->o->log, "%s: pid %d killed by SIG%s (signal %d%s)%s%s\n", tr->o->prog,
			pid, abbrev ? abbrev : "?", sig, core ? ", core dumped" : "",
			by ? ": the profile's " : "", by ? by : "");
		fflush(tr->o->log);
	}
}

/* Skip the call at its entry stop; a skipped call returns ret. */
static void skip_call(pid_t tid, long ret)
{
	struct sct_arch_sysregs regs;

	if (sct_arch_get_sysregs(tid, &regs))
		return;
	regs.nr = -1;
	regs.ret = ret;
	sct_arch_set_sysregs(tid, &regs);
}

/* Kill the process as KILL_PROCESS does: SIGSYS unless it would survive it. */
static void kill_process(struct tracer *tr, struct tracee *t, const char *by)
{
	bool handled = sigsys_handled(t->tid, true);
	struct tracee *leader = find(tr, t->tgid);

	if (leader)
		leader->killed_by = by;

	if (handled)
		kill(t->tgid, SIGKILL);
	else
		tgkill(t->tgid, t->tid, SIGSYS);
	/* the wait status says SIGKILL in the first case: record the cause */
	if (handled && tr->o->log)
		fprintf(tr->o->log, "%s: pid %d: %s, SIGSYS handled by the workload: SIGKILL\n",
			tr->o->prog, t->tgid, by);
}

/* The profile's answer at the entry stop. */
static void enforce_entry(struct tracer *tr, struct tracee *t, const struct seccomp_data *sd,
			  uint32_t action, uint64_t ip)
{
	uint32_t full = action & SECCOMP_RET_ACTION_FULL;

	t->deny = true;
	t->action = action;
	switch (full) {
	case SECCOMP_RET_ERRNO:
		skip_call(t->tid, -(long)(action & SECCOMP_RET_DATA));
		break;
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		t->action = SECCOMP_RET_ERRNO | ENOSYS;
		skip_call(t->tid, -ENOSYS);
		break;
	case SECCOMP_RET_TRAP:
		skip_call(t->tid, -ENOSYS);
		/* the kernel forces TRAP's SIGSYS: blocked or ignored, it kills */
		if (sigsys_handled(t->tid, false)) {
			kill_process(tr, t, "TRAP");
			break;
		}
		t->trap_pending = true;
		t->trap_nr = sd->nr;
		t->trap_arch = sd->arch;
		t->trap_ip = ip;
		if (find(tr, t->tgid))
			find(tr, t->tgid)->killed_by = "TRAP";	/* if SIGSYS is not handled */
		tgkill(t->tgid, t->tid, SIGSYS);
		break;
	case SECCOMP_RET_KILL_THREAD:
		if (proc_status_field(t->tgid, "Threads") > 1) {
			struct sct_arch_sysregs regs;
			int nr = seccomp_syscall_resolve_name_arch(sd->arch, "exit");

			/* the thread alone goes, as do_exit(SIGSYS) */
			if (nr >= 0 && !sct_arch_get_sysregs(t->tid, &regs)) {
				regs.nr = nr;
				regs.args[0] = 128 + SIGSYS;
				sct_arch_set_sysregs(t->tid, &regs);
				t->deny = false;
				if (tr->o->log)
					fprintf(tr->o->log, "%s: thread %d of pid %d killed: the profile's KILL_THREAD\n",
						tr->o->prog, t->tid, t->tgid);
				break;
			}
		}
		skip_call(t->tid, -ENOSYS);
		kill_process(tr, t, "KILL_THREAD");
		break;
	default:
		skip_call(t->tid, -ENOSYS);
		kill_process(tr, t, "KILL_PROCESS");
		break;
	}
}

static void on_syscall(struct tracer *tr, struct tracee *t)
{
	struct __ptrace_syscall_info info;
	const struct sct_ruleset *rs = tr->o->rs;

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) <= 0)
		return;
	if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
		if (t->deny && (t->action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) {
			struct sct_arch_sysregs regs;

			if (!sct_arch_get_sysregs(t->tid, &regs)) {
				regs.ret = -(long)(t->action & SECCOMP_RET_DATA);
				sct_arch_set_sysregs(t->tid, &regs);
			}
		}
		t->deny = false;
		return;
	}
	if (info.op != PTRACE_SYSCALL_INFO_ENTRY)
		return;
	t->deny = false;
	if (!rs) {
		count(tr, info.arch, (int32_t)info.entry.nr, false);
		return;
	}
	struct seccomp_data sd = {
		.nr = (int)info.entry.nr, .arch = info.arch,
		.instruction_pointer = info.instruction_pointer,
	};
	long rule = -1;
	uint32_t action, full;
	char path[48];

	for (int i = 0; i < 6; i++)
		sd.args[i] = info.entry.args[i];
	action = sct_ruleset_eval_rule(rs, &sd, &rule);
	full = action & SECCOMP_RET_ACTION_FULL;
	if (full == SECCOMP_RET_ALLOW || full == SECCOMP_RET_LOG) {
		count(tr, info.arch, sd.nr, false);
		return;
	}
	count(tr, info.arch, sd.nr, true);
	rule_path(rs, &sd, action, rule, path, sizeof(path));
	note_denial(tr, t->tid, &sd, action, path);
	if (!tr->o->audit)
		enforce_entry(tr, t, &sd, action, info.instruction_pointer);
}

/* A signal-delivery stop (or a group-stop) of t: pass the signal on. */
static int on_signal(struct tracer *tr, struct tracee *t, int sig)
{
	siginfo_t si;

	if (ptrace(PTRACE_GETSIGINFO, t->tid, NULL, &si))
		return 0;	/* group-stop: traced with TRACEME, resuming it is all we can do */
	if (sig == SIGSYS && t->trap_pending) {
		t->trap_pending = false;
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGSYS;
		si.si_code = SYS_SECCOMP;
		si.si_errno = (int)(t->action & SECCOMP_RET_DATA);
		si.si_call_addr = (void *)(uintptr_t)t->trap_ip;
		si.si_syscall = t->trap_nr;
		si.si_arch = t->trap_arch;
		ptrace(PTRACE_SETSIGINFO, t->tid, NULL, &si);
	}
	(void)tr;
	return sig;
}

static const int core_signals[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
				    SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS };

static bool dumps_core(int sig)
{
	for (size_t i = 0; i < sizeof(core_signals) / sizeof(core_signals[0]); i++)
		if (core_signals[i] == sig)
			return true;
	return false;
}

static void on_exit_status(struct tracer *tr, pid_t pid, int status)
{
	struct tracee *t = find(tr, pid);
	bool leader = !t || t->tgid == pid;

	if (pid == tr->res->pid)
		tr->res->status = status;
	if (WIFSIGNALED(status) && leader)
		note_death(tr, pid, WTERMSIG(status), WCOREDUMP(status),
			   t && (WTERMSIG(status) == SIGSYS || WTERMSIG(status) == SIGKILL) ?
			   t->killed_by : NULL);
	drop(tr, pid);
}

/* Resume t from a stop, delivering sig. */
static void resume(pid_t tid, int sig)
{
	ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)sig);
}

static int trace_loop(struct tracer *tr)
{
	int status;
	pid_t pid;

	for (;;) {
		struct tracee *t;
		int sig, event;

		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				return 0;
			return -errno;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			on_exit_status(tr, pid, status);
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		sig = WSTOPSIG(status);
		event = status >> 16;
		t = add(tr, pid);
		if (!t) {
			resume(pid, 0);
			continue;
		}
		if (sig == (SIGTRAP | 0x80)) {
			t->started = true;
			on_syscall(tr, t);
			resume(pid, 0);
		} else if (sig == SIGTRAP && event) {
			unsigned long msg = 0;

			t->started = true;
			ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
			if (event == PTRACE_EVENT_EXEC && (pid_t)msg != pid)
				drop(tr, (pid_t)msg);	/* that tid is now pid */
			else if (event != PTRACE_EVENT_EXEC)
				add(tr, (pid_t)msg);
			resume(pid, 0);
		} else if (sig == SIGSTOP && !t->started) {
			t->started = true;	/* the stop every new tracee starts with */
			resume(pid, 0);
		} else {
			t->started = true;
			resume(pid, on_signal(tr, t, sig));
		}
	}
}

/* path as execv would find it: a name without '/' is searched in PATH. */
static int find_cmd(const char *cmd, char *buf, size_t len)
{
	const char *p = getenv("PATH");
	int saw_eacces = 0;

	if (strchr(cmd, '/')) {
		snprintf(buf, len, "%s", cmd);
		return access(buf, X_OK) ? -errno : 0;
	}
	for (p = p ? p : "/usr/local/bin:/usr/bin:/bin"; ; p++) {
		const char *e = strchrnul(p, ':');

		snprintf(buf, len, "%.*s%s%s", (int)(e - p), p, e == p ? "" : "/", cmd);
		if (!access(buf, X_OK))
			return 0;
		saw_eacces |= errno == EACCES;
		if (!*e)
			break;
		p = e;
	}
	return saw_eacces ? -EACCES : -ENOENT;
}

int sct_trace_run(const char *cmd, char *const argv[], const struct sct_trace_opts *o,
		  struct sct_trace_result *res, char *err, size_t errlen)
{
	struct tracer tr = { .o = o, .res = res };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	char path[4096];
	int pipefd[2], status, r, child_errno = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	r = find_cmd(cmd, path, sizeof(path));
	if (r) {
		res->exit_code = r == -ENOENT ? 127 : 126;
		return sct_fail(err, errlen, 0, "%s: %s", cmd,
				r == -ENOENT ? "command not found" : strerror(-r));
	}
	if (pipe2(pipefd, O_CLOEXEC))
		return sct_fail(err, errlen, -errno, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return sct_fail(err, errlen, r, "fork: %s", strerror(-r));
	}
	if (!pid) {
		close(pipefd[0]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 && raise(SIGSTOP) == 0)
			execv(path, argv);
		r = errno;
		if (write(pipefd[1], &r, sizeof(r)) < 0)
			_exit(127);
		_exit(r == ENOENT ? 127 : 126);
	}
	close(pipefd[1]);
	/* ^C and ^\ are for the workload; the tracer stays to report */
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	res->pid = pid;
	if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) {
		r = sct_fail(err, errlen, -ECHILD, "%s: the child did not stop for tracing (PTRACE_TRACEME refused?)", cmd);
		goto out;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
				  PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL))) {
		r = sct_fail(err, errlen, -errno, "PTRACE_SETOPTIONS: %s", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, &status, __WALL);
		goto out;
	}
	if (!add(&tr, pid)) {
		r = sct_fail(err, errlen, -ENOMEM, "out of memory");
		kill(pid, SIGKILL);
		waitpid(pid, &status, __WALL);
		goto out;
	}
	tr.t[0].started = true;
	resume(pid, 0);
	r = trace_loop(&tr);
	if (r)
		sct_fail(err, errlen, r, "waitpid: %s", strerror(-r));
	else if (tr.oom)
		r = sct_fail(err, errlen, -ENOMEM, "out of memory");
	if (read(pipefd[0], &child_errno, sizeof(child_errno)) == sizeof(child_errno)) {
		res->exit_code = child_errno == ENOENT ? 127 : 126;
		sct_fail(err, errlen, 0, "%s: %s", cmd, strerror(child_errno));
		goto out;
	}
	if (WIFSIGNALED(res->status))
		res->exit_code = 128 + WTERMSIG(res->status);
	else
		res->exit_code = WEXITSTATUS(res->status);
	for (size_t i = 0; i < res->ndeaths && !res->exit_code; i++)
		if (res->deaths[i].pid != pid && (res->deaths[i].core || dumps_core(res->deaths[i].sig)))
			res->exit_code = 128 + res->deaths[i].sig;
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	close(pipefd[0]);
	free(tr.t);
	return r;
}

void sct_trace_result_free(struct sct_trace_result *res)
{
	free(res->counts);
	free(res->denials);
	free(res->deaths);
	memset(res, 0, sizeof(*res));
}

static const struct {
	uint32_t audit;
	bool x32;
	const char *name, *scmp;
} arches[] = {
	{ AUDIT_ARCH_X86_64, false, "x86_64", "SCMP_ARCH_X86_64" },
	{ AUDIT_ARCH_X86_64, true, "x32", "SCMP_ARCH_X32" },
	{ AUDIT_ARCH_I386, false, "i386", "SCMP_ARCH_X86" },
	{ AUDIT_ARCH_AARCH64, false, "aarch64", "SCMP_ARCH_AARCH64" },
	{ AUDIT_ARCH_ARM, false, "arm", "SCMP_ARCH_ARM" },
	{ AUDIT_ARCH_RISCV64, false, "riscv64", "SCMP_ARCH_RISCV64" },
	{ AUDIT_ARCH_S390X, false, "s390x", "SCMP_ARCH_S390X" },
	{ AUDIT_ARCH_PPC64LE, false, "ppc64le", "SCMP_ARCH_PPC64LE" },
};

const char *sct_trace_arch_name(uint32_t arch, bool x32, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i].audit == arch && arches[i].x32 == x32)
			return arches[i].name;
	snprintf(buf, len, "0x%08x", arch);
	return buf;
}

const char *sct_trace_arch_scmp(uint32_t arch, bool x32)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i].audit == arch && arches[i].x32 == x32)
			return arches[i].scmp;
	return NULL;
}

const char *sct_trace_syscall_name(uint32_t arch, int32_t nr, char *buf, size_t len)
{
	/* libseccomp names x32 calls under its own arch token */
	char *n = seccomp_syscall_resolve_num_arch(is_x32(arch, nr) ? SCMP_ARCH_X32 : arch, nr);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "%d", nr);
	free(n);
	return buf;
}
