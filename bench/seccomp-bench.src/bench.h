/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * seccomp-bench's shared types: the run context (struct bench_run) that
 * every part takes explicitly, the configurations and suites the harness
 * measures, and the tuning constants, each with the reason for its value.
 * See main.c for what the program measures and how.
 */
#ifndef SECCOMP_BENCH_H
#define SECCOMP_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <json-c/json.h>

#include "filter.h"
#include "result.h"
#include "stats.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define MAX_STACK	40		/* the longest stack a configuration holds (stack suite: 32) */
#define DENY_ERRNO	95		/* EOPNOTSUPP: not what any measured call returns itself */
#define DUMMY_NR	0x7000		/* JEQ constants no syscall matches */
#define BOOT_REPS	2000		/* bootstrap resamples: stable 2.5/97.5% quantiles */
#define BOOT_SEED	0x5ecc0b5eedULL	/* fixed: the same record gives the same intervals */
/* Every measured call passes six zero arguments, so args[0] == 0 holds. */
#define MEASURED_CALL(nr)	syscall((nr), 0L, 0L, 0L, 0L, 0L, 0L)

/*
 * A paired sample is SUBSAMPLES turns of each side; an odd count keeps the
 * medians on a turn. Turns are short enough that a host slowdown hits both
 * sides of a pair alike.
 */
#define SUBSAMPLES	11
#define QUIET_RETRIES	5	/* retakes of a pair that failed a gate before it is dropped */
#define SPEED_ITERS	8192	/* speed-probe steps: ~10 µs, short beside a turn */
/*
 * A pair counts when at least this many of its turns pass the gates: the
 * host's quiet phases can be shorter than a pair, so gating whole pairs
 * would drop most of them on a busy host.
 */
#define MIN_KEPT_TURNS	4
/*
 * The floors are this quantile of every turn so far: a low one, not the
 * median, because the floor is the host's quietest level, and on a busy
 * host that level may be a few percent of the time.
 */
#define FLOOR_Q		0.05
#define FIT_MIN_PAIRS	3	/* configurations with fewer kept pairs stay out of a fit */

/* ---- options and the run context ------------------------------------------ */

#define MAX_HYPERFINE	16	/* --hyperfine files per run */
#define KBENCH_MAX_BYTES (1u << 20)	/* seccomp_benchmark's output: a few kB */

struct bench_opts {
	int cpu;
	int parent_cpu;
	const char *sysname;
	long nr;
	double sample_ms;
	unsigned int min_rounds, max_rounds;
	double budget_s;		/* per suite */
	double target_ns, target_rel;
	double quiet_tol;
	double speed_tol;
	clockid_t clock;
	const char *clock_name;
	bool spec_allow;
	bool quick;
	bool progress;
	bool write;
	const char *out_root;
	const char *json_path;
	bool force;			/* --force: replace an existing --json PATH */
	const char *hyperfine[MAX_HYPERFINE];
	size_t nhyperfine;
	const char *kbench_file;
	double kbench_seconds;
	const char *profiles_dir;
};

struct dvec {
	double *v;
	size_t n, cap;
};

struct turns;

/*
 * Everything one run shares between its suites, passed down explicitly.
 * The speed probe's quiet level and the length suite's fit carry over
 * from suite to suite, in the order the suites run.
 */
struct bench_run {
	struct bench_opts opt;
	struct sct_result *record;
	struct json_object *suites_json;	/* the record's "suites" object */
	struct turns *turns_page;	/* shared with every pair's children; mapped once */
	struct dvec speed_all;		/* every pair's speed probe, all suites */
	struct {			/* the length suite's uncached fit, for layouts */
		bool have;
		double a, b;
	} length_fit;
};

void bench_opts_default(struct bench_opts *o);

/* ---- configurations and suites -------------------------------------------- */

struct cfg {
	char name[64];
	char group[32];		/* "cached", "uncached", ... ("" for the baseline) */
	double x;		/* the fit's abscissa: instructions or filters */
	long nr;		/* syscall measured */
	bool denied;		/* expect ERRNO(DENY_ERRNO) */
	size_t nprogs;
	struct sct_filter *filters[MAX_STACK];
	struct sock_fprog progs[MAX_STACK];
	struct sock_filter *owned[MAX_STACK];	/* programs built outside lib/filter.h */
	size_t static_insns;	/* over the stack */
	size_t executed;	/* instructions the simulator runs for nr, over the stack */
	bool cacheable;		/* simulator: every filter const-allows nr */
	struct json_object *params;	/* extra parameters (owned until recorded) */
	long iters;
	bool broken;
	char broken_why[256];
	struct dvec ns, delta, wall_ratio;
	struct dvec pair_base;	/* each kept pair's baseline, beside delta */
	struct dvec ns_all;	/* every filtered turn, kept or not: its floor */
};

