// SPDX-License-Identifier: GPL-2.0-only
/*
 * introspect_test - what the kernel tells about its own seccomp support,
 * and whether its answers agree with each other and with what it does:
 *  - seccomp(SECCOMP_GET_ACTION_AVAIL) for every action and for unknown
 *    values (seccomp_get_action_avail: an exact match on the 32-bit value);
 *  - seccomp(SECCOMP_GET_NOTIF_SIZES) against the installed uapi headers;
 *  - /proc/sys/kernel/seccomp/actions_avail and actions_logged
 *    (read_actions_logged / write_actions_logged);
 *  - the Seccomp: and Seccomp_filters: lines of /proc/PID/status;
 *  - /proc/PID/seccomp_cache (CONFIG_SECCOMP_CACHE_DEBUG).
 * Cases that write actions_logged restore it from the harness's parent
 * process (FIXTURE_TEARDOWN_PARENT), so a failed assertion, a crash or a
 * timeout in the test cannot leave the sysctl changed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "env.h"
#include "suite.h"

#define ACTIONS_AVAIL	"/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED	"/proc/sys/kernel/seccomp/actions_logged"
#define NEEDS_NOTHING	SCT_F_COUNT

/* Is `word` one of the space-separated words of `list`? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* Write `text` to a sysctl in one write(2): 0, or -errno from open or write. */
static int write_sysctl(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		err = -errno;
	close(fd);
	return err;
}

static long action_avail(uint32_t action)
{
	return sct_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
}

/* ---- actions_logged: saved by setup, restored by the parent --------------- */

struct logged_saved {
	char value[256];	/* actions_logged before the test */
	bool saved;
	bool dirty;		/* the test (may have) written it */
};

static void logged_save(struct logged_saved *s)
{
	s->dirty = false;
	s->saved = sct_have(SCT_F_SYSCTL_ACTIONS) &&
		   !sct_read_line(ACTIONS_LOGGED, s->value, sizeof(s->value));
}

/* Runs in the harness's parent of the test process, after it ended. */
static void logged_restore(struct __test_metadata *_metadata, struct logged_saved *s)
{
	char now[256], text[260];

	if (!s->saved || !s->dirty)
		return;
	if (!sct_read_line(ACTIONS_LOGGED, now, sizeof(now)) && !strcmp(now, s->value))
		return;
	/* "\n" alone sets the empty list: proc_dostring stops at the newline */
	snprintf(text, sizeof(text), "%s\n", s->value);
	EXPECT_EQ(0, write_sysctl(ACTIONS_LOGGED, text)) {
		TH_LOG("could not restore " ACTIONS_LOGGED " to '%s': set it by hand", s->value);
	}
}

/* A fixture whose cases may write actions_logged. */
#define LOGGED_FIXTURE_SETUP_TEARDOWN(name)				\
	FIXTURE_SETUP(name) { logged_save(&self->logged); }	\
	FIXTURE_TEARDOWN_PARENT(name) { logged_restore(_metadata, &self->logged); }

/* Mark dirty, write, and say what the sysctl reads afterwards. */
static int logged_write(struct __test_metadata *_metadata, struct logged_saved *s,
			const char *text, char *after, size_t len)
{
	int ret;

	ASSERT_TRUE(s->saved) TH_LOG("BROKEN: " ACTIONS_LOGGED " was not saved");
	s->dirty = true;
	ret = write_sysctl(ACTIONS_LOGGED, text);
	ASSERT_EQ(0, sct_read_line(ACTIONS_LOGGED, after, len));
	return ret;
}

/* ---- one row per action ------------------------------------------------------ */

FIXTURE(action) { struct logged_saved logged; };
FIXTURE_VARIANT(action) {
	const char *name;		/* in actions_avail / actions_logged */
	uint32_t value;			/* SECCOMP_RET_* */
	enum sct_feature needs;		/* a feature of the same release */
	bool loggable;			/* accepted by actions_logged */
};
FIXTURE_VARIANT_ADD(action, kill_process) {
	"kill_process", SECCOMP_RET_KILL_PROCESS, NEEDS_NOTHING, true };
