#!/usr/bin/env bash
# Writes startup-order.txt beside this script: the functions the reader
# runs from its start to its first frame (and the rest of its layout, and
# its quit), as the release binary names them, for LLD to lay out together
# (see static-bin). Run it from anywhere, when the test
# `the_startup_functions_are_laid_out_together` says the list is stale (a
# new toolchain mangles every name anew; renamed code, some):
#
#     bash .cargo/startup-order.sh
#
# It needs valgrind (callgrind lists every function that ran), script(1)
# from util-linux for a terminal, and nm from binutils. The reader runs in
# a fresh state directory at 80x24, as ../shared/perf starts it, in a
# minute.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet
bin=target/release/report-explorer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# q once the first frame and the rest of the layout are long done (valgrind
# runs it some fifty times slower). Twice: the second run reopens the
# report where the first left it (its state file), as readers do.
for run in 1 2; do
    out=$(printf %q "$work/callgrind.$run")
    reader=$(printf %q "$PWD/$bin")
    command="stty cols 80 rows 24; valgrind --tool=callgrind --demangle=no"
    command+=" --callgrind-out-file=$out $reader --ambiwidth narrow"
    (sleep 30; printf q) | env -i PATH="$PATH" HOME="$work" TERM=xterm-256color \
        LANG=C.UTF-8 script -qfec "$command" /dev/null >/dev/null
done
cat "$work"/callgrind.* | grep -oP '^c?fn=\(\d+\) \K.*' | sort -u >"$work/ran"
nm "$bin" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u >"$work/defined"
{
    echo "# The functions the reader runs before its first frame, for LLD's"
    echo "# --symbol-ordering-file (see static-bin); written by startup-order.sh."
    comm -12 "$work/ran" "$work/defined"
} >.cargo/startup-order.txt
echo "$(grep -vc '^#' .cargo/startup-order.txt) functions in .cargo/startup-order.txt"
