# SPDX-License-Identifier: GPL-2.0-only
#
# seccomp-suite: conformance tests and benchmarks for Linux seccomp-BPF.
#
# Two ways to build:
#  - standalone (this repository on its own): `make`, `make run_tests`,
#    `make check`; objects go to $(O) (default ./build).
#  - dropped into a kernel tree at tools/testing/selftests/<name>/: the
#    kernel's lib.mk drives the build and its runner.sh runs the suites.
#    Force standalone mode with STANDALONE=1.
#
# Programs are found by naming convention, so adding a suite, a lib module or
# a self-test needs no Makefile edit:
#   suites/*_test.c          kselftest-harness programs run by run_tests
#   suites/helpers/*.c       programs the suites execve (built, never run)
#   suites/helpers/*_compat.c the same, built static for the compat ABI
#                            (i386 on x86_64, AArch32 on arm64; COMPAT_CC)
#   suites/helpers/*_static.c the same, built as static native binaries (libc only)
#   lib/*.c, arch/$(ARCH_NAME).c shared code, linked into every program
#   tests/*_test.c           self-tests of lib/, run by `make check`
#   tests/*_test.sh          self-tests of scripts/ and bench tools, run by `make check`
#   bench/*.c                benchmark programs
#   bench/NAME.src/*.c       one benchmark program of several files, NAME
#   tools/*.c                tools (tap2record, seccomp-profile, ...)

srcdir := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# Target architecture, the kernel's way: ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
# (ARCH is a kernel arch name, or a uname -m name); no ARCH builds for this
# machine. ARCH_NAME is the uname -m name, the file arch/$(ARCH_NAME).c.
# The compat helpers (*_compat.c) are built with COMPAT_CC, the compat ABI's
# cross compiler: i686-linux-gnu-gcc for i386 on x86_64 (else $(CC) -m32;
# Debian's gcc-multilib conflicts with every cross gcc, so install-deps uses
# gcc-i686-linux-gnu), arm-linux-gnueabihf-gcc for AArch32 on arm64.
ifeq ($(ARCH),)
ARCH_NAME ?= $(shell uname -m)
else
ARCH_NAME ?= $(or $(patsubst arm64,aarch64,$(patsubst x86,x86_64,$(filter arm64 x86,$(ARCH)))),$(ARCH))
endif
ifneq ($(CROSS_COMPILE),)
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR := $(CROSS_COMPILE)ar
endif
endif
ifeq ($(ARCH_NAME),x86_64)
COMPAT_CC ?= $(if $(shell command -v i686-linux-gnu-gcc),i686-linux-gnu-gcc,$(CC) -m32)
COMPAT_ARCH := i386
else ifeq ($(ARCH_NAME),aarch64)
COMPAT_CC ?= arm-linux-gnueabihf-gcc
COMPAT_ARCH := arm
endif

