// SPDX-License-Identifier: GPL-2.0-only
/*
 * args_test - filters that compare syscall arguments on all 64 bits.
 *
 * seccomp_data offers each argument as two 32-bit words (classic BPF has
 * 32-bit registers), so a 64-bit comparison is a small program; this suite
 * checks that the programs the suite's builder (sct_cmp64) and libseccomp
 * (seccomp_rule_add with SCMP_CMP64 conditions, exported with
 * seccomp_export_bpf) emit decide like the math (sct_cmp_eval), on the
 * running kernel, for every argument, operator and boundary value.
 *
 * The probed syscall numbers are ones the kernel does not implement, taken
 * by the filter before the kernel looks at them: populate_seccomp_data
 * copies all six registers untouched, so every bit reaches the filter, and
 * every probe ends in a filter's ERRNO (never in the kernel's ENOSYS).
 *
 * One child per (builder, operator) stacks one filter per (argument, value)
 * - each filter owns its own syscall number and allows every other one -
 * and probes all of them, so no experiment forks per value or per probe.
 *
 * Also: int arguments sign-extended by userspace, and
 * seccomp_data.instruction_pointer.
 */
#include <seccomp.h>
#include <stdint.h>
#include <sys/mman.h>

#include "suite.h"
#include "validator.h"

#define NVALUES		12
#define NARGS		6
#define NCASES		(NARGS * NVALUES)	/* filters per (builder, op) */
#define MAX_PROBES	24

/* Comparison operands: 32-bit and 64-bit boundaries, and values whose
 * words differ from each other. */
static const uint64_t values[NVALUES] = {
	0, 1, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
	0xffffffff00000000ULL, 0x00000001ffffffffULL, 0x123456789abcdef0ULL,
};

/* MASKED_EQ masks, one per value (index v % NMASKS). */
#define NMASKS 6
static const uint64_t masks[NMASKS] = {
	0xffffffffffffffffULL, 0xffffffff00000000ULL, 0x00000000ffffffffULL,
	0xf0f0f0f0f0f0f0f0ULL, 0x8000000080000000ULL, 0x0000ffffffff0000ULL,
};

/* Probed argument values: every operand, and the neighbours of this one
 * (one apart, and differing only in the high or only in the low word). */
static size_t probes_for(uint64_t v, uint64_t *out)
{
	static const uint64_t flips[] = {
		1, 0x80000000ULL, 0xffffffffULL,			/* low word only */
		0x100000000ULL, 0x8000000000000000ULL, 0xffffffff00000000ULL, /* high only */
	};
	size_t n = 0;

	for (size_t i = 0; i < NVALUES; i++)
		out[n++] = values[i];
	out[n++] = v - 1;
	out[n++] = v + 1;
	for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]); i++)
		out[n++] = v ^ flips[i];
	return n;
}

enum builder { B_SCT, B_LIBSECCOMP };

struct cmp_case {
	unsigned int arg;
	enum sct_cmp op;
	uint64_t value, mask;
	long nr;
};

/* ERRNO data of a filter's verdicts (<= MAX_ERRNO). */
#define E_HOLDS(i)	((int)(1 + 2 * (i)))
#define E_FAILS(i)	((int)(2 + 2 * (i)))
/* libseccomp filters only say "holds"; a base filter answers the rest. */
#define E_DECLINED	4000

/* First probed syscall number: far above any real one, below x32's bit. */
static long nr_base(void)
{
	return sct_arch_native()->nr_bound + 1000;
}

static struct cmp_case make_case(size_t i, enum sct_cmp op)
{
	struct cmp_case c = {
		.arg = i / NVALUES, .op = op, .value = values[i % NVALUES],
		.mask = op == SCT_CMP_MASKED_EQ ? masks[i % NVALUES % NMASKS] : 0,
		.nr = nr_base() + (long)i,
	};
	return c;
}

/* ---- building the programs -------------------------------------------- */

/* A built program and what owns its instructions. */
struct built {
	struct sock_fprog prog;
	struct sct_filter *f;		/* builder programs */
	struct sock_filter *raw;	/* libseccomp programs (malloc'd) */
};

