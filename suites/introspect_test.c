// SPDX-License-Identifier: GPL-2.0-only
/*
 * introspect_test - what the kernel tells about its own seccomp support,
 * and whether its answers agree with each other and with what it does:
 *  - seccomp(SECCOMP_GET_ACTION_AVAIL) for every action and for unknown
 *    values (seccomp_get_action_avail: an exact match on the 32-bit value);
 *  - seccomp(SECCOMP_GET_NOTIF_SIZES) against the installed uapi headers;
 *  - /proc/sys/kernel/seccomp/actions_avail (a 0444 proc_dostring of
 *    seccomp_actions_avail) and actions_logged
 *    (seccomp_actions_logged_handler: read_actions_logged /
 *    write_actions_logged);
 *  - the Seccomp: and Seccomp_filters: lines of /proc/PID/status;
 *  - /proc/PID/seccomp_cache (CONFIG_SECCOMP_CACHE_DEBUG).
 * Cases that write actions_logged hold a guard (lib/sysctl.h): a process
 * outside the test's process group that writes the saved value back when
 * the test ends, also when it fails, crashes or is killed on timeout.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "env.h"
#include "sysctl.h"
#include "suite.h"

#define ACTIONS_AVAIL	"/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED	"/proc/sys/kernel/seccomp/actions_logged"
#define NEEDS_NOTHING	SCT_F_COUNT
/* a value no boot default has, so a refused write is seen to keep it */
#define KNOWN_BEFORE	"kill_thread log\n"

/* Is `word` one of the space-separated words of `list`? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static long action_avail(uint32_t action)
{
	return sct_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
}

static bool have(enum sct_feature f)
{
	return f == NEEDS_NOTHING || sct_have(f);
}

#define REQUIRE_VARIANT_NEEDS() do {					\
	if (variant->needs != NEEDS_NOTHING)				\
		SCT_REQUIRE(variant->needs);				\
} while (0)

/* ---- actions_logged: guarded ------------------------------------------------ */

struct logged_guard {
	struct sct_sysctl_guard g;
	int err;		/* of sct_sysctl_guard_begin */
};

/* A fixture whose cases may write actions_logged. */
#define LOGGED_FIXTURE_SETUP_TEARDOWN(name)				\
	FIXTURE_SETUP(name)						\
	{								\
		self->guard.err = sct_have(SCT_F_SYSCTL_ACTIONS) ?	\
			sct_sysctl_guard_begin(&self->guard.g, ACTIONS_LOGGED) : 0; \
	}								\
	FIXTURE_TEARDOWN(name)						\
	{								\
		EXPECT_EQ(0, sct_sysctl_guard_end(&self->guard.g)) {	\
			TH_LOG(ACTIONS_LOGGED " not restored");		\
		}							\
	}

/*
 * Root only: set KNOWN_BEFORE, write `text` (len bytes) in one write(2),
 * read the sysctl back into after. Returns the write's 0 or -errno.
 */
