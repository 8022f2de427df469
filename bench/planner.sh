#!/bin/sh
# Benchmarks the joint-branch planner (bench/planner_bench.c) on 100,000 units against the
# time of just sorting them. Run from anywhere; builds build/libfgdj.a if needed.
set -e
cd "$(dirname "$0")/.."
# The Makefile's package list, so that the link matches the library's.
PKGS=$(sed -n 's/^PKGS *:= *//p' Makefile)
[ -n "$PKGS" ] || PKGS="sqlite3 jansson minizip expat xlsxwriter icu-uc icu-i18n"
make -s build/libfgdj.a
cc -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc \
   -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
   -O2 bench/planner_bench.c build/libfgdj.a $(pkg-config --libs $PKGS) -lm -lpthread \
   -o build/planner_bench
build/planner_bench