static void built_free(struct built *b)
{
	sct_filter_free(b->f);
	free(b->raw);
	memset(b, 0, sizeof(*b));
}

/* nr == c->nr: ERRNO(holds) or ERRNO(fails) by the comparison; else ALLOW. */
static int build_sct(size_t i, const struct cmp_case *c, struct built *out)
{
	struct sct_filter *f = sct_filter_new();
	sct_label mine, yes, no;

	if (!f)
		return -ENOMEM;
	mine = sct_label_new(f);
	yes = sct_label_new(f);
	no = sct_label_new(f);
	sct_ld_nr(f);
	sct_jeq(f, (uint32_t)c->nr, mine, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, mine);
	sct_cmp64(f, c->arg, c->op, c->value, c->mask, yes, no);
	sct_label_here(f, yes);
	sct_ret(f, SECCOMP_RET_ERRNO | E_HOLDS(i));
	sct_label_here(f, no);
	sct_ret(f, SECCOMP_RET_ERRNO | E_FAILS(i));
	out->f = f;
	return sct_filter_build(f, &out->prog);
}

static enum scmp_compare scmp_op(enum sct_cmp op)
{
	static const enum scmp_compare map[SCT_CMP_COUNT] = {
		[SCT_CMP_EQ] = SCMP_CMP_EQ, [SCT_CMP_NE] = SCMP_CMP_NE,
		[SCT_CMP_LT] = SCMP_CMP_LT, [SCT_CMP_LE] = SCMP_CMP_LE,
		[SCT_CMP_GT] = SCMP_CMP_GT, [SCT_CMP_GE] = SCMP_CMP_GE,
		[SCT_CMP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
	};
	return map[op];
}

/* Export a libseccomp context as raw instructions (through a memfd). */
static int export_ctx(scmp_filter_ctx ctx, struct built *out)
{
	int fd = memfd_create("args_test_bpf", MFD_CLOEXEC), err = 0;
	off_t size;

	if (fd < 0)
		return -errno;
	err = seccomp_export_bpf(ctx, fd);
	if (!err) {
		size = lseek(fd, 0, SEEK_END);
		out->raw = malloc(size > 0 ? size : 1);
		if (size <= 0 || size % sizeof(struct sock_filter) || !out->raw)
			err = -EINVAL;
		else if (pread(fd, out->raw, size, 0) != size)
			err = -EIO;
		out->prog.len = size / sizeof(struct sock_filter);
		out->prog.filter = out->raw;
	}
	close(fd);
	return err;
}

/* nr == c->nr and the comparison holds: ERRNO(holds); else ALLOW. */
static int build_libseccomp(size_t i, const struct cmp_case *c, struct built *out)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	/* MASKED_EQ takes (mask, datum), the others (datum) */
	struct scmp_arg_cmp cmp = c->op == SCT_CMP_MASKED_EQ ?
		SCMP_CMP64(c->arg, scmp_op(c->op), c->mask, c->value) :
		SCMP_CMP64(c->arg, scmp_op(c->op), c->value);
	int err;

	if (!ctx)
		return -ENOMEM;
	err = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(E_HOLDS(i)), (int)c->nr, 1, cmp);
	if (!err)
		err = export_ctx(ctx, out);
	seccomp_release(ctx);
	return err;
}

/* Under libseccomp filters: the numbers nr_base() + [0, NCASES) get
 * ERRNO(E_DECLINED) unless a newer filter says otherwise (equal actions:
 * the newest filter's data wins), everything else ALLOW. */
static int build_base(struct built *out)
{
	struct sct_filter *f = sct_filter_new();
	sct_label mine = sct_label_new(f), allow = sct_label_new(f);

	sct_ld_nr(f);
	sct_jge(f, (uint32_t)nr_base(), SCT_NEXT, allow);
	sct_jge(f, (uint32_t)(nr_base() + NCASES), allow, mine);
	sct_label_here(f, mine);
	sct_ret(f, SECCOMP_RET_ERRNO | E_DECLINED);
	sct_label_here(f, allow);
	sct_ret(f, SECCOMP_RET_ALLOW);
	out->f = f;
	return sct_filter_build(f, &out->prog);
}

