#!/usr/bin/env bash
# Attached `docker run` end to end, before and after container I/O went through conmon's attach socket, side by side
# with podman, in one run:
#   before  `docker run --rm busybox echo hi` against the daemon at --baseline REF (default 8ee10d3: attach followed
#           ctr.log, polling every 50 ms), exported with `git archive` into the run's temp dir and built there
#   after   the same against this checkout's daemon (attach through conmon's attach socket)
#   podman  `podman run --rm --network none --log-driver k8s-file benchbb echo hi` (podman attaches through the same
#           conmon socket), in a private podman store, the image `podman import`ed from a busybox rootfs like the
#           daemons' built-in busybox:latest
# Both daemons run at once, each with its own data root, run root, socket and cgroup parent; the runs are
# interleaved, the order turning each iteration, so that background load hits the three alike. For each run it
# records the wall time (command start to exit) and the time to the first byte of output (command start to "h"
# on the client's stdout); the table gives medians, p95 (nearest rank) and the ratios of the medians. Then, for each path, the latency of output while attached: a container `cat`s a FIFO that
# this script writes a timestamp into every 100 ms; the client stamps each line as it arrives (bash's
# EPOCHREALTIME, no fork) and the difference is how long a line takes from the container to the attached client.
#
#   sudo tests/bench/run-attached.sh [-n ITERATIONS] [--warmup N] [--lines N] [--baseline REF] [--skip-podman]
#
#   DASHBOARD_WEB_DLL        this checkout's daemon (default: src/Dashboard.Web built in Release by the script)
#   DASHBOARD_BASELINE_DLL   the baseline daemon (default: REF exported into the temp dir and built)
# Everything created (daemons, containers, podman store, baseline source, files, mounts, cgroups) is removed on exit.
# The repository itself is only read (no worktree is added to it).
set -euo pipefail

iterations=30 warmup=3 lines=20 baseline_ref=8ee10d3 skip_podman=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n|--iterations) iterations="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        --lines) lines="$2"; shift ;;
        --baseline) baseline_ref="$2"; shift ;;
        --skip-podman) skip_podman=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "run-attached.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$iterations" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^[0-9]+$ && "$lines" =~ ^[1-9][0-9]*$ ]] || { echo "bad -n/--warmup/--lines" >&2; exit 2; }
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root (the daemons and podman need it)" >&2; exit 1; }
for tool in busybox curl docker git tar; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (sudo docker-less-setup/install.sh --with-tests)" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"   # the private daemons and the teardown
root="$(mktemp -d /var/tmp/dbench-att.XXXXXX)"   # short: podman refuses a run root longer than 50 characters
work="$root" tag="benchatt$$" sock="" daemon_pid="" fail="" podman_ready=0
log() { printf '%s\n' "$*" >&2; }
api() { curl -sS --max-time 30 --unix-socket "$sock" "$@"; }
podman_() { podman --root "$root/podman/root" --runroot "$root/podman/runroot" --tmpdir "$root/podman/tmp" \
                   --storage-driver overlay --cgroup-manager=cgroupfs --runtime=runc --events-backend=none "$@"; }

declare -A pid_of sock_of
cleanup() {
    set +e
    local v
    if [[ $podman_ready -eq 1 ]]; then podman_ rm -fa >/dev/null 2>&1; podman_ rmi -af >/dev/null 2>&1; fi
    for v in "${!pid_of[@]}"; do
        sock="${sock_of[$v]}" daemon_pid="${pid_of[$v]}" work="$root/$v"
        bench_remove_all
        bench_stop_daemon
    done
    daemon_pid=""
    work="$root" bench_teardown "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the daemons ----------------------------------------------------------------------------------
bench_before_after_daemons "$baseline_ref" "$root/baseline" || { log "$fail"; exit 1; }

start() { # VARIANT DLL: a daemon of its own; its built-in busybox:latest is the image it runs
    work="$root/$1" sock="$root/$1/run/dashboard.sock"
    bench_start_daemon "$2" Engine__CgroupParent="dashboard-$tag-$1"
    pid_of[$1]=$daemon_pid sock_of[$1]=$sock
    bench_wait_daemon || { log "$1: $fail"; exit 1; }
    [[ "$(api -o /dev/null -w '%{http_code}' http://d/v1.44/images/busybox:latest/json)" == 200 ]] ||
        { log "$1: no busybox:latest"; exit 1; }
    work="$root"
}
start before "$base_dll"
start after "$ours_dll"

variants=(before after)
declare -A label=([before]="before ($baseline_ref): docker run --rm" [after]="after: docker run --rm" [podman]="podman run --rm")
if [[ $skip_podman -eq 0 ]] && command -v podman >/dev/null 2>&1; then
    mkdir -p "$root/podman"/{root,runroot,tmp}
    podman_ready=1
    bench_busybox_rootfs "$root/rootfs" "$root/rootfs.tar"
    if out="$(podman_ import "$root/rootfs.tar" localhost/benchbb:latest 2>&1)"; then variants+=(podman)
    else log "podman skipped: import failed: $out"; fi
else
    log "podman skipped"
fi

# command VARIANT ARGS...: the attached run of ARGS on VARIANT's runtime, output on stdout.
command_for() {
    local v="$1"; shift
    case "$v" in
        podman) podman_ run --rm --network none --log-driver k8s-file --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 "$@" ;;
        *) docker -H "unix://${sock_of[$v]}" run --rm "$@" ;;
    esac
}
image_for() { [[ "$1" == podman ]] && echo localhost/benchbb:latest || echo busybox; }