FIXTURE_VARIANT_ADD(action, kill_thread) {
	"kill_thread", SECCOMP_RET_KILL_THREAD, NEEDS_NOTHING, true };
FIXTURE_VARIANT_ADD(action, trap) { "trap", SECCOMP_RET_TRAP, NEEDS_NOTHING, true };
FIXTURE_VARIANT_ADD(action, errno) { "errno", SECCOMP_RET_ERRNO, NEEDS_NOTHING, true };
/* USER_NOTIF came with NEW_LISTENER (5.0): probing the flag, not the action,
 * keeps this row from agreeing with itself */
FIXTURE_VARIANT_ADD(action, user_notif) {
	"user_notif", SECCOMP_RET_USER_NOTIF, SCT_F_FLAG_NEW_LISTENER, true };
FIXTURE_VARIANT_ADD(action, trace) { "trace", SECCOMP_RET_TRACE, NEEDS_NOTHING, true };
FIXTURE_VARIANT_ADD(action, log) { "log", SECCOMP_RET_LOG, NEEDS_NOTHING, true };
/* write_actions_logged refuses SECCOMP_LOG_ALLOW with EINVAL */
FIXTURE_VARIANT_ADD(action, allow) { "allow", SECCOMP_RET_ALLOW, NEEDS_NOTHING, false };
LOGGED_FIXTURE_SETUP_TEARDOWN(action)

#define REQUIRE_VARIANT_NEEDS() do {					\
	if (variant->needs != NEEDS_NOTHING)				\
		SCT_REQUIRE(variant->needs);				\
} while (0)

/* KILL_PROCESS, LOG and GET_ACTION_AVAIL itself all came in 4.14. */
TEST_F(action, get_action_avail)
{
	SCT_REQUIRE(SCT_F_GET_ACTION_AVAIL);
	REQUIRE_VARIANT_NEEDS();
	ASSERT_EQ(0, action_avail(variant->value));
}

TEST_F(action, named_in_actions_avail)
{
	char avail[256];

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	REQUIRE_VARIANT_NEEDS();
	ASSERT_EQ(0, sct_read_line(ACTIONS_AVAIL, avail, sizeof(avail)));
	ASSERT_TRUE(has_word(avail, variant->name)) TH_LOG("actions_avail: '%s'", avail);
}

TEST_F(action, written_alone_to_actions_logged)
{
	char after[256];
	int ret;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	REQUIRE_VARIANT_NEEDS();
	ret = logged_write(_metadata, &self->logged, variant->name, after, sizeof(after));
	if (variant->loggable) {
		ASSERT_EQ(0, ret);
		ASSERT_STREQ(variant->name, after);
	} else {
		ASSERT_EQ(-EINVAL, ret);
		ASSERT_STREQ(self->logged.value, after) TH_LOG("a refused write changed it");
	}
}

/* ---- values that are no action ------------------------------------------------ */

FIXTURE(unknown_action) {};
FIXTURE_VARIANT(unknown_action) { uint32_t value; };
FIXTURE_VARIANT_ADD(unknown_action, x00010000) { 0x00010000U };
FIXTURE_VARIANT_ADD(unknown_action, x00020000) { 0x00020000U };
FIXTURE_VARIANT_ADD(unknown_action, x00040000) { 0x00040000U };
FIXTURE_VARIANT_ADD(unknown_action, x7fe00000) { 0x7fe00000U };
FIXTURE_VARIANT_ADD(unknown_action, x7ffe0000) { 0x7ffe0000U };
FIXTURE_VARIANT_ADD(unknown_action, x90000000) { 0x90000000U };
FIXTURE_VARIANT_ADD(unknown_action, xffff0000) { 0xffff0000U };
FIXTURE_VARIANT_ADD(unknown_action, xffffffff) { 0xffffffffU };
/* the whole 32-bit value is compared: data bits make a known action unknown */
FIXTURE_VARIANT_ADD(unknown_action, errno_with_data) { SECCOMP_RET_ERRNO | 1 };
FIXTURE_VARIANT_ADD(unknown_action, allow_with_data) { SECCOMP_RET_ALLOW | 0x8000 };
FIXTURE_SETUP(unknown_action) {}
FIXTURE_TEARDOWN(unknown_action) {}