static int logged_write(struct __test_metadata *_metadata, struct logged_guard *guard,
			const char *text, size_t len, char *after, size_t after_len)
{
	int fd, ret = 0;

	ASSERT_EQ(0, guard->err) TH_LOG("BROKEN: cannot guard " ACTIONS_LOGGED);
	ASSERT_EQ(0, sct_sysctl_write(ACTIONS_LOGGED, KNOWN_BEFORE));
	fd = open(ACTIONS_LOGGED, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("open " ACTIONS_LOGGED ": %s", strerrorname_np(errno) ?: "?");
	if (write(fd, text, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_LOGGED, after, after_len));
	return ret;
}

/* ---- one row per action ------------------------------------------------------ */

FIXTURE(action) { struct logged_guard guard; };
FIXTURE_VARIANT(action) {
	const char *name;		/* in actions_avail / actions_logged */
	uint32_t value;			/* SECCOMP_RET_* */
	enum sct_feature needs;		/* a feature of the same release */
	bool loggable;			/* accepted by actions_logged */
};
FIXTURE_VARIANT_ADD(action, kill_process) {
	.name = "kill_process", .value = SECCOMP_RET_KILL_PROCESS,
	.needs = SCT_F_RET_KILL_PROCESS, .loggable = true, };
FIXTURE_VARIANT_ADD(action, kill_thread) {
	.name = "kill_thread", .value = SECCOMP_RET_KILL_THREAD, .needs = NEEDS_NOTHING,
	.loggable = true, };
FIXTURE_VARIANT_ADD(action, trap) {
	.name = "trap", .value = SECCOMP_RET_TRAP, .needs = NEEDS_NOTHING, .loggable = true, };
FIXTURE_VARIANT_ADD(action, errno) {
	.name = "errno", .value = SECCOMP_RET_ERRNO, .needs = NEEDS_NOTHING, .loggable = true, };
/* USER_NOTIF came with NEW_LISTENER (5.0): probing the flag, not the action,
 * keeps this row from agreeing with itself */
FIXTURE_VARIANT_ADD(action, user_notif) {
	.name = "user_notif", .value = SECCOMP_RET_USER_NOTIF, .needs = SCT_F_FLAG_NEW_LISTENER,
	.loggable = true, };
FIXTURE_VARIANT_ADD(action, trace) {
	.name = "trace", .value = SECCOMP_RET_TRACE, .needs = NEEDS_NOTHING, .loggable = true, };
FIXTURE_VARIANT_ADD(action, log) {
	.name = "log", .value = SECCOMP_RET_LOG, .needs = SCT_F_RET_LOG, .loggable = true, };
/* write_actions_logged refuses SECCOMP_LOG_ALLOW with EINVAL */
FIXTURE_VARIANT_ADD(action, allow) {
	.name = "allow", .value = SECCOMP_RET_ALLOW, .needs = NEEDS_NOTHING, .loggable = false, };
LOGGED_FIXTURE_SETUP_TEARDOWN(action)

/* KILL_PROCESS, LOG and GET_ACTION_AVAIL itself all came in 4.14. */
TEST_F(action, get_action_avail)
{
	SCT_REQUIRE(SCT_F_GET_ACTION_AVAIL);
	REQUIRE_VARIANT_NEEDS();
	ASSERT_EQ(0, action_avail(variant->value));
}

/* A name alone reads back as itself plus the newline proc_dostring adds;
 * "allow" is refused and the value before it kept. */
TEST_F(action, written_alone_to_actions_logged)
{
	char after[256], want[64];
	int ret;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	REQUIRE_VARIANT_NEEDS();
	ret = logged_write(_metadata, &self->guard, variant->name, strlen(variant->name),
			   after, sizeof(after));
	if (variant->loggable) {
		ASSERT_EQ(0, ret);
		snprintf(want, sizeof(want), "%s\n", variant->name);
		ASSERT_STREQ(want, after);
	} else {
		ASSERT_EQ(-EINVAL, ret);
		ASSERT_STREQ(KNOWN_BEFORE, after) TH_LOG("a refused write changed it");
	}
}

/* ---- values that are no action ------------------------------------------------ */

FIXTURE(unknown_action) {};
FIXTURE_VARIANT(unknown_action) { uint32_t value; };
FIXTURE_VARIANT_ADD(unknown_action, x00010000) { .value = 0x00010000U };
FIXTURE_VARIANT_ADD(unknown_action, x00020000) { .value = 0x00020000U };
FIXTURE_VARIANT_ADD(unknown_action, x00040000) { .value = 0x00040000U };
FIXTURE_VARIANT_ADD(unknown_action, x7fe00000) { .value = 0x7fe00000U };
FIXTURE_VARIANT_ADD(unknown_action, x7ffe0000) { .value = 0x7ffe0000U };
FIXTURE_VARIANT_ADD(unknown_action, x90000000) { .value = 0x90000000U };
FIXTURE_VARIANT_ADD(unknown_action, xffff0000) { .value = 0xffff0000U };
FIXTURE_VARIANT_ADD(unknown_action, xffffffff) { .value = 0xffffffffU };
/* the whole 32-bit value is compared: data bits make a known action unknown */
FIXTURE_VARIANT_ADD(unknown_action, errno_with_data) { .value = SECCOMP_RET_ERRNO | 1 };
FIXTURE_VARIANT_ADD(unknown_action, allow_with_data) { .value = SECCOMP_RET_ALLOW | 0x8000 };
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
	.op = SECCOMP_GET_ACTION_AVAIL, .needs = SCT_F_GET_ACTION_AVAIL, .flags = 1,
	.expect = -EINVAL };
