#!/bin/bash
# The documentation matches the tools: one version everywhere, every command has its own
# --help, every option in --help is in the man page and the bash completion, and the
# completion completes commands, options and classes.
set -u

UH=${UH:?path to udev-helper}
S2U=${S2U:?path to sysv2unit}
SRC=${SRC:?source root}
MANDIR=${MANDIR:?built man pages}
VERSION=${VERSION:?project version}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
. "$(dirname "$0")/../lib.sh"

check "udev-helper --version is the project version" test "$("$UH" --version)" = "udev-helper $VERSION"
check "sysv2unit --version is the project version" test "$("$S2U" --version)" = "sysv2unit $VERSION"
check "-V is --version" test "$("$UH" -V)" = "$("$UH" --version)"
for page in udev-helper.8 udev-helper.conf.5 sysv2unit.8; do
        check "$page footer carries $VERSION" grep -Eq "^\.TH .* \"(udev-helper|sysv2unit) $VERSION\"" "$MANDIR/$page"
done

# The commands udev-helper --help lists, each with a help of its own.
commands=$("$UH" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\).*/\1/p')
check "udev-helper --help lists commands" test -n "$commands"
usage_of() { # usage_of CMD RC OUT: exit 0 and the first line is CMD's usage
        [ "$2" = 0 ] && [[ "${3%%$'\n'*}" == "Usage: udev-helper "*" $1"* ]]
}
for cmd in $commands; do
        out=$("$UH" "$cmd" --help); rc=$?
        check "udev-helper $cmd --help is $cmd's help (exit 0)" usage_of "$cmd" "$rc" "$out"
        check "udev-helper $cmd -h is $cmd --help" test "$("$UH" "$cmd" -h)" = "$out"
done
"$UH" nosuch --help >/dev/null 2>&1
check "udev-helper UNKNOWN --help is a usage error" test $? = 2

# Every long option in --help (global and per command) is in the man page and the completion.
# Option lines only ("  -j --json ..."), not commands quoted in the text.
options_of() { grep -oE '^ +(-[a-zA-Z] +)?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u; }
uh_help=$("$UH" --help; for cmd in $commands; do "$UH" "$cmd" --help; done)
for opt in $(options_of <<<"$uh_help"); do
        check "udev-helper(8) documents $opt" grep -q -- "${opt//-/\\\\-}" "$MANDIR/udev-helper.8"
        check "udev-helper completion knows $opt" grep -q -- "$opt" "$SRC/completion/udev-helper"
done
for opt in $("$S2U" --help | options_of); do
        check "sysv2unit(8) documents $opt" grep -q -- "${opt//-/\\\\-}" "$MANDIR/sysv2unit.8"
        check "sysv2unit completion knows $opt" grep -q -- "$opt" "$SRC/completion/sysv2unit"
done
for page in udev-helper.8:FILES udev-helper.8:"EXIT STATUS" udev-helper.8:EXAMPLES \
            sysv2unit.8:FILES sysv2unit.8:"EXIT STATUS" sysv2unit.8:EXAMPLES \
            udev-helper.conf.5:FILES udev-helper.conf.5:EXAMPLE; do
        check "${page%%:*} has a ${page#*:} section" grep -qx "\.SH \"\?${page#*:}\"\?" "$MANDIR/${page%%:*}"
done
# An option heading (.TP) followed directly by the next heading has no description.
for page in udev-helper.8 sysv2unit.8 udev-helper.conf.5; do
        check "$page: no option without a description" \
                awk '/^\.TP/ { if (tp == 2) bad = 1; tp = 1; next } tp == 1 { tp = 2; next } { tp = 0 } END { exit bad }' \
                "$MANDIR/$page"
done

# The completion itself, through bash-completion.
BC=/usr/share/bash-completion/bash_completion
complete_words() { # complete_words SCRIPT WORDS...: what TAB offers after WORDS
        local script=$1; shift
        bash -c '. "$1" && . "$2" && shift 2 &&
                 COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*" COMP_POINT=${#COMP_LINE} &&
                 _"${1//-/_}" && printf "%s\n" "${COMPREPLY[@]}"' _ "$BC" "$script" "$@" | sort | tr '\n' ' '
}
if [ -r "$BC" ]; then
        check "completion: udev-helper <TAB> offers the --help commands" \
                test "$(complete_words "$SRC/completion/udev-helper" udev-helper '')" = "$(printf '%s\n' $commands | sort | tr '\n' ' ')"
        check "completion: udev-helper scan --j offers --json" \
                test "$(complete_words "$SRC/completion/udev-helper" udev-helper scan --j)" = "--json "
        printf '[asm]\nmatch-vendor = VMware\n\n[gfs]\nmatch-fs-type = gfs2\n' >"$WORK/conf"
        check "completion: bind --class offers the configuration's classes" \
                test "$(complete_words "$SRC/completion/udev-helper" udev-helper -c "$WORK/conf" bind --class '')" = "asm gfs "
        printf '# comment\nasm/data01 36000c29a asm\nasm/data02 36000c29b asm\n' >"$WORK/bindings"
        check "completion: unbind offers the bound names" \
                test "$(complete_words "$SRC/completion/udev-helper" udev-helper -b "$WORK/bindings" unbind '')" = "asm/data01 asm/data02 "
        check "completion: sysv2unit --ex offers --explain" \
                test "$(complete_words "$SRC/completion/sysv2unit" sysv2unit --ex)" = "--explain "
else
        not_ok "bash-completion is not installed ($BC): completion not tested"
fi
summary
