# Shared by the shell test scripts: TAP-like lines and the closing "N passed, M failed".
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND...: passes when COMMAND succeeds
        local name=$1; shift
        if "$@"; then ok "$name"; else not_ok "$name"; fi
}
summary() { # prints the closing line; fails when any check failed
        echo "$passed passed, $failed failed"
        [ "$failed" = 0 ]
}