/* ---- running them -------------------------------------------------------- */

/* Shared with the child: the probes and what each one met. */
struct probe_log {
	size_t nprobes[NCASES];
	uint64_t probe[NCASES][MAX_PROBES];
	int err[NCASES][MAX_PROBES];	/* errno, or RAN when the call returned */
};
#define RAN (-1)

struct args_job {
	const struct built *progs;
	size_t nprogs;
	const struct cmp_case *cases;
	struct probe_log *log;
};

struct args_report {
	long failed_prog;
	long failed_err;
};

/* Install all filters, then make every probe call. */
static int args_child(struct sct_report *rep, void *arg)
{
	const struct args_job *job = arg;

	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(PR_SET_NO_NEW_PRIVS)");
	for (size_t p = 0; p < job->nprogs; p++) {
		long r = sct_install(&job->progs[p].prog, 0);

		if (r) {
			SCT_REPORT(rep, struct args_report)->failed_prog = (long)p;
			SCT_REPORT(rep, struct args_report)->failed_err = r;
			return 1;
		}
	}
	for (size_t i = 0; i < NCASES; i++) {
		const struct cmp_case *c = &job->cases[i];

		for (size_t j = 0; j < job->log->nprobes[i]; j++) {
			uint64_t p = job->log->probe[i][j];
			long a[NARGS];

			/* the other arguments hold something else entirely */
			for (unsigned int k = 0; k < NARGS; k++)
				a[k] = (long)~p;
			a[c->arg] = (long)p;
			job->log->err[i][j] = syscall(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]) == -1 ?
					      errno : RAN;
		}
	}
	rep->stage = 1;
	return 0;
}

FIXTURE(cmp) {};
FIXTURE_VARIANT(cmp) { enum builder builder; enum sct_cmp op; };
FIXTURE_SETUP(cmp) {}
FIXTURE_TEARDOWN(cmp) {}
FIXTURE_VARIANT_ADD(cmp, sct_eq) { .builder = B_SCT, .op = SCT_CMP_EQ };
FIXTURE_VARIANT_ADD(cmp, sct_ne) { .builder = B_SCT, .op = SCT_CMP_NE };
FIXTURE_VARIANT_ADD(cmp, sct_lt) { .builder = B_SCT, .op = SCT_CMP_LT };
FIXTURE_VARIANT_ADD(cmp, sct_le) { .builder = B_SCT, .op = SCT_CMP_LE };
FIXTURE_VARIANT_ADD(cmp, sct_gt) { .builder = B_SCT, .op = SCT_CMP_GT };
FIXTURE_VARIANT_ADD(cmp, sct_ge) { .builder = B_SCT, .op = SCT_CMP_GE };
FIXTURE_VARIANT_ADD(cmp, sct_masked_eq) { .builder = B_SCT, .op = SCT_CMP_MASKED_EQ };
FIXTURE_VARIANT_ADD(cmp, libseccomp_eq) { .builder = B_LIBSECCOMP, .op = SCT_CMP_EQ };
FIXTURE_VARIANT_ADD(cmp, libseccomp_ne) { .builder = B_LIBSECCOMP, .op = SCT_CMP_NE };
FIXTURE_VARIANT_ADD(cmp, libseccomp_lt) { .builder = B_LIBSECCOMP, .op = SCT_CMP_LT };
FIXTURE_VARIANT_ADD(cmp, libseccomp_le) { .builder = B_LIBSECCOMP, .op = SCT_CMP_LE };
FIXTURE_VARIANT_ADD(cmp, libseccomp_gt) { .builder = B_LIBSECCOMP, .op = SCT_CMP_GT };
FIXTURE_VARIANT_ADD(cmp, libseccomp_ge) { .builder = B_LIBSECCOMP, .op = SCT_CMP_GE };
FIXTURE_VARIANT_ADD(cmp, libseccomp_masked_eq) { .builder = B_LIBSECCOMP, .op = SCT_CMP_MASKED_EQ };

