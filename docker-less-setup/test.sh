#!/usr/bin/env bash
# Installs the test prerequisites and runs every test project of Dashboard.sln (Release).
#
#   sudo docker-less-setup/test.sh [extra `dotnet test` arguments, e.g. --filter ...]
#
# As root it first runs install.sh --with-tests; without root it only runs the tests (suites that
# need root then skip, or fail when CI=true). Test projects run one after another, because the
# integration suites share the host's runc state and cgroups. The whole run is bounded by
# DASHBOARD_TEST_TIMEOUT_MIN (default 80) minutes. TRX results go to TestResults/<project>/.
# The last line is always "N passed, N failed, N skipped"; the exit status is 0 only when nothing failed. A test
# skips only outside CI, when a prerequisite (root, runc, chromium, ...) is missing; under CI=true that fails it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
budget=$(( ${DASHBOARD_TEST_TIMEOUT_MIN:-80} * 60 ))
results="$repo/TestResults"

say() { printf '\n==> %s\n' "$*"; }
remaining() { echo $(( budget - SECONDS > 60 ? budget - SECONDS : 60 )); }

total_passed=0 total_failed=0 total_skipped=0
problems=()

finish() {
    say "summary"
    if (( total_passed + total_failed + total_skipped == 0 )) && [[ ${#problems[@]} -eq 0 ]]; then
        problems+=("no tests ran")
    fi
    local p
    for p in "${problems[@]}"; do echo "  problem: $p"; done
    echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
    [[ $total_failed -eq 0 && ${#problems[@]} -eq 0 ]]
}

# Sums the Counters of one TRX file: prints "passed failed skipped".
trx_counts() {
    awk '
        /<Counters / {
            s = $0
            while (match(s, /[a-zA-Z]+="[0-9]+"/)) {
                kv = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
                split(kv, a, "="); gsub(/"/, "", a[2]); c[a[1]] = a[2] + 0
            }
            exit
        }
        END {
            # xunit skips show up as total - executed (notExecuted stays 0 with the VSTest adapter).
            skipped = c["total"] - c["executed"]; if (c["notExecuted"] > skipped) skipped = c["notExecuted"]
            printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], skipped
        }
    ' "$1"
}

# Names of failed tests in one TRX file, one per line.
trx_failures() {
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$1" 2>/dev/null |
        sed -n 's/.*testName="\([^"]*\)".*/\1/p' | sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' || true
}

# --- prerequisites -------------------------------------------------------------------------------
if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
    say "install.sh --with-tests"
    if ! timeout "$(remaining)" "$here/install.sh" --with-tests </dev/null; then
        problems+=("install.sh --with-tests failed (see above)")
        [[ "${CI:-}" == "true" ]] && { total_failed=$((total_failed + 1)); finish || true; exit 1; }
    fi
else
    say "not root: skipping install.sh; tests that need root will skip (or fail when CI=true)"
fi

# --- build once ----------------------------------------------------------------------------------
say "dotnet build Dashboard.sln -c Release"
if ! timeout "$(remaining)" dotnet build Dashboard.sln -c Release --nologo </dev/null; then
    problems+=("the solution does not build")
    total_failed=$((total_failed + 1))
    finish || true
    exit 1
fi

# --- test projects, from the solution file -----------------------------------------------------------
# Only *Tests projects: tests/ also holds the benchmark console, which is not a test suite.
mapfile -t projects < <(grep -oE '"tests[\\/][^"]+Tests\.csproj"' Dashboard.sln | tr -d '"' | tr '\\' '/' | sort -u)
[[ ${#projects[@]} -gt 0 ]] || { problems+=("no test projects in Dashboard.sln"); finish; exit 1; }

rm -rf "$results"
for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    dir="$results/$name"
    if (( budget - SECONDS < 60 )); then
        problems+=("$name not run: the ${budget}s time budget is used up")
        total_failed=$((total_failed + 1))
        continue
    fi
    say "dotnet test $proj"
    rc=0
    # blame-hang kills a test host that makes no progress, so one hung test cannot eat the budget.
    timeout --kill-after=30s "$(remaining)" dotnet test "$proj" -c Release --no-build --nologo \
        --results-directory "$dir" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --blame-hang --blame-hang-timeout 15m --blame-hang-dump-type none \
        "$@" </dev/null || rc=$?

    shopt -s nullglob
    trx_files=("$dir"/*.trx)
    shopt -u nullglob
    p=0 f=0 s=0
    for trx in "${trx_files[@]}"; do
        read -r tp tf ts < <(trx_counts "$trx")
        p=$((p + tp)); f=$((f + tf)); s=$((s + ts))
        while IFS= read -r t; do [[ -n "$t" ]] && echo "  FAILED: $t"; done < <(trx_failures "$trx")
    done
    echo "  $name: $p passed, $f failed, $s skipped (exit $rc)"
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
    if [[ $rc -ne 0 && $f -eq 0 ]]; then
        # A crash, a timeout or a hang kill leaves no failed test behind: count the project itself.
        if [[ $rc -eq 124 || $rc -eq 137 ]]; then problems+=("$name timed out")
        else problems+=("$name: dotnet test exited $rc without a failed test (test host crash or no results)"); fi
        total_failed=$((total_failed + 1))
    fi
done

finish