TEST_F(unknown_action, get_action_avail_eopnotsupp)
{
	SCT_REQUIRE(SCT_F_GET_ACTION_AVAIL);
	ASSERT_EQ(-EOPNOTSUPP, action_avail(variant->value));
}

/* ---- argument checking of the two query operations ---------------------------- */

FIXTURE(query_args) {};
FIXTURE_VARIANT(query_args) {
	unsigned int op;
	enum sct_feature needs;
	unsigned long flags;
	bool null_args;
	long expect;
};
/* do_seccomp: both operations take no flags */
FIXTURE_VARIANT_ADD(query_args, action_avail_flag_1) {
	SECCOMP_GET_ACTION_AVAIL, SCT_F_GET_ACTION_AVAIL, 1, false, -EINVAL };
FIXTURE_VARIANT_ADD(query_args, action_avail_null) {
	SECCOMP_GET_ACTION_AVAIL, SCT_F_GET_ACTION_AVAIL, 0, true, -EFAULT };
FIXTURE_VARIANT_ADD(query_args, notif_sizes_flag_1) {
	SECCOMP_GET_NOTIF_SIZES, SCT_F_GET_NOTIF_SIZES, 1, false, -EINVAL };
FIXTURE_VARIANT_ADD(query_args, notif_sizes_null) {
	SECCOMP_GET_NOTIF_SIZES, SCT_F_GET_NOTIF_SIZES, 0, true, -EFAULT };
FIXTURE_SETUP(query_args) {}
FIXTURE_TEARDOWN(query_args) {}

TEST_F(query_args, refused)
{
	union {
		uint32_t action;
		struct seccomp_notif_sizes sizes;
	} buf = { .action = SECCOMP_RET_ALLOW };

	SCT_REQUIRE(variant->needs);
	ASSERT_EQ(variant->expect,
		  sct_seccomp(variant->op, variant->flags, variant->null_args ? NULL : &buf));
}

/* ---- GET_NOTIF_SIZES against the installed headers ------------------------------ */

/*
 * The kernel reports the sizes of its own structs. Userspace built against
 * older headers must use the kernel's sizes for buffers the kernel writes
 * (a newer kernel may extend seccomp_notif/seccomp_notif_resp at the end),
 * so the meaningful check is kernel >= header: a smaller kernel struct
 * would mean the headers promise fields this kernel does not have.
 * seccomp_data is different: filters address it by fixed offsets and the
 * validator bounds loads by its size, so it is exactly 64 bytes everywhere.
 */
FIXTURE(notif_size) {};
FIXTURE_VARIANT(notif_size) {
	const char *name;
	size_t header_size;		/* sizeof in the installed headers */
	size_t field;			/* offsetof in struct seccomp_notif_sizes */
	bool exact;
};
FIXTURE_VARIANT_ADD(notif_size, seccomp_notif) {
	"seccomp_notif", sizeof(struct seccomp_notif),
	offsetof(struct seccomp_notif_sizes, seccomp_notif), false };
FIXTURE_VARIANT_ADD(notif_size, seccomp_notif_resp) {
	"seccomp_notif_resp", sizeof(struct seccomp_notif_resp),
	offsetof(struct seccomp_notif_sizes, seccomp_notif_resp), false };
FIXTURE_VARIANT_ADD(notif_size, seccomp_data) {
	"seccomp_data", sizeof(struct seccomp_data),
	offsetof(struct seccomp_notif_sizes, seccomp_data), true };