FIXTURE_VARIANT_ADD(query_args, action_avail_null) {
	.op = SECCOMP_GET_ACTION_AVAIL, .needs = SCT_F_GET_ACTION_AVAIL, .null_args = true,
	.expect = -EFAULT };
FIXTURE_VARIANT_ADD(query_args, notif_sizes_flag_1) {
	.op = SECCOMP_GET_NOTIF_SIZES, .needs = SCT_F_GET_NOTIF_SIZES, .flags = 1,
	.expect = -EINVAL };
FIXTURE_VARIANT_ADD(query_args, notif_sizes_null) {
	.op = SECCOMP_GET_NOTIF_SIZES, .needs = SCT_F_GET_NOTIF_SIZES, .null_args = true,
	.expect = -EFAULT };
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
	.name = "seccomp_notif", .header_size = sizeof(struct seccomp_notif),
	.field = offsetof(struct seccomp_notif_sizes, seccomp_notif) };
FIXTURE_VARIANT_ADD(notif_size, seccomp_notif_resp) {
	.name = "seccomp_notif_resp", .header_size = sizeof(struct seccomp_notif_resp),
	.field = offsetof(struct seccomp_notif_sizes, seccomp_notif_resp) };
FIXTURE_VARIANT_ADD(notif_size, seccomp_data) {
	.name = "seccomp_data", .header_size = sizeof(struct seccomp_data),
	.field = offsetof(struct seccomp_notif_sizes, seccomp_data), .exact = true };
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

/* seccomp_actions_avail, in the kernel's order, with what each name needs. */
static const struct {
	const char *name;
	uint32_t value;
	enum sct_feature needs;
} kernel_actions[] = {
	{ "kill_process", SECCOMP_RET_KILL_PROCESS, SCT_F_RET_KILL_PROCESS },
	{ "kill_thread", SECCOMP_RET_KILL_THREAD, NEEDS_NOTHING },
	{ "trap", SECCOMP_RET_TRAP, NEEDS_NOTHING },
	{ "errno", SECCOMP_RET_ERRNO, NEEDS_NOTHING },
	{ "user_notif", SECCOMP_RET_USER_NOTIF, SCT_F_FLAG_NEW_LISTENER },
	{ "trace", SECCOMP_RET_TRACE, NEEDS_NOTHING },
	{ "log", SECCOMP_RET_LOG, SCT_F_RET_LOG },
	{ "allow", SECCOMP_RET_ALLOW, NEEDS_NOTHING },
};
#define N_ACTIONS (sizeof(kernel_actions) / sizeof(kernel_actions[0]))

/*
 * The whole file is the kernel's constant string, names of the actions it
 * has one space apart in its own order, and the newline proc_dostring
 * adds. Built from the probed features, never from a version.
 */
TEST(actions_avail_reads_every_available_action_in_kernel_order)
{
	char avail[256], want[256];
	size_t used = 0;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	for (size_t i = 0; i < N_ACTIONS; i++)
		if (have(kernel_actions[i].needs))
			used += snprintf(want + used, sizeof(want) - used, "%s%s",
					 used ? " " : "", kernel_actions[i].name);
	snprintf(want + used, sizeof(want) - used, "\n");
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_AVAIL, avail, sizeof(avail)));
	ASSERT_STREQ(want, avail);
}