/* What a probe's errno says about case i: 1 holds, 0 fails, -1 neither. */
static int decode(int err, size_t i, enum builder b)
{
	if (err == E_HOLDS(i))
		return 1;
	if (err == (b == B_SCT ? E_FAILS(i) : E_DECLINED))
		return 0;
	return -1;
}

TEST_F(cmp, kernel_matches_math)
{
	const char *bname = variant->builder == B_SCT ? "sct_cmp64" : "libseccomp";
	struct cmp_case cases[NCASES];
	struct built progs[NCASES + 1];
	struct args_job job = { progs, 0, cases, NULL };
	unsigned int probes = 0, holds = 0, wrong = 0;
	struct sct_outcome out;
	char ob[256], why[160];

	memset(progs, 0, sizeof(progs));
	if (variant->builder == B_LIBSECCOMP)
		ASSERT_EQ(0, build_base(&progs[job.nprogs++]));
	for (size_t i = 0; i < NCASES; i++) {
		struct built *b = &progs[job.nprogs++];
		int err;

		cases[i] = make_case(i, variant->op);
		err = variant->builder == B_SCT ? build_sct(i, &cases[i], b) :
						  build_libseccomp(i, &cases[i], b);
		ASSERT_EQ(0, err) TH_LOG("%s: arg%u %s 0x%llx: %s", bname, cases[i].arg,
					 sct_cmp_name(variant->op),
					 (unsigned long long)cases[i].value, strerror(-err));
		/* the model accepts what both builders emit */
		EXPECT_EQ(0, sct_validate(b->prog.filter, b->prog.len, why, sizeof(why)))
			TH_LOG("%s program for case %zu: %s", bname, i, why);
	}
	job.log = mmap(NULL, sizeof(*job.log), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, job.log) TH_LOG("BROKEN: mmap: %m");
	for (size_t i = 0; i < NCASES; i++)
		job.log->nprobes[i] = probes_for(cases[i].value, job.log->probe[i]);

	ASSERT_EQ(0, sct_run_child(args_child, &job, 10000, &out)) TH_LOG("BROKEN: fork");
	ASSERT_EQ(1, out.rep.stage)
		TH_LOG("child %s; install of program %ld: %ld", sct_outcome_str(&out, ob, sizeof(ob)),
		       SCT_REPORT(&out.rep, struct args_report)->failed_prog, SCT_REPORT(&out.rep, struct args_report)->failed_err);

	for (size_t i = 0; i < NCASES; i++) {
		const struct cmp_case *c = &cases[i];

		for (size_t j = 0; j < job.log->nprobes[i]; j++) {
			uint64_t p = job.log->probe[i][j];
			bool want = sct_cmp_eval(c->op, p, c->value, c->mask);
			int got = decode(job.log->err[i][j], i, variant->builder);

			probes++;
			holds += got == 1;
			if (got == want)
				continue;
			if (++wrong <= 10)
				TH_LOG("%s arg%u: 0x%llx %s 0x%llx (mask 0x%llx): math %s, filter %s (errno %d)",
				       bname, c->arg, (unsigned long long)p, sct_cmp_name(c->op),
				       (unsigned long long)c->value, (unsigned long long)c->mask,
				       want ? "holds" : "fails",
				       got < 0 ? "neither" : got ? "holds" : "fails",
				       job.log->err[i][j]);
		}
	}
	ksft_print_msg("%s %s: %d filters (6 args x %d values) live, %u probes, %u hold, %u wrong\n",
		       bname, sct_cmp_name(variant->op), NCASES, NVALUES, probes, holds, wrong);
	EXPECT_EQ(0, wrong);
	munmap(job.log, sizeof(*job.log));
	for (size_t p = 0; p < job.nprogs; p++)
		built_free(&progs[p]);
}

/* ---- int arguments sign-extended by userspace ----------------------------- */

/*
 * The kernel hands the filter full registers. An int passed where the ABI
 * wants a long is sign-extended by the caller (C converts it to the
 * parameter's type), so fd = -1 arrives as 0xffffffffffffffff, and a filter
 * written against the 32-bit pattern 0xffffffff does not match it; an
 * unsigned int is zero-extended.
 */