FIXTURE_SETUP(notif_size) {}
FIXTURE_TEARDOWN(notif_size) {}

TEST_F(notif_size, kernel_agrees_with_headers)
{
	struct seccomp_notif_sizes sizes;
	__u16 kernel;

	SCT_REQUIRE(SCT_F_GET_NOTIF_SIZES);
	memset(&sizes, 0, sizeof(sizes));
	ASSERT_EQ(0, sct_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes));
	memcpy(&kernel, (char *)&sizes + variant->field, sizeof(kernel));
	if (variant->exact) {
		ASSERT_EQ(variant->header_size, kernel);
	} else {
		ASSERT_LE(variant->header_size, kernel);
	}
	if (kernel != variant->header_size)
		TH_LOG("struct %s: kernel %u bytes, headers %zu: the kernel is newer",
		       variant->name, kernel, variant->header_size);
}

/* ---- actions_avail and actions_logged as text -------------------------------------- */

static const char *const action_names[] = {
	"kill_process", "kill_thread", "trap", "errno", "user_notif", "trace", "log", "allow",
};
static const uint32_t action_values[] = {
	SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
	SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
};

/* Every word of actions_avail is an action GET_ACTION_AVAIL also reports,
 * listed once. (Each known action being listed is action.*.named_in_...) */
