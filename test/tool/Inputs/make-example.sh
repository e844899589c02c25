#!/bin/sh
# make-example.sh EXAMPLE INPUTS DIR [FILE...]: copies the example driver
# EXAMPLE to DIR, adds the source files FILE... to it, and writes DIR's
# compile_commands.json with the example's own Makefile (headers: INPUTS).
# The copy builds hw.c, interrupt.c and queue.c (its three interrupt-lock
# bugs, which the tests know by heart) and FILE..., not the example's other
# sources.
set -eu
example=$1 inputs=$2 dir=$3
shift 3
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
cp -r "$example" "$dir"
rm -f "$dir"/*.o "$dir"/compile_commands.json
srcs="hw.c interrupt.c queue.c"
for f in "$@"; do
  cp "$f" "$dir"/
  srcs="$srcs $(basename "$f")"
done
sed -i "s/^SRCS = .*/SRCS = $srcs/" "$dir/Makefile"
make -s -C "$dir" compile_commands.json KMDF_INCLUDE="$inputs"
