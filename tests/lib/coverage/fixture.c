// SPDX-License-Identifier: GPL-2.0-only
/*
 * fixture.c - input of tests/kernel_coverage_test.sh: a kernel-style source
 * whose gcov JSON (fixture.gcov.json, from gcc --coverage -O0 and one run of
 * main with no argument) is committed beside it. It has the shapes
 * scripts/coverage/report must attribute to the right function: a
 * SYSCALL_DEFINE, a definition over two lines, return type on its own line,
 * a one-line definition, a function never called and one listed in
 * fixture.reachability. fixture-b.gcov.json is a run of `fixture x`.
 */
#include <stdlib.h>

#define SYSCALL_DEFINE1(name, t, a) long sys_##name(t a)

static int counter = 3;

static int half(int x)
{
	if (x > 100)
		return -1;
	return x / 2;
}

static int sum_to(int n,
		  int step)
{
	int s = 0;

	for (int i = 0; i < n; i += step)
		s += i;
	return s;
}

static int
never_called(int x)
{
	if (x)
		return 1;
	return 2;
}

static int boot_only(void)
{
	return counter;
}

static int one_liner(int x) { return x + 1; }

SYSCALL_DEFINE1(demo, int, op)
{
	switch (op) {
	case 0:
		return half(op + 8);
	case 1:
		return sum_to(4, 1);
	default:
		return never_called(op);
	}
}

int main(int argc, char **argv)
{
	long r = 0;

	(void)argv;
	r += sys_demo(0);
	r += sys_demo(argc);
	r += one_liner(1);
	if (argc > 1)
		r += boot_only();
	return r == 0 ? 1 : 0;
}
