#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# arch_neutral_test: everything outside arch/ stays arch-neutral (issue 14).
# (a) No C file outside arch/ tests an arch macro (__x86_64__, __aarch64__,
# __i386__, __arm__, __ILP32__): arch facts come from arch/<arch>.c through
# arch/arch.h. (b) No C file outside arch/ names a syscall that only some
# arches have (asm-generic, the table of arm64 and riscv, dropped the old
# path-based and multiplexed calls): probes pick their calls through the
# arch layer. TAP output, one line per offending file.

case "${1:-}" in -h|--help) echo "Usage: $0   (self-test: no arch conditionals or x86-only syscalls outside arch/; TAP)"; exit 0 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
for d in "${SCT_SRCDIR:-}" "$here/.." "$here/../.."; do
	[ -n "$d" ] && [ -f "$d/arch/arch.h" ] && { src=$(cd "$d" && pwd); break; }
done
[ -n "${src:-}" ] || { echo "Bail out! arch/arch.h not found"; exit 1; }

# C sources outside arch/ (and outside build directories)
files=$(cd "$src" && find lib suites tests bench tools -name '*.[ch]' 2>/dev/null | sort)
[ -n "$files" ] || { echo "Bail out! no C sources under $src"; exit 1; }

# Syscalls of x86_64 that asm-generic (arm64) does not have.
x86_only='open|creat|link|unlink|mkdir|rmdir|rename|readlink|symlink|chmod|chown|lchown|access|stat|lstat|mknod|utime|utimes|futimesat|fork|vfork|pipe|dup2|poll|select|alarm|pause|time|getpgrp|epoll_create|epoll_wait|inotify_init|eventfd|signalfd|getdents|arch_prctl|iopl|ioperm|modify_ldt|uselib|sysfs|ustat|sendfile64|socketcall|ipc|uselib|_sysctl'

n=0 failed=0
check() { # name grep-pattern
	n=$((n + 1))
	hits=$(cd "$src" && grep -nE "$2" $files 2>/dev/null)
	if [ -z "$hits" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		printf '%s\n' "$hits" | sed 's/^/# /'
		failed=1
	fi
}
echo "1..2"
check "no arch macro conditionals outside arch/" \
	'^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif).*(__x86_64__|__aarch64__|__i386__|__arm__|__ILP32__)'
check "no x86-only syscall numbers outside arch/" \
	"(__NR|SYS)_($x86_only)([^a-z0-9_]|\$)"
exit $failed