/* Every word of actions_avail is an action GET_ACTION_AVAIL also reports. */
TEST(actions_avail_agrees_with_get_action_avail)
{
	char avail[256], *save, *word;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE(SCT_F_GET_ACTION_AVAIL);
	ASSERT_EQ(0, sct_read_line(ACTIONS_AVAIL, avail, sizeof(avail)));
	for (word = strtok_r(avail, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		size_t i;

		for (i = 0; i < N_ACTIONS && strcmp(word, kernel_actions[i].name); i++)
			;
		if (i == N_ACTIONS) {
			/* a newer kernel's action: nothing to compare it with */
			TH_LOG("actions_avail names '%s', unknown to this suite", word);
			continue;
		}
		EXPECT_EQ(0, action_avail(kernel_actions[i].value)) {
			TH_LOG("'%s' is listed but GET_ACTION_AVAIL refuses it", word);
		}
	}
}

/*
 * actions_avail is mode 0444: proc_sys_permission checks the table's mode
 * with test_perm and no capability ("not writeable, capabilities or not"),
 * so opening it for writing is EACCES for root too.
 */
FIXTURE(avail_open) {};
FIXTURE_VARIANT(avail_open) { int flags; };
FIXTURE_VARIANT_ADD(avail_open, write_only) { .flags = O_WRONLY, };
FIXTURE_VARIANT_ADD(avail_open, read_write) { .flags = O_RDWR, };
FIXTURE_SETUP(avail_open) {}
FIXTURE_TEARDOWN(avail_open) {}

TEST_F(avail_open, eacces_for_everyone)
{
	int fd;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	fd = open(ACTIONS_AVAIL, variant->flags | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(EACCES, errno) TH_LOG("errno %s", strerrorname_np(errno) ?: "?");
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

/*
 * write_actions_logged: proc_dostring copies the text up to the first NUL
 * or newline; seccomp_actions_logged_from_names splits it with strsep on
 * single spaces, stops at the first empty word, ORs the names' bits (so
 * duplicates count once) and fails on an unknown word; "allow" is refused
 * after parsing. Only a complete success stores the value, which
 * read_actions_logged prints in the kernel's table order.
 */
FIXTURE(logged_write) { struct logged_guard guard; };
FIXTURE_VARIANT(logged_write) {
	const char *text;	/* written in one write(2) ... */
	size_t len;		/* ... of len bytes; 0: strlen(text) */
	int err;		/* 0 or the errno write(2) fails with */
	const char *reads;	/* the whole file afterwards; NULL: KNOWN_BEFORE kept */
};
FIXTURE_VARIANT_ADD(logged_write, two_names_read_in_kernel_order) {
	.text = "errno trap", .reads = "trap errno\n", };
FIXTURE_VARIANT_ADD(logged_write, six_names_reversed_read_in_kernel_order) {
	.text = "log trace errno trap kill_thread kill_process",
	.reads = "kill_process kill_thread trap errno trace log\n", };
FIXTURE_VARIANT_ADD(logged_write, duplicate_name_once) {
	.text = "trap trap", .reads = "trap\n", };
FIXTURE_VARIANT_ADD(logged_write, trailing_newline) { .text = "log\n", .reads = "log\n", };
FIXTURE_VARIANT_ADD(logged_write, trailing_space) { .text = "log ", .reads = "log\n", };
FIXTURE_VARIANT_ADD(logged_write, newline_alone_empties) { .text = "\n", .reads = "\n", };
/* proc_dostring copies nothing, and no names is the empty list */
FIXTURE_VARIANT_ADD(logged_write, zero_bytes_empty) { .text = "", .reads = "\n", };
/* strsep's first word is empty: the list ends before "trap" */
FIXTURE_VARIANT_ADD(logged_write, leading_space_empties) { .text = " trap", .reads = "\n", };
FIXTURE_VARIANT_ADD(logged_write, double_space_ends_the_list) {
	.text = "trap  errno", .reads = "trap\n", };
FIXTURE_VARIANT_ADD(logged_write, newline_ends_the_text) {
	.text = "trap\nerrno", .reads = "trap\n", };
FIXTURE_VARIANT_ADD(logged_write, nul_ends_the_text) {
	.text = "trap\0errno", .len = 10, .reads = "trap\n", };
FIXTURE_VARIANT_ADD(logged_write, unknown_name_einval) { .text = "trap bogus", .err = EINVAL, };
/* names are compared with strcmp */
FIXTURE_VARIANT_ADD(logged_write, upper_case_einval) { .text = "TRAP", .err = EINVAL, };
/* only ' ' separates: "trap\terrno" is one unknown word */
FIXTURE_VARIANT_ADD(logged_write, tab_is_no_separator_einval) {
	.text = "trap\terrno", .err = EINVAL, };
FIXTURE_VARIANT_ADD(logged_write, legacy_kill_is_no_name) { .text = "kill", .err = EINVAL, };
FIXTURE_VARIANT_ADD(logged_write, allow_among_others_einval) {
	.text = "errno allow", .err = EINVAL, };
LOGGED_FIXTURE_SETUP_TEARDOWN(logged_write)

TEST_F(logged_write, reads_back)
{
	size_t len = variant->len ?: strlen(variant->text);
	char after[256];

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	ASSERT_EQ(-variant->err,
		  logged_write(_metadata, &self->guard, variant->text, len, after, sizeof(after)));
	ASSERT_STREQ(variant->reads ?: KNOWN_BEFORE, after);
}

/*
 * The text is copied into a buffer of sizeof(seccomp_actions_avail), and
 * proc_dostring keeps maxlen - 1 bytes: as many as actions_avail reads
 * without its newline. A text of exactly that many bytes of valid names
 * plus one more byte ("X") is accepted, the extra byte cut off.
 */
FIXTURE(logged_long) { struct logged_guard guard; };
LOGGED_FIXTURE_SETUP_TEARDOWN(logged_long)

/* "trap ... trap errno ... errno" of exactly len bytes: 5a + 6b - 1 = len. */
static bool names_of_length(size_t len, char *out, size_t out_len, const char **reads)
{
	for (size_t b = 1; b <= 5; b++) {
		size_t used = 0, a;

		if (len + 1 < 6 * b || (len + 1 - 6 * b) % 5)
			continue;
		for (a = (len + 1 - 6 * b) / 5; a; a--)
			used += snprintf(out + used, out_len - used, "trap ");
		for (size_t i = 0; i < b; i++)
			used += snprintf(out + used, out_len - used, "%serrno", i ? " " : "");
		*reads = used > 6 * b - 1 ? "trap errno\n" : "errno\n";
		return used == len;
	}
	return false;
}

TEST_F(logged_long, cut_to_actions_avail_length)
{
	char avail[256], text[260], after[256];
	const char *reads = NULL;
	size_t keep;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_AVAIL, avail, sizeof(avail)));
	keep = strcspn(avail, "\n");
	ASSERT_TRUE(names_of_length(keep, text, sizeof(text) - 1, &reads)) TH_LOG("%zu", keep);
	strcat(text, "X");
	ASSERT_EQ(0, logged_write(_metadata, &self->guard, text, keep + 1, after, sizeof(after)));
	ASSERT_STREQ(reads, after);
}

/* Without CAP_SYS_ADMIN the write is refused: by write_actions_logged
 * (EPERM) for root without the capability, by the file mode (0644, EACCES)
 * for anyone else. The attempt runs in a child; the value must not change. */
FIXTURE(logged_nocap) { struct logged_guard guard; };
LOGGED_FIXTURE_SETUP_TEARDOWN(logged_nocap)

static int nocap_write_child(struct sct_report *rep, void *text)
{
	if (sct_have_cap(CAP_SYS_ADMIN) && sct_drop_cap(CAP_SYS_ADMIN))
		return sct_report_broken(rep, "drop CAP_SYS_ADMIN");
	rep->ret = sct_sysctl_write(ACTIONS_LOGGED, text);
	return 0;
}

TEST_F(logged_nocap, write_refused)
{
	char before[256], after[256];
	struct sct_outcome out;
	const char *text;

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	ASSERT_EQ(0, self->guard.err) TH_LOG("BROKEN: cannot guard " ACTIONS_LOGGED);
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_LOGGED, before, sizeof(before)));
	text = strcmp(before, "\n") ? "\n" : "trap";	/* differs from the value */
	ASSERT_EQ(0, sct_run_child(nocap_write_child, (void *)text, 0, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(geteuid() == 0 ? -EPERM : -EACCES, out.rep.ret);
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_LOGGED, after, sizeof(after)));
	ASSERT_STREQ(before, after);
}

