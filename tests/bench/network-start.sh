#!/usr/bin/env bash
# Start latency of the default network (issue 12), side by side in one run:
#   none    `docker run -d --network none busybox sleep 600` against a private Dashboard daemon (Release build)
#   bridge  `docker run -d busybox sleep 600` on the same daemon: the default network "bridge" (netns, netavark setup)
#   podman-none, podman-bridge
#           `podman run -d --network none|bridge` of the same busybox rootfs in a private podman store (podman 4.3 drives
#           the same netavark and runc; its bridge network is podman's default one, podman0 on 10.88.0.0/16)
# Each iteration runs every variant once, in an order that turns each time; the time is the client's wall time until
# `run -d` returns (the container is running). The container is removed after each run, untimed: that removal is
# where the network teardown happens, so a leak would show as a growing veth count, checked at the end.
#
#   sudo tests/bench/network-start.sh [-n ITERATIONS] [--warmup N] [--skip-podman]
#
# Everything created (daemon, containers, podman store, files, mounts, cgroups, bridges) is removed on exit.
set -euo pipefail

iterations=20 warmup=3 skip_podman=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) iterations="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        --skip-podman) skip_podman=1 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root" >&2; exit 1; }
for tool in busybox curl docker tar ip; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"
root="$(mktemp -d /var/tmp/dbench-net.XXXXXX)"
work="$root" tag="benchnet$$" sock="$root/run/dashboard.sock" daemon_pid="" fail="" podman_ready=0
log() { printf '%s\n' "$*" >&2; }
api() { curl -sS --max-time 30 --unix-socket "$sock" "$@"; }
podman_() { podman --root "$root/podman/root" --runroot "$root/podman/runroot" --tmpdir "$root/podman/tmp" \
                   --storage-driver overlay --cgroup-manager=cgroupfs --runtime=runc --events-backend=none "$@"; }

cleanup() {
    set +e
    if [[ $podman_ready -eq 1 ]]; then podman_ rm -fa >/dev/null 2>&1; podman_ rmi -af >/dev/null 2>&1; fi
    bench_remove_all
    bench_teardown "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_build_daemon "$bench_daemon_dll" || { log "$fail"; exit 1; }
# A bridge and subnet of the run's own, as the test daemons have.
bench_start_daemon "$bench_daemon_dll" Engine__NetworkBridgeName="db${tag: -8}" Engine__NetworkSubnetPool="10.127.240.0/20"
bench_wait_daemon || { log "$fail"; exit 1; }
grep -q "Networks: netavark" "$work/daemon.log" || { log "the daemon has no networks: $(grep -i network "$work/daemon.log")"; exit 1; }

variants=(none bridge)
if [[ $skip_podman -eq 0 ]] && command -v podman >/dev/null 2>&1; then
    mkdir -p "$root/podman"/{root,runroot,tmp}
    podman_ready=1
    bench_busybox_rootfs "$root/rootfs" "$root/rootfs.tar"
    if out="$(podman_ import "$root/rootfs.tar" localhost/benchbb:latest 2>&1)"; then variants+=(podman-none podman-bridge)
    else log "podman skipped: import failed: $out"; fi
else
    log "podman skipped"
fi

run_detached() { # VARIANT: prints the container id
    case "$1" in
        none) docker -H "unix://$sock" run -d --network none busybox sleep 600 ;;
        bridge) docker -H "unix://$sock" run -d busybox sleep 600 ;;
        # The ulimits keep podman under this host's hard open-files limit (its default asks for more than 20000).
        podman-none) podman_ run -d --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 localhost/benchbb:latest sleep 600 ;;
        podman-bridge) podman_ run -d --network bridge --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 localhost/benchbb:latest sleep 600 ;;
    esac
}
remove() { # VARIANT ID
    case "$1" in
        podman-*) podman_ rm -f -t 0 "$2" >/dev/null ;;
        *) docker -H "unix://$sock" rm -f "$2" >/dev/null ;;
    esac
}

veths_before="$(ip -o link show type veth | wc -l)"
declare -A times
for v in "${variants[@]}"; do times[$v]=""; done
log "run -d: $warmup warm-up + $iterations measured per variant, interleaved"
for ((i = 1; i <= warmup + iterations; i++)); do
    order=("${variants[@]}")
    for ((k = 0; k < i % ${#variants[@]}; k++)); do order=("${order[@]:1}" "${order[0]}"); done
    for v in "${order[@]}"; do
        t0=${EPOCHREALTIME/./}
        id="$(run_detached "$v")" || { log "$v: iteration $i failed"; exit 1; }
        t1=${EPOCHREALTIME/./}
        remove "$v" "$id"
        if (( i > warmup )); then times[$v]+="$((t1 - t0)) "; fi
    done
    if (( i % 10 == 0 )); then log "  $i/$((warmup + iterations))"; fi
done
veths_after="$(ip -o link show type veth | wc -l)"

stats() { # microsecond samples -> "median p90 min" in ms
    tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        p = a[int(NR * 0.9 + 0.5) > 0 ? int(NR * 0.9 + 0.5) : 1]
        printf "%.1f ms | %.1f ms | %.1f ms", m / 1000, p / 1000, a[1] / 1000 }'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "start latency, run -d until it returns ($iterations runs each; load at start $load_at_start, at end $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| variant | median | p90 | min |"
echo "|---|---|---|---|"
for v in "${variants[@]}"; do echo "| $v | $(stats <<<"${times[$v]}") |"; done
echo
ours=$(( $(median <<<"${times[bridge]}") - $(median <<<"${times[none]}") ))
echo "network cost (median bridge - median none): ours $((ours / 1000)).$(( (ours % 1000) / 100 )) ms"
if [[ -n "${times[podman-bridge]:-}" ]]; then
    theirs=$(( $(median <<<"${times[podman-bridge]}") - $(median <<<"${times[podman-none]}") ))
    echo "network cost (median bridge - median none): podman $((theirs / 1000)).$(( (theirs % 1000) / 100 )) ms"
fi
echo "veths before $veths_before, after $veths_after"
