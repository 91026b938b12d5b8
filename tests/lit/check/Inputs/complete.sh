#!/usr/bin/env bash
# complete.sh SCRIPT TOOL WORD...: loads bash completion SCRIPT and prints what it offers for
# the command line TOOL WORD... (the last word being completed), one candidate per line.
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
compopt() { :; } # only meaningful inside readline
"$(complete -p "$1" | sed 's/.*-F \([^ ]*\) .*/\1/')"
[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