# ---- echo hi: wall time and time to first byte, interleaved ----------------------------------------
declare -A wall first
for v in "${variants[@]}"; do wall[$v]=""; first[$v]=""; done
stamp="$root/first"
log "echo hi: $warmup warm-up + $iterations measured per path, interleaved"
for ((i = 1; i <= warmup + iterations; i++)); do
    order=("${variants[@]}")
    # The order turns each iteration: none always runs right after another one.
    for ((k = 0; k < i % ${#variants[@]}; k++)); do order=("${order[@]:1}" "${order[0]}"); done
    for v in "${order[@]}"; do
        rm -f "$stamp"
        image="$(image_for "$v")"   # forked before the clock starts
        t0=${EPOCHREALTIME/./}
        command_for "$v" "$image" echo hi </dev/null |
            { IFS= read -r -n 1 c; echo "${EPOCHREALTIME/./} $c" > "$stamp"; cat >/dev/null; } ||
            { log "$v: iteration $i failed (exit status $?)"; exit 1; }
        t1=${EPOCHREALTIME/./}
        tf="" c=""
        [[ -f "$stamp" ]] && read -r tf c < "$stamp"
        [[ "$c" == h ]] || { log "$v: iteration $i printed '$c', not hi"; exit 1; }
        if (( i > warmup )); then wall[$v]+="$((t1 - t0)) "; first[$v]+="$((tf - t0)) "; fi
    done
    if (( i % 10 == 0 )); then log "  $i/$((warmup + iterations))"; fi
done

# ---- output latency while attached: a timestamp through a FIFO, stamped again on arrival --------------
declare -A delay
fifo_dir="$root/fifo"
mkdir -p "$fifo_dir"
for v in "${variants[@]}"; do
    delay[$v]=""
    rm -f "$fifo_dir/f"; mkfifo "$fifo_dir/f"
    log "output latency: $v, $lines lines 100 ms apart"
    command_for "$v" -v "$fifo_dir:/w" "$(image_for "$v")" cat /w/f </dev/null |
        while IFS= read -r sent; do echo "$(( ${EPOCHREALTIME/./} - sent ))"; done > "$root/delay-$v" &
    reader=$!
    exec 3>"$fifo_dir/f"   # blocks until the container's cat has opened the FIFO
    for ((l = 0; l < lines; l++)); do printf '%s\n' "${EPOCHREALTIME/./}" >&3; sleep 0.1; done
    exec 3>&-
    wait "$reader"
    delay[$v]="$(tr '\n' ' ' < "$root/delay-$v")"
    [[ $(wc -w <<<"${delay[$v]}") -eq $lines ]] || { log "$v: $(wc -w <<<"${delay[$v]}") of $lines lines arrived"; exit 1; }
done

# ---- table ---------------------------------------------------------------------------------------------
echo
echo "Attached run, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg) (at the start: $load_at_start)"
echo "conmon $(conmon --version 2>/dev/null | awk 'NR==1 {print $3}'), runc $(runc --version | awk 'NR==1 {print $3}'), podman $(podman --version 2>/dev/null | awk '{print $3}'), docker CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null); $iterations runs per path after $warmup warm-up, interleaved; $lines attached lines per path"
echo
echo "| path | wall median | p95 | first byte median | p95 | attached line latency median | p95 | max |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A wall_med first_med
for v in "${variants[@]}"; do
    read -r wm w95 _ _ <<<"$(bench_stats "${wall[$v]}")"
    read -r fm f95 _ _ <<<"$(bench_stats "${first[$v]}")"
    read -r dm d95 dmax _ <<<"$(bench_stats "${delay[$v]}")"
    wall_med[$v]=$wm first_med[$v]=$fm
    echo "| ${label[$v]} | $(bench_ms "$wm") ms | $(bench_ms "$w95") | $(bench_ms "$fm") ms | $(bench_ms "$f95") | $(bench_ms "$dm") ms | $(bench_ms "$d95") | $(bench_ms "$dmax") |"
done
echo
echo "after/before: wall $(bench_ratio "${wall_med[after]}" "${wall_med[before]}"), first byte $(bench_ratio "${first_med[after]}" "${first_med[before]}")"
if [[ -n "${wall_med[podman]:-}" ]]; then
    echo "after/podman: wall $(bench_ratio "${wall_med[after]}" "${wall_med[podman]}"), first byte $(bench_ratio "${first_med[after]}" "${first_med[podman]}")"
fi