struct suite {
	struct bench_run *run;
	const char *name;
	const char *x_name;	/* "instructions", "filters" */
	long nr;		/* the measured syscall (kernel-ref: getpid) */
	const char *sysname;
	/*
	 * kernel-ref: the answer is five absolute figures, native and native +
	 * Δ for each filtered configuration; stop when each part's interval is
	 * within target / sqrt(2), so the sum's is within the target.
	 */
	bool abs_target;
	double budget_scale;	/* of --budget: suites with more configurations get more */
	double speed_tol_now;	/* opt.speed_tol, widened on a core that never settles */
	unsigned long retaken;	/* pairs taken again because the core was contended */
	unsigned long retaken_slow;	/* ... of them because the speed probe ran slow */
	unsigned long dropped_slow;	/* pairs still slow after QUIET_RETRIES: not used */
	double speed_tol_widened;	/* the speed gate had to grow to this; 0 if not */
	struct dvec base_all;	/* every baseline turn, kept or not: the floor's source */
	double base_floor_ns;	/* FLOOR_Q of base_all at the end */
	unsigned long trimmed;	/* kept pairs above the final floor's gate: not used */
	struct cfg *c;		/* c[0] is the baseline */
	size_t n, cap;
	unsigned int rounds;
	double elapsed_s, time_to_target_s;
	bool target_met;
	struct json_object *warnings;	/* printed after the suite's table, recorded */
	void *priv;		/* a suite's own results between report and record */
};

/*
 * A suite as a table row: build adds the configurations, report prints
 * the table and fits (and records the fits), record adds what the suite
 * records beyond its configurations. A row with a syscall measures it
 * instead of --syscall's.
 */
struct suite_def {
	const char *name;
	const char *x_name;
	double budget_share;	/* of --budget */
	bool abs_target;
	const char *sysname;	/* NULL: --syscall's */
	long nr;
	void (*build)(struct suite *s);
	void (*report)(struct suite *s);
	void (*record)(struct suite *s);	/* may be NULL */
};

extern const struct suite_def suite_length_def, suite_stack_def, suite_kref_def,
	suite_layouts_def;

/* util.c */
void dv_push(struct dvec *d, double x);
size_t dv_keep(struct dvec *d, const bool *keep);
double now_s(void);
void shuffle(size_t *v, size_t n, uint64_t *rng);
void progress(const struct bench_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void progress_done(const struct bench_run *r);
void warn(struct suite *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cfg.c */
enum form { FORM_CACHED, FORM_UNCACHED, FORM_DENIED };
extern const char *const form_names[3];
struct cfg *suite_add(struct suite *s, const char *group, const char *name, double x);
int cfg_push(struct cfg *c, struct sct_filter *f);
void cfg_simulate(struct cfg *c);
struct sct_filter *chain_filter(enum form form, unsigned int insns, long nr);
struct sct_filter *two_insn_filter(bool cacheable);
void suite_begin(struct suite *s, struct bench_run *r, const struct suite_def *def);
void suite_free(struct suite *s);

/* pair.c: the measuring children */
struct sample {
	double a[SUBSAMPLES], b[SUBSAMPLES];	/* each turn, ns per call (opt.clock) */
	int kept;		/* turns within the gates (reduce_turns) */
	double base_ns, ns;	/* per call: medians of the kept turns */
	double delta;		/* median of the kept turns' differences b - a */
	double wall_ratio;	/* monotonic time over both sides' turns / their CPU time */
	double speed_ns;	/* speed probe: ns per step of the chain, median of all turns */
};
void reduce_turns(struct sample *sp, double base_gate, double own_gate);
int take_pair(struct bench_run *r, const struct cfg *base, struct cfg *c, bool b_first,
	      struct sample *out);
void calibrate(struct bench_run *r, struct cfg *base, struct cfg *c);

/* harness.c: gates and the stop rule */
int delta_center(const struct dvec *d, double *est, double *lo, double *hi, double *cov);
double speed_ref(const struct bench_run *r);
void run_suite(struct suite *s);

/* fit.c */
struct group_fit {
	struct sct_fit ts, ols;
	bool ok;
};
void fit_group(const struct suite *s, const char *group, struct group_fit *g);

/* report.c: statistics reporting */
void print_header(const struct suite *s, const char *what);
void print_cfg_table(const struct suite *s);
void print_fit(const char *label, const char *unit, const struct group_fit *g);
void check_cfgs(struct suite *s);
void record_cfgs(struct suite *s);
void record_fit(const struct suite *s, const char *group, const struct group_fit *g);
void record_suite(struct suite *s);
/* A hyperfine --export-json file read and checked (*root the caller's);
 * -1 after one line on stderr. */
int load_hyperfine(const char *arg, struct json_object **root);
void import_hyperfine(struct bench_run *r, const char *arg, struct json_object *root);

/* The subcommands. */
int launch_main(int argc, char **argv);
int agree_main(int argc, char **argv);

#endif
