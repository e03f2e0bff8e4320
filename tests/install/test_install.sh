#!/bin/sh
# Installs efn from the build tree into a temporary prefix, then builds a
# consumer with find_package(efn) and another with pkg-config, and runs both.
set -eu
build="$1"
src="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$src" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
out="$(LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64" "$tmp/consumer/consumer")"
[ "$out" = "43.8356 1" ] || { echo "find_package consumer printed '$out'"; exit 1; }
pcdir="$(dirname "$(find "$tmp/prefix" -name efn.pc | head -n 1)")"
cc -o "$tmp/pc" "$src/consumer.c" $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs efn)
out="$(LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64" "$tmp/pc")"
[ "$out" = "43.8356 1" ] || { echo "pkg-config consumer printed '$out'"; exit 1; }
# The shared library carries its SOVERSION.
ls "$tmp"/prefix/lib*/libefn.so.0 >/dev/null
ls "$tmp"/prefix/lib*/libefn.a >/dev/null
echo "install: find_package and pkg-config consumers OK"