/* ---- /proc/PID/status --------------------------------------------------------------- */

FIXTURE(status) {};
FIXTURE_VARIANT(status) {
	int filters;		/* ALLOW filters stacked */
	bool strict;		/* then enter strict mode instead */
};
FIXTURE_VARIANT_ADD(status, no_filter) { .filters = 0 };
FIXTURE_VARIANT_ADD(status, one_filter) { .filters = 1 };
FIXTURE_VARIANT_ADD(status, two_filters) { .filters = 2 };
FIXTURE_VARIANT_ADD(status, three_filters) { .filters = 3 };
FIXTURE_VARIANT_ADD(status, strict_mode) { .strict = true };
FIXTURE_SETUP(status) {}
FIXTURE_TEARDOWN(status) {}

struct introspect_report {
	long base_mode;
	long base_filters;
	long mode;
	long filters;
};
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
	struct introspect_report *res = SCT_REPORT(rep, struct introspect_report);
	const FIXTURE_VARIANT(status) *v = p;
	static char text[8192];
	int before, after;

	/* both opened now: strict mode allows read but not open */
	before = open("/proc/self/status", O_RDONLY);
	after = open("/proc/self/status", O_RDONLY);
	if (before < 0 || after < 0)
		return sct_report_broken(rep, "open /proc/self/status");
	read_all(before, text, sizeof(text));
	status_values(text, &res->base_mode, &res->base_filters);
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
	status_values(text, &res->mode, &res->filters);
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
	base = SCT_REPORT(&out.rep, struct introspect_report)->base_mode;
	ASSERT_NE(NO_LINE, base) TH_LOG("no Seccomp: line (CONFIG_SECCOMP off?)");
	if (variant->strict && base != SECCOMP_MODE_DISABLED)
		SKIP(return, "this process already runs in seccomp mode %ld (a confined runner): "
		     "it cannot enter strict mode", base);
	want = variant->strict ? SECCOMP_MODE_STRICT :
	       variant->filters ? SECCOMP_MODE_FILTER : base;
	ASSERT_EQ(want, SCT_REPORT(&out.rep, struct introspect_report)->mode);
}

