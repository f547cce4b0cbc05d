// SPDX-License-Identifier: GPL-2.0-only
/* seccomp-bench: growing vectors, clocks, progress lines and warnings. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

void dv_push(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		double *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			fprintf(stderr, "seccomp-bench: out of memory\n");
			exit(1);
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = x;
}

/* Keep entry k of d where keep[k]; returns how many were removed. */
size_t dv_keep(struct dvec *d, const bool *keep)
{
	size_t k, m = 0;

	for (k = 0; k < d->n; k++)
		if (keep[k])
			d->v[m++] = d->v[k];
	k = d->n - m;
	d->n = m;
	return k;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void shuffle(size_t *v, size_t n, uint64_t *rng)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = sct_rng_below(rng, i), t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

void progress(const struct bench_run *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->opt.progress)
		return;
	va_start(ap, fmt);
	fputs("\r\033[K", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

void progress_done(const struct bench_run *r)
{
	if (r->opt.progress)
		fputs("\r\033[K", stderr);
}

/* Warnings are collected per suite, printed after its table, and recorded. */
void warn(struct suite *s, const char *fmt, ...)
{
	char buf[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	progress_done(s->run);
	printf("WARNING: %s\n", buf);
	json_object_array_add(s->warnings, json_object_new_string(buf));
}