SUITES       := $(sort $(patsubst $(srcdir)/suites/%.c,%,$(wildcard $(srcdir)/suites/*_test.c)))
HELPERS_COMPAT := $(sort $(patsubst $(srcdir)/suites/helpers/%.c,%,$(wildcard $(srcdir)/suites/helpers/*_compat.c)))
HELPERS      := $(filter-out $(HELPERS_COMPAT),$(sort $(patsubst $(srcdir)/suites/helpers/%.c,%,$(wildcard $(srcdir)/suites/helpers/*.c))))
SELFTESTS    := $(sort $(patsubst $(srcdir)/tests/%.c,%,$(wildcard $(srcdir)/tests/*_test.c)))
SELFTEST_SH  := $(sort $(notdir $(wildcard $(srcdir)/tests/*_test.sh)))
BENCHES      := $(sort $(patsubst $(srcdir)/bench/%.c,%,$(wildcard $(srcdir)/bench/*.c)))
BENCH_DIRS   := $(sort $(patsubst $(srcdir)/bench/%.src/,%,$(dir $(wildcard $(srcdir)/bench/*.src/*.c))))
TOOLS        := $(sort $(patsubst $(srcdir)/tools/%.c,%,$(wildcard $(srcdir)/tools/*.c)))
TOOL_DIRS    := $(sort $(patsubst $(srcdir)/tools/%.src/,%,$(dir $(wildcard $(srcdir)/tools/*.src/*.c))))
LIB_SRCS     := $(sort $(wildcard $(srcdir)/lib/*.c)) $(wildcard $(srcdir)/arch/$(ARCH_NAME).c)
LIB_HDRS     := $(wildcard $(srcdir)/lib/*.h $(srcdir)/arch/*.h $(srcdir)/suites/*.h)

ifeq ($(COMPAT_CC),)
HELPERS_COMPAT :=
endif
ifeq ($(wildcard $(srcdir)/arch/$(ARCH_NAME).c),)
$(error no arch/$(ARCH_NAME).c: ARCH=$(ARCH) is not supported (arch/ has $(notdir $(wildcard $(srcdir)/arch/*.c))))
endif

SCT_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	      -I$(srcdir)/lib -I$(srcdir)/arch -I$(srcdir)/suites
SCT_LDLIBS := -lseccomp -ljson-c -lpthread -lm
ifeq ($(STATIC),1)
SCT_LDFLAGS := -static
endif

IN_KERNEL_TREE :=
ifneq ($(STANDALONE),1)
ifneq ($(wildcard $(srcdir)/../lib.mk),)
ifneq ($(wildcard $(srcdir)/../../../scripts/Makefile.include),)
IN_KERNEL_TREE := 1
endif
endif
endif

ifeq ($(IN_KERNEL_TREE),1)
# --- inside tools/testing/selftests/<name>/ ----------------------------------
TEST_GEN_PROGS := $(SUITES)
TEST_GEN_PROGS_EXTENDED := $(HELPERS) $(HELPERS_COMPAT)
TEST_FILES := settings config profiles
OVERRIDE_TARGETS := 1
# lib.mk defines _GNU_SOURCE itself
CFLAGS += $(filter-out -D_GNU_SOURCE,$(SCT_CFLAGS)) $(KHDR_INCLUDES) -isystem $(srcdir)/..
LDLIBS += $(SCT_LDLIBS)
LDFLAGS += $(SCT_LDFLAGS)
include ../lib.mk

LIB_OBJS := $(patsubst $(srcdir)/%.c,$(OUTPUT)/objs/%.o,$(LIB_SRCS))
$(OUTPUT)/objs/%.o: $(srcdir)/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(TEST_GEN_PROGS): $(OUTPUT)/%: $(srcdir)/suites/%.c $(LIB_OBJS) $(LIB_HDRS)
	$(CC) $(CFLAGS) $(LDFLAGS) $< $(LIB_OBJS) $(LDLIBS) -o $@
$(filter-out %_compat %_static,$(TEST_GEN_PROGS_EXTENDED)): $(OUTPUT)/%: $(srcdir)/suites/helpers/%.c $(LIB_OBJS) $(LIB_HDRS)
	$(CC) $(CFLAGS) $(LDFLAGS) $< $(LIB_OBJS) $(LDLIBS) -o $@
$(filter %_static,$(TEST_GEN_PROGS_EXTENDED)): $(OUTPUT)/%: $(srcdir)/suites/helpers/%.c
	$(CC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I$(srcdir)/suites/helpers $< -o $@
$(OUTPUT)/%_compat: $(srcdir)/suites/helpers/%_compat.c
	$(COMPAT_CC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I$(srcdir)/arch $< -o $@
EXTRA_CLEAN := $(OUTPUT)/objs

else
# --- standalone ------------------------------------------------------------------
O ?= build
O := $(patsubst %/,%,$(O))
CC ?= cc
CFLAGS ?= -O2 -g
ALL_CFLAGS = $(SCT_CFLAGS) -isystem $(KSFT_INC) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SCT_LDFLAGS) $(LDFLAGS)

KSFT_INC := $(if $(KSFT_DIR),$(abspath $(KSFT_DIR)),$(O)/ksft)
KSFT_STAMP := $(KSFT_INC)/kselftest_harness.h
DEPS_STAMP := $(O)/.deps-ok

LIB_OBJS   := $(patsubst $(srcdir)/%.c,$(O)/objs/%.o,$(LIB_SRCS))
SUITE_BINS := $(addprefix $(O)/suites/,$(SUITES) $(HELPERS) $(HELPERS_COMPAT))
TEST_BINS  := $(addprefix $(O)/tests/,$(SELFTESTS) $(SELFTEST_SH))
BENCH_BINS := $(addprefix $(O)/bench/,$(BENCHES) $(BENCH_DIRS))
TOOL_BINS  := $(addprefix $(O)/tools/,$(TOOLS) $(TOOL_DIRS))
RUNNER     := $(srcdir)/scripts/run-suites
SETTINGS   := $(O)/suites/settings

.PHONY: all deps run_tests check selftests bench clean install emit_tests help vm-payload vm-test
.DEFAULT_GOAL := all

all: $(SUITE_BINS) $(TEST_BINS) $(BENCH_BINS) $(TOOL_BINS) $(SETTINGS)

help:
	@sed -n '3,20p' $(srcdir)/Makefile | sed 's/^# \{0,1\}//'
	@echo "Targets: all run_tests check selftests bench install emit_tests vm-test clean"
	@echo "Variables: O=dir STATIC=1 KSFT_DIR=dir SKIP_DEPS=1 INSTALL_PATH=dir"
	@echo "           ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- (cross build; COMPAT_CC=cc)"

# Dependencies: checked once per build directory, installed when missing
# (scripts/install-deps is idempotent; SKIP_DEPS=1 trusts the caller).
deps: $(DEPS_STAMP)
$(DEPS_STAMP): $(srcdir)/scripts/install-deps
	@mkdir -p $(O)
ifneq ($(SKIP_DEPS),1)
	@$(srcdir)/scripts/install-deps $(if $(filter-out $(shell uname -m),$(ARCH_NAME)),--arch $(ARCH_NAME))
endif
	@touch $@

$(KSFT_STAMP): | $(DEPS_STAMP)
	@$(srcdir)/scripts/ksft-headers $(KSFT_INC) >/dev/null

$(O)/objs/%.o: $(srcdir)/%.c $(KSFT_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(O)/libsct.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/suites/%: $(srcdir)/suites/%.c $(O)/libsct.a $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(O)/libsct.a $(SCT_LDLIBS) -o $@

$(O)/suites/%: $(srcdir)/suites/helpers/%.c $(O)/libsct.a $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(O)/libsct.a $(SCT_LDLIBS) -o $@

# Compat helpers use only libc: they run under a filter the 64-bit parent set.
$(O)/suites/%_compat: $(srcdir)/suites/helpers/%_compat.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(COMPAT_CC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I$(srcdir)/arch $< -o $@

# Native static helpers (*_static.c) use only libc: exec'd to show what
# survives execve of an image without a dynamic loader.
$(O)/suites/%_static: $(srcdir)/suites/helpers/%_static.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -MMD -MP $< -o $@

$(O)/tests/%: $(srcdir)/tests/%.c $(O)/libsct.a $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(O)/libsct.a $(SCT_LDLIBS) -o $@

$(O)/tests/%.sh: $(srcdir)/tests/%.sh
	@mkdir -p $(dir $@)
	cp $< $@

$(O)/bench/%: $(srcdir)/bench/%.c $(O)/libsct.a $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(O)/libsct.a $(SCT_LDLIBS) -o $@

# bench/NAME.src/*.c and tools/NAME.src/*.c: each file an object (the $(O)/objs rule),
# linked as $(O)/bench/NAME or $(O)/tools/NAME (the folder is not named NAME: a
# script looking for the program would find it).
define src_dir_rule
$(O)/$(1)/$(2): $(patsubst $(srcdir)/%.c,$(O)/objs/%.o,$(wildcard $(srcdir)/$(1)/$(2).src/*.c)) $(O)/libsct.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) $$(filter %.o,$$^) $(O)/libsct.a $$(SCT_LDLIBS) -o $$@
endef
$(foreach d,$(BENCH_DIRS),$(eval $(call src_dir_rule,bench,$(d))))
$(foreach d,$(TOOL_DIRS),$(eval $(call src_dir_rule,tools,$(d))))

$(O)/tools/%: $(srcdir)/tools/%.c $(O)/libsct.a $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(O)/libsct.a $(SCT_LDLIBS) -o $@

$(SETTINGS): $(srcdir)/settings
	@mkdir -p $(dir $@)
	cp $< $@

# kselftest convention: TAP on stdout, one line per program, rc 4 = skip.
# The TAP is also kept in $(O)/run_tests.tap for `make check`.
run_tests: $(SUITE_BINS) $(SETTINGS)
	@$(RUNNER) --dir $(O)/suites --tap $(O)/run_tests.tap $(SUITES)

# The suites too: coverage_doc_test checks the names docs/COVERAGE.md cites
# against each suite's -l.
selftests: $(TEST_BINS) $(TOOL_BINS) $(BENCH_BINS) $(SUITE_BINS) $(SETTINGS)
	@cp $(SETTINGS) $(O)/tests/settings
	@SCT_SRCDIR=$(srcdir) $(RUNNER) --dir $(O)/tests --collection tests --tap $(O)/selftests.tap $(SELFTESTS) $(SELFTEST_SH)

# The project's own test command: lib self-tests, then the suites, whose
# verdicts are compared with the known kernel bugs for the running release.
check: selftests $(SUITE_BINS) $(SETTINGS)
	@$(RUNNER) --dir $(O)/suites --tap $(O)/run_tests.tap $(SUITES) || true
	@$(srcdir)/scripts/check-verdicts --known $(srcdir)/results/known-failures $(O)/run_tests.tap

# record-to-dat too: run-bench plots the record it writes (scripts/plot)
bench: $(BENCH_BINS) $(O)/tools/record-to-dat
	@if [ -x $(srcdir)/scripts/run-bench ]; then $(srcdir)/scripts/run-bench $(O); \
	else echo "no benchmarks yet"; fi

install: $(SUITE_BINS) $(SETTINGS)
ifndef INSTALL_PATH
	$(error set INSTALL_PATH to use install)
endif
	mkdir -p $(INSTALL_PATH)
	cp -a $(SUITE_BINS) $(SETTINGS) $(srcdir)/config $(RUNNER) $(INSTALL_PATH)/
	cp -a $(srcdir)/profiles $(INSTALL_PATH)/

# The suites on another kernel under qemu: `make vm-test KERNEL=6.1` (see
# scripts/run-vm --help); vm-payload is what run-vm builds with STATIC=1.
vm-payload: $(SUITE_BINS) $(SETTINGS) $(TOOL_BINS)
vm-test:
	@$(srcdir)/scripts/run-vm $(if $(ARCH),--arch $(ARCH)) $(if $(KERNEL),$(KERNEL),$(error set KERNEL=<package|release|bzImage>))

emit_tests:
	@for t in $(SUITES); do echo "$(or $(COLLECTION),seccomp-suite):$$t"; done

clean:
	rm -rf $(O)

-include $(LIB_OBJS:.o=.d) $(SUITE_BINS:=.d) $(TEST_BINS:=.d) $(addprefix $(O)/bench/,$(BENCHES:=.d)) $(addprefix $(O)/tools/,$(TOOLS:=.d)) \
	 $(patsubst $(srcdir)/%.c,$(O)/objs/%.d,$(wildcard $(srcdir)/bench/*.src/*.c $(srcdir)/tools/*.src/*.c))
endif