/* The number of filters attached (seccomp.filter_count), inherited ones too. */
TEST_F(status, seccomp_filters_line)
{
	struct sct_outcome out;
	const struct introspect_report *res = SCT_REPORT(&out.rep, struct introspect_report);
	long base;

	SCT_REQUIRE(SCT_F_STATUS_FILTERS);
	run_status_child(_metadata, variant, &out);
	base = res->base_filters;
	if (variant->strict && res->base_mode != SECCOMP_MODE_DISABLED)
		SKIP(return, "this process already runs under seccomp: it cannot enter strict mode");
	ASSERT_NE(NO_LINE, base);
	ASSERT_EQ(base + variant->filters, res->filters);
}

/* ---- /proc/PID/seccomp_cache ----------------------------------------------------------- */

/*
 * One filter: other arches -> KILL_PROCESS; getpid -> ERRNO; gettid ->
 * load args[0], then ALLOW; getuid -> A &= 0xffff0000, then ALLOW if A is
 * 0 (the emulation computes the AND), else ERRNO; the rest -> ALLOW. At attach the kernel
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
	.native_nr = __NR_getppid, .expect = "ALLOW" };
FIXTURE_VARIANT_ADD(cache_file, native_denied_nr_filter) {
	.native_nr = __NR_getpid, .expect = "FILTER" };
FIXTURE_VARIANT_ADD(cache_file, native_arg_loading_nr_filter) {
	.native_nr = __NR_gettid, .expect = "FILTER" };
FIXTURE_VARIANT_ADD(cache_file, native_masked_nr_allow) {
	.native_nr = __NR_getuid, .expect = "ALLOW" };
FIXTURE_VARIANT_ADD(cache_file, compat_killed_arch_filter) {
	.compat = true, .compat_call = "getppid", .expect = "FILTER" };
FIXTURE_SETUP(cache_file) {}
FIXTURE_TEARDOWN(cache_file) {}

struct cache_query { bool compat; long nr; };
struct introspect_c_report {
	long found;
	long allow;
	long lines;
	long arches;
};

static struct sct_filter *cache_filter(void)
{
	struct sct_filter *f = sct_filter_new();
	sct_label deny = sct_label_new(f), args = sct_label_new(f), masked = sct_label_new(f);

	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, __NR_getpid, deny, SCT_NEXT);
	sct_jeq(f, __NR_gettid, args, SCT_NEXT);
	sct_jeq(f, __NR_getuid, masked, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, masked);
	sct_and(f, 0xffff0000U);
	sct_jeq(f, 0, SCT_NEXT, deny);
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
	struct introspect_c_report *res = SCT_REPORT(rep, struct introspect_c_report);
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
		res->lines++;
		if (narch == 0 || (narch == 1 && strcmp(name, arch[0])))
			snprintf(arch[narch++], sizeof(arch[0]), "%s", name);
		if (strcmp(name, arch[q->compat ? 1 : 0]) || nr != q->nr)
			continue;
		res->found = 1;
		res->allow = !strcmp(status, "ALLOW");
	}
	res->arches = narch;
	return 0;
}

TEST_F(cache_file, shows_cacheable_paths)
{
	struct cache_query q = { variant->compat, variant->native_nr };
	struct sct_outcome out;
	const struct introspect_c_report *res = SCT_REPORT(&out.rep, struct introspect_c_report);
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
	ASSERT_LT(0, res->lines) TH_LOG("empty seccomp_cache under a filter");
	ASSERT_EQ(1, res->found) {
		TH_LOG("no line for %s nr %ld (%ld lines, %ld arches)",
		       variant->compat ? "the compat arch" : "the native arch", q.nr,
		       res->lines, res->arches);
	}
	allow = res->allow;
	ASSERT_STREQ(variant->expect, allow ? "ALLOW" : "FILTER");
}

/* A task with no filter has an empty cache file (proc_pid_seccomp_cache
 * returns before printing anything). */
TEST(cache_file_empty_without_a_filter)
{
	char buf[64];
	ssize_t n;
	int fd;

	SCT_REQUIRE(SCT_F_CACHE_DEBUG);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	if (prctl(PR_GET_SECCOMP) != 0)
		SKIP(return, "this process already runs under seccomp");
	fd = open("/proc/self/seccomp_cache", O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("open /proc/self/seccomp_cache: %s", strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ASSERT_EQ(0, n) TH_LOG("read %zd bytes without a filter", n);
}

SCT_SUITE_MAIN("What the kernel tells about seccomp: GET_ACTION_AVAIL for every action "
	       "and unknown values, GET_NOTIF_SIZES against the headers, the actions_avail "
	       "and actions_logged sysctls (written as root, always restored), the Seccomp "
	       "lines of /proc/PID/status, /proc/PID/seccomp_cache.")