TEST(actions_avail_agrees_with_get_action_avail)
{
	char avail[256], *save, *word;
	int seen[8] = { 0 };

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE(SCT_F_GET_ACTION_AVAIL);
	ASSERT_EQ(0, sct_read_line(ACTIONS_AVAIL, avail, sizeof(avail)));
	for (word = strtok_r(avail, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		size_t i;

		for (i = 0; i < 8 && strcmp(word, action_names[i]); i++)
			;
		if (i == 8) {
			/* a newer kernel's action: nothing to compare it with */
			TH_LOG("actions_avail names '%s', unknown to this suite", word);
			continue;
		}
		EXPECT_EQ(0, seen[i]++) TH_LOG("'%s' listed twice", word);
		EXPECT_EQ(0, action_avail(action_values[i])) {
			TH_LOG("'%s' is listed but GET_ACTION_AVAIL refuses it", word);
		}
	}
}

/* Readable by anyone; only names from actions_avail, never "allow". */
TEST(actions_logged_lists_available_actions_but_allow)
{
	char avail[256], logged[256], *save, *word;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	ASSERT_EQ(0, sct_read_line(ACTIONS_AVAIL, avail, sizeof(avail)));
	ASSERT_EQ(0, sct_read_line(ACTIONS_LOGGED, logged, sizeof(logged)));
	for (word = strtok_r(logged, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		EXPECT_TRUE(has_word(avail, word)) TH_LOG("'%s' is not in actions_avail", word);
		EXPECT_STRNE("allow", word);
	}
}

/* ---- writing actions_logged ------------------------------------------------------ */

FIXTURE(logged_write) { struct logged_saved logged; };
FIXTURE_VARIANT(logged_write) {
	const char *text;	/* written in one write(2) */
	int err;		/* 0 or the errno write(2) fails with */
	const char *reads;	/* what it reads afterwards; NULL: unchanged */
};
/* seccomp_names_from_actions_logged prints in the kernel's table order */
FIXTURE_VARIANT_ADD(logged_write, two_names_read_in_kernel_order) {
	"errno trap", 0, "trap errno" };
FIXTURE_VARIANT_ADD(logged_write, duplicate_name_once) { "trap trap", 0, "trap" };
FIXTURE_VARIANT_ADD(logged_write, trailing_newline) { "log\n", 0, "log" };
FIXTURE_VARIANT_ADD(logged_write, empty_logs_nothing) { "\n", 0, "" };
/* seccomp_actions_logged_from_names stops at the first empty word */
FIXTURE_VARIANT_ADD(logged_write, double_space_ends_the_list) { "trap  errno", 0, "trap" };
FIXTURE_VARIANT_ADD(logged_write, unknown_name_einval) { "trap bogus", EINVAL, NULL };
FIXTURE_VARIANT_ADD(logged_write, legacy_kill_is_no_name) { "kill", EINVAL, NULL };
FIXTURE_VARIANT_ADD(logged_write, allow_among_others_einval) { "errno allow", EINVAL, NULL };
LOGGED_FIXTURE_SETUP_TEARDOWN(logged_write)

TEST_F(logged_write, reads_back)
{
	char after[256];

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	ASSERT_EQ(-variant->err,
		  logged_write(_metadata, &self->logged, variant->text, after, sizeof(after)));
	ASSERT_STREQ(variant->reads ?: self->logged.value, after);
}

/* Without CAP_SYS_ADMIN the write is refused: by write_actions_logged
 * (EPERM) for root without the capability, by the file mode (0644, EACCES)
 * for anyone else. The attempt runs in a child; the value must not change. */
FIXTURE(logged_nocap) { struct logged_saved logged; };
LOGGED_FIXTURE_SETUP_TEARDOWN(logged_nocap)

static int nocap_write_child(struct sct_report *rep, void *text)
{
	if (sct_have_cap(CAP_SYS_ADMIN) && sct_drop_cap(CAP_SYS_ADMIN))
		return sct_report_broken(rep, "drop CAP_SYS_ADMIN");
	rep->ret = write_sysctl(ACTIONS_LOGGED, text);
	return 0;
}

TEST_F(logged_nocap, write_refused)
{
	/* something that differs from the current value */
	const char *text = self->logged.value[0] ? "\n" : "trap";
	char after[256];
	struct sct_outcome out;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	ASSERT_TRUE(self->logged.saved);
	self->logged.dirty = true;
	ASSERT_EQ(0, sct_run_child(nocap_write_child, (void *)text, 0, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(geteuid() == 0 ? -EPERM : -EACCES, out.rep.ret);
	ASSERT_EQ(0, sct_read_line(ACTIONS_LOGGED, after, sizeof(after)));
	ASSERT_STREQ(self->logged.value, after);
}

/* ---- /proc/PID/status --------------------------------------------------------------- */

FIXTURE(status) {};
FIXTURE_VARIANT(status) {
	int filters;		/* ALLOW filters stacked */
	bool strict;		/* then enter strict mode instead */
};
FIXTURE_VARIANT_ADD(status, no_filter) { 0, false };
FIXTURE_VARIANT_ADD(status, one_filter) { 1, false };
FIXTURE_VARIANT_ADD(status, two_filters) { 2, false };
FIXTURE_VARIANT_ADD(status, three_filters) { 3, false };
FIXTURE_VARIANT_ADD(status, strict_mode) { 0, true };
FIXTURE_SETUP(status) {}
FIXTURE_TEARDOWN(status) {}

enum { V_BASE_MODE, V_BASE_FILTERS, V_MODE, V_FILTERS };
#define NO_LINE (-1L)

/* Read all of fd into buf (NUL-terminated) with read(2) only: strict-safe. */
static void read_all(int fd, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t got;

	while (n < len - 1 && (got = read(fd, buf + n, len - 1 - n)) > 0)
		n += got;
	buf[n] = '\0';
}

static void status_values(const char *text, long *mode, long *filters)
{
	if (sct_status_value(text, "Seccomp", mode))
		*mode = NO_LINE;
	if (sct_status_value(text, "Seccomp_filters", filters))
		*filters = NO_LINE;
}

static int status_child(struct sct_report *rep, void *p)
{
	const FIXTURE_VARIANT(status) *v = p;
	static char text[8192];
	int before, after;

	/* both opened now: strict mode allows read but not open */
	before = open("/proc/self/status", O_RDONLY);
	after = open("/proc/self/status", O_RDONLY);
	if (before < 0 || after < 0)
		return sct_report_broken(rep, "open /proc/self/status");
	read_all(before, text, sizeof(text));
	status_values(text, &rep->val[V_BASE_MODE], &rep->val[V_BASE_FILTERS]);
	for (int i = 0; i < v->filters; i++) {
		struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
		long ret = sct_install_filter(f, 0);

		sct_filter_free(f);
		if (ret < 0) {
			errno = (int)-ret;
			return sct_report_broken(rep, "install an ALLOW filter");
		}
	}
	if (v->strict && prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		return sct_report_broken(rep, "enter strict mode");
	rep->stage = 1;
	read_all(after, text, sizeof(text));
	status_values(text, &rep->val[V_MODE], &rep->val[V_FILTERS]);
	rep->stage = 2;
	if (v->strict)
		syscall(__NR_exit, 0);	/* exit_group would be SIGKILL */
	return 0;
}

static void run_status_child(struct __test_metadata *_metadata,
			     const FIXTURE_VARIANT(status) *v, struct sct_outcome *out)
{
	ASSERT_EQ(0, sct_run_child(status_child, (void *)v, 0, out));
	ASSERT_EXITED(*out, 0);
	ASSERT_EQ(2, out->rep.stage);
}

/* 0 disabled, 1 strict, 2 filter (SECCOMP_MODE_*), from the task's mode. */
TEST_F(status, seccomp_line)
{
	struct sct_outcome out;
	long base, want;

	run_status_child(_metadata, variant, &out);
	base = out.rep.val[V_BASE_MODE];
	ASSERT_NE(NO_LINE, base) TH_LOG("no Seccomp: line (CONFIG_SECCOMP off?)");
	if (variant->strict && base != SECCOMP_MODE_DISABLED)
		SKIP(return, "this process already runs in seccomp mode %ld (a confined runner): "
		     "it cannot enter strict mode", base);
	want = variant->strict ? SECCOMP_MODE_STRICT :
	       variant->filters ? SECCOMP_MODE_FILTER : base;
	ASSERT_EQ(want, out.rep.val[V_MODE]);
}

/* The number of filters attached (seccomp.filter_count), inherited ones too. */
TEST_F(status, seccomp_filters_line)
{
	struct sct_outcome out;
	long base;

	SCT_REQUIRE(SCT_F_STATUS_FILTERS);
	run_status_child(_metadata, variant, &out);
	base = out.rep.val[V_BASE_FILTERS];
	if (variant->strict && out.rep.val[V_BASE_MODE] != SECCOMP_MODE_DISABLED)
		SKIP(return, "this process already runs under seccomp: it cannot enter strict mode");
	ASSERT_NE(NO_LINE, base);
	ASSERT_EQ(base + variant->filters, out.rep.val[V_FILTERS]);
}

/* ---- /proc/PID/seccomp_cache ----------------------------------------------------------- */

/*
 * One filter: other arches -> KILL_PROCESS; getpid -> ERRNO; gettid ->
 * load args[0], then ALLOW; the rest -> ALLOW. At attach the kernel
 * emulates it per number with only nr and arch known
 * (seccomp_cache_prepare_bitmap): a path that reaches RET ALLOW through
 * nr/arch loads and constant jumps is cached ("ALLOW"); a path that returns
 * anything else, or loads anything else, is not ("FILTER"). The file lists
 * "<arch> <nr> ALLOW|FILTER", native arch first, then the compat arch
 * (proc_pid_seccomp_cache; names are the kernel's, e.g. x86_64 and ia32).
 */
FIXTURE(cache_file) {};
FIXTURE_VARIANT(cache_file) {
	bool compat;		/* look in the compat arch's lines */
	long native_nr;		/* native rows */
	const char *compat_call;/* compat rows, via sct_arch_compat_nr */
	const char *expect;	/* "ALLOW" or "FILTER" */
};
FIXTURE_VARIANT_ADD(cache_file, native_allowed_nr_allow) {
	false, __NR_getppid, NULL, "ALLOW" };
FIXTURE_VARIANT_ADD(cache_file, native_denied_nr_filter) {
	false, __NR_getpid, NULL, "FILTER" };
FIXTURE_VARIANT_ADD(cache_file, native_arg_loading_nr_filter) {
	false, __NR_gettid, NULL, "FILTER" };
FIXTURE_VARIANT_ADD(cache_file, compat_killed_arch_filter) {
	true, 0, "getppid", "FILTER" };
FIXTURE_SETUP(cache_file) {}
FIXTURE_TEARDOWN(cache_file) {}

struct cache_query { bool compat; long nr; };
enum { C_FOUND, C_ALLOW, C_LINES, C_ARCHES };

static struct sct_filter *cache_filter(void)
{
	struct sct_filter *f = sct_filter_new();
	sct_label deny = sct_label_new(f), args = sct_label_new(f);

	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, __NR_getpid, deny, SCT_NEXT);
	sct_jeq(f, __NR_gettid, args, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, deny);
	sct_ret(f, SECCOMP_RET_ERRNO | EPERM);
	sct_label_here(f, args);
	sct_ld_arg_lo(f, 0);
	sct_ret(f, SECCOMP_RET_ALLOW);
	return f;
}

/* Install the filter, read the child's own cache file, find the line. */
static int cache_child(struct sct_report *rep, void *p)
{
	const struct cache_query *q = p;
	struct sct_filter *f = cache_filter();
	char arch[2][32] = { "", "" }, name[32], status[16];
	size_t size = 1 << 17;
	char *text = malloc(size), *line;
	long ret = sct_install_filter(f, 0);
	int fd, narch = 0, nr;

	if (ret < 0) {
		errno = (int)-ret;
		return sct_report_broken(rep, "install the filter");
	}
	fd = open("/proc/self/seccomp_cache", O_RDONLY);
	if (fd < 0 || !text)
		return sct_report_broken(rep, "open /proc/self/seccomp_cache");
	read_all(fd, text, size);
	for (line = text; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		if (sscanf(line, "%31s %d %15s", name, &nr, status) != 3)
			continue;
		rep->val[C_LINES]++;
		if (narch == 0 || (narch == 1 && strcmp(name, arch[0])))
			snprintf(arch[narch++], sizeof(arch[0]), "%s", name);
		if (strcmp(name, arch[q->compat ? 1 : 0]) || nr != q->nr)
			continue;
		rep->val[C_FOUND] = 1;
		rep->val[C_ALLOW] = !strcmp(status, "ALLOW");
	}
	rep->val[C_ARCHES] = narch;
	return 0;
}

TEST_F(cache_file, shows_cacheable_paths)
{
	struct cache_query q = { variant->compat, variant->native_nr };
	struct sct_outcome out;
	bool allow;

	SCT_REQUIRE(SCT_F_CACHE_DEBUG);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	if (variant->compat) {
		SCT_REQUIRE(SCT_F_COMPAT_ENTRY);
		q.nr = sct_arch_compat_nr(variant->compat_call);
		ASSERT_LE(0, q.nr);
	}
	ASSERT_EQ(0, sct_run_child(cache_child, &q, 0, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_LT(0, out.rep.val[C_LINES]) TH_LOG("empty seccomp_cache under a filter");
	ASSERT_EQ(1, out.rep.val[C_FOUND]) {
		TH_LOG("no line for %s nr %ld (%ld lines, %ld arches)",
		       variant->compat ? "the compat arch" : "the native arch", q.nr,
		       out.rep.val[C_LINES], out.rep.val[C_ARCHES]);
	}
	allow = out.rep.val[C_ALLOW];
	ASSERT_STREQ(variant->expect, allow ? "ALLOW" : "FILTER");
}

SCT_SUITE_MAIN("What the kernel tells about seccomp: GET_ACTION_AVAIL for every action "
	       "and unknown values, GET_NOTIF_SIZES against the headers, the actions_avail "
	       "and actions_logged sysctls (written as root, always restored), the Seccomp "
	       "lines of /proc/PID/status, /proc/PID/seccomp_cache.")
