# Shared by the benchmark scripts in tests/bench (sourced, not run): a private Dashboard daemon from the Release
# build, and the teardown of everything such a run leaves on the host.
#
# The caller sets, before using these functions:
#   repo        the repository root
#   work        the run's temp dir (mktemp -d); the daemon's data root, run root and log live below it
#   tag         a name unique to the run; the daemon's cgroup parent is "dashboard-$tag"
#   sock        the daemon's unix socket
#   daemon_pid  "" until bench_start_daemon sets it
#   log()       prints a progress line to stderr
#   api()       curl against $sock
# Functions that can fail return 1 and leave the reason in `fail`; the caller decides whether that ends the run.
# shellcheck shell=bash
# shellcheck disable=SC2154  # repo, work, tag, sock and daemon_pid are the caller's (see above)

# The daemon the scripts start unless told otherwise.
# shellcheck disable=SC2034  # used by the scripts
bench_daemon_dll="$repo/src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll"

# bench_build_daemon DLL: builds src/Dashboard.Web in Release. Always (the build is incremental): a daemon left from
# an older checkout would otherwise be measured instead of the code in front of you.
bench_build_daemon() {
    log "building the daemon: dotnet build src/Dashboard.Web -c Release"
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build "$repo/src/Dashboard.Web" -c Release --nologo -v q >&2 ||
        { fail="the daemon does not build"; return 1; }
    [[ -f "$1" ]] || { fail="no daemon at $1"; return 1; }
}

# bench_start_daemon DLL [NAME=VALUE...]: starts DLL in the background with its own data root, run root, socket and
# cgroup parent, and Kestrel on a free loopback port (so that it never collides with an installed daemon); extra
# NAME=VALUE pairs go into its environment. Sets daemon_pid; its output goes to $work/daemon.log.
bench_start_daemon() {
    local dll="$1"
    shift
    mkdir -p "$work/data" "$work/run"
    # The output directory is the content root: appsettings.json is copied there.
    (cd "$(dirname "$dll")" && exec env DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
        Engine__DataRoot="$work/data" Engine__RunRoot="$work/run" Engine__CgroupParent="dashboard-$tag" \
        Api__UnixSocket="$sock" Urls="http://127.0.0.1:0" "$@" \
        dotnet "$dll" </dev/null >"$work/daemon.log" 2>&1) &
    daemon_pid=$!
}

# bench_wait_daemon [CHECK WHAT]: waits up to 60 s until the daemon answers /_ping on $sock and, when given, the
# command CHECK succeeds too (WHAT is the reason to report when it never does). Fails at once if the daemon exits.
# shellcheck disable=SC2120  # both arguments are optional
bench_wait_daemon() {
    local check="${1:-true}" what="${2:-}" pinged=0 checked=0 _
    for _ in $(seq 1 600); do
        kill -0 "$daemon_pid" 2>/dev/null || { fail="daemon exited: $(tail -n 5 "$work/daemon.log")"; return 1; }
        pinged=0 checked=0
        if [[ -S "$sock" && "$(api http://d/_ping 2>/dev/null)" == OK ]]; then pinged=1; fi
        if "$check"; then checked=1; fi
        if (( pinged && checked )); then return 0; fi
        sleep 0.1
    done
    if (( checked )); then fail="$sock did not answer /_ping within 60 s"; else fail="$what"; fi
    fail+=": $(tail -n 5 "$work/daemon.log")"
    return 1
}

# bench_stop_daemon: stops the daemon by its pid: TERM, up to 15 s to shut down, then KILL.
bench_stop_daemon() {
    local _
    [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null || return 0
    kill -TERM "$daemon_pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
    return 0
}

# bench_kill_leftovers DIR...: KILLs the processes whose command line names a path below DIR: the conmon (and
# container) processes a stopped daemon leaves behind. Never this shell.
bench_kill_leftovers() {
    local dir pid
    for dir in "$@"; do
        for pid in $(pgrep -f -- "$dir/" 2>/dev/null); do
            [[ "$pid" != "$$" ]] && kill -KILL "$pid" 2>/dev/null
        done
    done
    return 0
}

# bench_unmount_under DIR...: unmounts whatever is still mounted below DIR (container overlays), deepest first;
# lazily when a mount is busy.
bench_unmount_under() {
    local dir m
    for dir in "$@"; do
        awk -v w="$dir/" 'index($2, w) == 1 {print $2}' /proc/mounts
    done | sort -r | while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
    done
    return 0
}

# bench_run_cgroups: the run's cgroup dirs in every hierarchy: the daemon's parent "dashboard-$tag" (and
# "dashboard-$tag-*" for other engines of the run), and "$tag-*" (runc's default cgroup is its container id). The
# names are exact so that a run never touches another run's cgroups (tag bench12 must not match bench123).
bench_run_cgroups() {
    find /sys/fs/cgroup -depth -type d \( -name "dashboard-$tag" -o -name "dashboard-$tag-*" -o -name "$tag-*" \) \
        2>/dev/null
}

# bench_remove_cgroups: removes the run's cgroups, children first. A container whose daemon died before removing it
# still has processes in them (its init is not a child of anything naming the work dir), so those are KILLed first
# and given up to 5 s to go; rmdir only takes empty dirs.
bench_remove_cgroups() {
    local m pids pid _
    for _ in $(seq 1 50); do
        pids="$(bench_run_cgroups | while read -r m; do find "$m" -name cgroup.procs -exec cat {} + 2>/dev/null; done)"
        [[ -z "$pids" ]] && break
        for pid in $pids; do [[ "$pid" != "$$" ]] && kill -KILL "$pid" 2>/dev/null; done
        sleep 0.1
    done
    bench_run_cgroups | while read -r m; do
        find "$m" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    return 0
}

# bench_teardown DIR...: the end of every run, after the script removed its own containers and images: stops the
# daemon, kills what it left naming DIR or in the run's cgroups, removes those cgroups, unmounts below DIR (once no
# container holds a mount any more), deletes DIR. For the EXIT trap, under `set +e`.
bench_teardown() {
    bench_stop_daemon
    bench_kill_leftovers "$@"
    bench_remove_cgroups
    bench_unmount_under "$@"
    rm -rf --one-file-system "$@"
}
