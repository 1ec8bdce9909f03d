# Shared by the benchmark scripts in tests/bench (sourced, not run): the busybox rootfs they run, a private
# Dashboard daemon from the Release build, the image and containers they give it, and the teardown of everything
# such a run leaves on the host.
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

# bench_build_baseline REF DIR: exports REF of the repository into DIR (an export, not a worktree: the repository's
# .git, shared with other checkouts, is only read) and builds its daemon; sets baseline_dll to it.
bench_build_baseline() {
    log "building the baseline $1 in $2"
    mkdir -p "$2"
    git -C "$repo" archive --format=tar "$1" | tar -x -C "$2" || { fail="cannot export $1"; return 1; }
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build "$2/src/Dashboard.Web" -c Release --nologo -v q >&2 ||
        { fail="the baseline does not build"; return 1; }
    # shellcheck disable=SC2034  # read by the scripts
    baseline_dll="$2/src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll"
}

# bench_before_after_daemons REF DIR: the two daemons a before/after run compares. ours_dll is DASHBOARD_WEB_DLL or
# this checkout's Release build (built now); base_dll is DASHBOARD_BASELINE_DLL or REF exported into DIR and built.
bench_before_after_daemons() {
    ours_dll="${DASHBOARD_WEB_DLL:-$bench_daemon_dll}"
    [[ -n "${DASHBOARD_WEB_DLL:-}" ]] || bench_build_daemon "$ours_dll" || return 1
    base_dll="${DASHBOARD_BASELINE_DLL:-}"
    if [[ -z "$base_dll" ]]; then
        bench_build_baseline "$1" "$2" || return 1
        base_dll="$baseline_dll"
    fi
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

# bench_busybox_rootfs DIR TAR: a rootfs in DIR of the host's static busybox plus one relative symlink per applet,
# with root and nobody in /etc/passwd and /etc/group, packed into TAR (the image every script runs).
bench_busybox_rootfs() {
    local dir="$1" app
    mkdir -p "$dir"/{bin,dev,etc,proc,sys,tmp}
    cp "$(readlink -f "$(command -v busybox)")" "$dir/bin/busybox"
    for app in $(busybox --list); do [[ "$app" == busybox ]] || ln -sf busybox "$dir/bin/$app"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$dir/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$dir/etc/group"
    tar -C "$dir" -cf "$2" .
}

# bench_import_image TAR: imports TAR through the API as benchbb:latest (what `docker import` does).
bench_import_image() {
    local code
    code="$(api -o "$work/import.out" -w '%{http_code}' -X POST -H 'Content-Type: application/x-tar' \
              --data-binary "@$1" 'http://d/v1.44/images/create?fromSrc=-&repo=benchbb&tag=latest')" || true
    [[ "$code" == 200 ]] || { fail="image import answered HTTP $code: $(head -c 300 "$work/import.out" 2>/dev/null)"; return 1; }
}

# bench_start_sleepers COUNT: creates and starts COUNT `sleep 3600` containers of benchbb:latest, named
# "$tag-s1".."$tag-sCOUNT", through the API (one curl process each: create, then start by name), and checks that
# COUNT containers are running.
bench_start_sleepers() {
    local body='{"Image":"benchbb:latest","Cmd":["sleep","3600"],"HostConfig":{"NetworkMode":"none"}}' i codes running
    for i in $(seq 1 "$1"); do
        codes="$(curl -sS --max-time 60 --unix-socket "$sock" -o /dev/null -w '%{http_code} ' -X POST \
                  -H 'Content-Type: application/json' -d "$body" "http://d/v1.44/containers/create?name=$tag-s$i" \
                 --next -sS --max-time 60 --unix-socket "$sock" -o "$work/start.out" -w '%{http_code}' \
                  -X POST "http://d/v1.44/containers/$tag-s$i/start")" || true
        [[ "$codes" == "201 204" ]] || { fail="container $i: $codes $(cat "$work/start.out" 2>/dev/null)"; return 1; }
    done
    running=$(api 'http://d/v1.44/containers/json' | grep -o '"State":"running"' | wc -l)
    [[ "$running" -eq "$1" ]] || { fail="expected $1 running, found $running"; return 1; }
}

# bench_remove_all: removes every container of the run's private daemon and the benchbb:latest image through the
# API, when its socket exists. Only for a daemon the script started itself: it spares nothing.
bench_remove_all() {
    local id
    [[ -S "$sock" ]] || return 0
    for id in $(api 'http://d/v1.44/containers/json?all=1' | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4); do
        api -o /dev/null -X DELETE "http://d/v1.44/containers/$id?force=1"
    done
    api -o /dev/null -X DELETE "http://d/v1.44/images/benchbb:latest?force=1"
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

# ---- tables: microsecond samples as "us us ..." ----------------------------------------------------------------
bench_stats() { # "us us ..." -> "median p95 max n" (p95: nearest rank)
    tr ' ' '\n' <<<"$1" | awk 'NF' | sort -n | awk '
        { v[NR] = $1 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            r = NR * 0.95; p95 = v[(r == int(r)) ? r : int(r) + 1]
            printf "%d %d %d %d\n", med, p95, v[NR], NR
        }'
}
bench_ms() { awk -v u="$1" 'BEGIN {printf "%.1f", u / 1000}'; }     # microseconds -> "12.3"
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
