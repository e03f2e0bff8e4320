# Shared by the command-line test scripts (sourced, POSIX sh).
#
# cli_setup NAME: a scratch directory $tmp, removed on exit, and the
# counters. run ARGS...: runs $efn; $status, $tmp/out and $tmp/err hold the
# result. pass, fail MESSAGE, show (the last output, after a failure),
# expect_status WHAT CODE, cli_finish (prints "N passed, N failed" and
# exits non-zero on any failure). Every tool a check needs is a dependency
# of the project (make deps installs it): a missing one is a failure, not a
# skipped check.

cli_setup() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 2
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 2' HUP INT TERM
    passed=0
    failed=0
    : "${SHOW_LINES:=5}"
}

pass() { passed=$((passed + 1)); }

fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*" >&2
}

show() {
    sed -e 's/^/    stdout: /' "$tmp/out" | head -n "$SHOW_LINES" >&2
    sed -e 's/^/    stderr: /' "$tmp/err" | head -n 5 >&2
}

run() {
    "$efn" "$@" <"/dev/null" >"$tmp/out" 2>"$tmp/err"
    status=$?
}

expect_status() {
    if [ "$status" -eq "$2" ]; then
        pass
    else
        fail "$1: exit status $status, expected $2"
        show
    fi
}

# need_tool PATH-OR-NAME WHAT: fails WHAT when the tool is missing.
need_tool() {
    if command -v "$1" >/dev/null 2>&1; then
        return 0
    fi
    fail "$2: $1 not found (make deps installs it)"
    return 1
}

cli_finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