enum passed { AS_INT, AS_UINT };

FIXTURE(extend) {};
FIXTURE_VARIANT(extend) {
	enum passed passed;
	int32_t x;		/* the 32-bit value the caller has */
	uint64_t seen;		/* what the filter must see */
	enum sct_cmp op;
	uint64_t value, mask;
	bool holds;
};
FIXTURE_SETUP(extend) {}
FIXTURE_TEARDOWN(extend) {}
FIXTURE_VARIANT_ADD(extend, int_minus_1_is_all_ones) {
	.passed = AS_INT, .x = -1, .seen = ~0ULL, .op = SCT_CMP_EQ, .value = ~0ULL, .holds = true };
FIXTURE_VARIANT_ADD(extend, int_minus_1_is_not_0xffffffff) {
	.passed = AS_INT, .x = -1, .seen = ~0ULL, .op = SCT_CMP_EQ, .value = 0xffffffffULL };
FIXTURE_VARIANT_ADD(extend, int_minus_1_low_word_masked) {
	.passed = AS_INT, .x = -1, .seen = ~0ULL, .op = SCT_CMP_MASKED_EQ, .value = 0xffffffffULL,
	.mask = 0xffffffffULL, .holds = true };
FIXTURE_VARIANT_ADD(extend, uint_max_is_0xffffffff) {
	.passed = AS_UINT, .x = -1, .seen = 0xffffffffULL, .op = SCT_CMP_EQ, .value = 0xffffffffULL,
	.holds = true };
FIXTURE_VARIANT_ADD(extend, int_min_is_huge_unsigned) {
	.passed = AS_INT, .x = INT32_MIN, .seen = 0xffffffff80000000ULL, .op = SCT_CMP_GT,
	.value = 0x7fffffffffffffffULL, .holds = true };
FIXTURE_VARIANT_ADD(extend, int_min_not_lt_0x80000001) {
	.passed = AS_INT, .x = INT32_MIN, .seen = 0xffffffff80000000ULL, .op = SCT_CMP_LT,
	.value = 0x80000001ULL };
FIXTURE_VARIANT_ADD(extend, uint_0x80000000_lt_0x80000001) {
	.passed = AS_UINT, .x = INT32_MIN, .seen = 0x80000000ULL, .op = SCT_CMP_LT,
	.value = 0x80000001ULL, .holds = true };
FIXTURE_VARIANT_ADD(extend, int_5_is_5) {
	.passed = AS_INT, .x = 5, .seen = 5, .op = SCT_CMP_EQ, .value = 5, .holds = true };

TEST_F(extend, filter_sees_the_extension)
{
	struct cmp_case c = { 0, variant->op, variant->value, variant->mask, nr_base() };
	struct built b = { 0 };
	struct sct_stage stage = { NULL, 0 };
	struct sct_probe probe = { .nr = c.nr };
	struct sct_observation obs;

	/* what C does with the argument on its way to a long parameter */
	probe.args[0] = variant->passed == AS_INT ? (long)variant->x : (long)(uint32_t)variant->x;
	ASSERT_EQ(variant->seen, (uint64_t)probe.args[0]);
	ASSERT_EQ(variant->holds, sct_cmp_eval(c.op, variant->seen, c.value, c.mask));
	ASSERT_EQ(0, build_sct(0, &c, &b)) TH_LOG("%s", sct_filter_error(b.f));
	stage.filter = b.f;
	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN(obs, SCT_SEEN_ERRNO, variant->holds ? E_HOLDS(0) : E_FAILS(0));
	built_free(&b);
}

/* ---- seccomp_data.instruction_pointer ------------------------------------ */

/*
 * Two known call sites from the arch layer: sct_arch_syscall6, whose syscall
 * instruction lies in [sct_arch_syscall6_start(), sct_arch_syscall6_ip()]
 * (the kernel records the address after it), and sct_arch_syscall6_other,
 * the same code elsewhere; libc's syscall() is a third.
 */
#define E_INSIDE	10
#define E_OUTSIDE	11

enum caller { FROM_INSIDE, FROM_OUTSIDE, FROM_LIBC };

