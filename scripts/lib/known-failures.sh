# SPDX-License-Identifier: GPL-2.0-only
#
# known-failures.sh - sourced by scripts/check-verdicts; lib/known.c has the
# same rules for tools/compare and tools/summarize (lib/known_test pins them).
#
# A list in results/known-failures/ is named
#   <release prefix>          every arch, e.g. 6.1 for 6.1.0-57-cloud-amd64
#                             and 6.1.0-57-cloud-arm64
#   <release prefix>@<arch>   runs of that arch only, e.g. 6.1@aarch64
# The prefix matches whole components of the release (6.1 is not 6.18.2);
# <arch> is the `uname -m` name of the kernel (x86_64, aarch64). Every
# matching list applies.

# kf_arch NAME: the uname -m name of an arch name or alias; fails (no
# output) for an arch arch/ does not know.
kf_arch() {
	case "$1" in
	x86_64|amd64|x86-64) echo x86_64 ;;
	aarch64|arm64) echo aarch64 ;;
	*) return 1 ;;
	esac
}

# kf_applies LISTNAME RELEASE ARCH: true when the list of that file name
# applies to a run of RELEASE on ARCH (a uname -m name).
kf_applies() {
	_kf_name=$1
	case "$_kf_name" in
	*@*)
		[ "${_kf_name##*@}" = "$3" ] || return 1
		_kf_name=${_kf_name%@*} ;;
	esac
	case "$2" in "$_kf_name"|"$_kf_name".*|"$_kf_name"-*) return 0 ;; esac
	return 1
}

# kf_lists DIR RELEASE ARCH: the applying list files, one path a line.
# A file whose @<arch> is not a uname -m name would silently never apply:
# it is an error (message on stderr, status 2).
kf_lists() {
	for _kf_f in "$1"/*; do
		[ -f "$_kf_f" ] || continue
		_kf_n=${_kf_f##*/}
		case "$_kf_n" in
		*@*)
			if [ "$(kf_arch "${_kf_n##*@}")" != "${_kf_n##*@}" ]; then
				echo "known-failure list '$_kf_f': '${_kf_n##*@}' is not an arch's uname -m name (x86_64, aarch64)" >&2
				return 2
			fi ;;
		esac
		if kf_applies "$_kf_n" "$2" "$3"; then printf '%s\n' "$_kf_f"; fi
	done
	return 0
}