FIXTURE(ip) {};
FIXTURE_VARIANT(ip) { enum caller caller; int want; };
FIXTURE_SETUP(ip) {}
FIXTURE_TEARDOWN(ip) {}
FIXTURE_VARIANT_ADD(ip, from_the_allowed_function) { .caller = FROM_INSIDE, .want = E_INSIDE };
FIXTURE_VARIANT_ADD(ip, from_another_function) { .caller = FROM_OUTSIDE, .want = E_OUTSIDE };
FIXTURE_VARIANT_ADD(ip, from_libc_syscall) { .caller = FROM_LIBC, .want = E_OUTSIDE };

struct ip_job { struct sock_fprog prog; enum caller caller; long nr; };

/* The probed call's result: its return value or -errno */
struct ip_report {
	long result;
};

static int ip_child(struct sct_report *rep, void *arg)
{
	struct ip_report *res = SCT_REPORT(rep, struct ip_report);
	static const long zero[6];
	const struct ip_job *job = arg;

	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(PR_SET_NO_NEW_PRIVS)");
	rep->ret = sct_install(&job->prog, 0);
	if (rep->ret)
		return 1;
	if (job->caller == FROM_INSIDE)
		res->result = sct_arch_syscall6(job->nr, zero);
	else if (job->caller == FROM_OUTSIDE)
		res->result = sct_arch_syscall6_other(job->nr, zero);
	else
		res->result = syscall(job->nr) == -1 ? -errno : 0;
	rep->stage = 1;
	return 0;
}

TEST_F(ip, filter_on_address_range)
{
	/* [start, stop): the first instruction up to and including the recorded ip */
	uint64_t start = (uintptr_t)sct_arch_syscall6_start();
	uint64_t stop = (uintptr_t)sct_arch_syscall6_ip() + 1;
	struct sct_filter *f = sct_filter_new();
	sct_label mine = sct_label_new(f), in = sct_label_new(f), out_ = sct_label_new(f);
	struct ip_job job = { { 0, NULL }, variant->caller, nr_base() };
	struct sct_outcome out;
	char ob[256];

	/* one high word for the whole range keeps the program short */
	ASSERT_EQ(start >> 32, (stop - 1) >> 32);
	sct_ld_nr(f);
	sct_jeq(f, (uint32_t)job.nr, mine, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, mine);
	sct_ld_ip_hi(f);
	sct_jeq(f, (uint32_t)(start >> 32), SCT_NEXT, out_);
	sct_ld_ip_lo(f);
	sct_jge(f, (uint32_t)start, SCT_NEXT, out_);
	sct_jge(f, (uint32_t)stop, out_, in);
	sct_label_here(f, in);
	sct_ret(f, SECCOMP_RET_ERRNO | E_INSIDE);
	sct_label_here(f, out_);
	sct_ret(f, SECCOMP_RET_ERRNO | E_OUTSIDE);
	ASSERT_EQ(0, sct_filter_build(f, &job.prog)) TH_LOG("%s", sct_filter_error(f));

	ASSERT_EQ(0, sct_run_child(ip_child, &job, 0, &out)) TH_LOG("BROKEN: fork");
	ASSERT_EQ(1, out.rep.stage) TH_LOG("child %s", sct_outcome_str(&out, ob, sizeof(ob)));
	EXPECT_EQ(-variant->want, SCT_REPORT(&out.rep, struct ip_report)->result)
		TH_LOG("range [%#llx, %#llx)", (unsigned long long)start, (unsigned long long)stop);
	sct_filter_free(f);
}

TEST(libseccomp_version)
{
	const struct scmp_version *v = seccomp_version();

	ASSERT_NE(NULL, v);
	ksft_print_msg("libseccomp %u.%u.%u (headers %d.%d.%d)\n", v->major, v->minor, v->micro,
		       SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO);
}

SCT_SUITE_MAIN("64-bit argument comparisons (EQ NE LT LE GT GE MASKED_EQ) on all six "
	       "arguments, built by sct_cmp64 and by libseccomp, against the math; "
	       "sign-extended int arguments; instruction_pointer.")
