#!/usr/bin/env bash
# Issue 3 targets, each beside an anchor measured in the same run (run as root):
#
#   1  sampler cost     µs per container per sample of the sampler's own CgroupStatsReader (Dashboard.Benchmarks
#                       sampler-cost, over the real cgroup dirs of the daemon's running containers) vs. a C floor
#                       (tests/bench/sampler-floor.c) preading the same files, kept open, and parsing every number.
#                       Runs alternate (.NET, C, .NET, C, ... R rounds); medians.               target: ratio <= 1.5
#   2  daemon CPU       utime+stime of the daemon process (/proc/PID/stat) over 60 s with N running `sleep 3600`
#                       containers (1 Hz sampling), vs. the same daemon idle with 0 containers for 30 s.
#                                                                                       target: < 2 % of one core
#   3  docker stats     `docker stats --no-stream` (docker CLI 28 against the daemon) over the N containers, median
#                       of 5, vs. `podman stats --no-stream` over --podman-count podman containers (isolated store,
#                       cgroupfs, runc, --network none, image podman-imported from the same busybox rootfs tar).
#                                                                                       target: < 0.5 s
#   4  OOM delay        Dashboard.Benchmarks oom-latency: a SignalR subscriber of /hubs/engine Events over the unix
#                       socket; for each "oom" event, receive time minus the kernel's kill time from /dev/kmsg (both
#                       CLOCK_MONOTONIC), over --hogs containers (--memory 32m, a shell doubling a string).
#                                                                                       target: p95 < 100 ms
#   5  exit -> die      the same subscriber: receive time of each hog's "die" minus the kernel's kill (4's runs), and
#                       Dashboard.Benchmarks exit-latency: --exits `sleep 3600` containers whose process the bench
#                       SIGKILLs, receive time of the "die" minus the time of kill(2). exit-latency also checks, for
#                       each, that a wait sent before the kill is answered only once the die is stored: the events
#                       query right after it (docker events --since 1m --until 0s --filter container=X) has the die;
#                       the script does the same (with curl) after each hog's wait, for its oom and its die.
#                                                                                       target: p95 < 50 ms
#
#   sudo tests/bench/stats-oom.sh [-n CONTAINERS] [--podman-count N] [--hogs N] [--exits N] [--skip-podman]
#        [--cpu-seconds S] [--idle-seconds S] [--sampler-iterations N] [--sampler-rounds R] [--exits-only]
#
# --exits-only runs targets 4 and 5 alone (no sleepers, no podman).
#
# The daemon is src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll (built with -c Release first, incrementally), run
# with a temporary DataRoot, RunRoot, unix socket and cgroup parent and Urls=http://127.0.0.1:0. Everything created
# (containers, images, podman store, daemon, mounts, cgroups, temp dir) is removed on exit.
set -euo pipefail
export LC_ALL=C

count=200 podman_count=200 hogs=20 exits=20 skip_podman=0 cpu_seconds=60 idle_seconds=30 sampler_iterations=500
sampler_rounds=5 exits_only=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) count="$2"; shift ;;
        --podman-count) podman_count="$2"; shift ;;
        --hogs) hogs="$2"; shift ;;
        --exits) exits="$2"; shift ;;
        --exits-only) exits_only=1 skip_podman=1 ;;
        --skip-podman) skip_podman=1 ;;
        --cpu-seconds) cpu_seconds="$2"; shift ;;
        --idle-seconds) idle_seconds="$2"; shift ;;
        --sampler-iterations) sampler_iterations="$2"; shift ;;
        --sampler-rounds) sampler_rounds="$2"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "stats-oom.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root" >&2; exit 1; }
for tool in runc busybox curl tar gcc docker dotnet; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"   # the private daemon and the teardown
work="$(mktemp -d /var/tmp/dashboard-statsbench.XXXXXX)"
tag="sbench$$"
sock="$work/run/dashboard.sock"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
api() { curl -sS --max-time 60 --unix-socket "$sock" "$@"; }
pwork="$(mktemp -d /tmp/sbp.XXXXXX)"   # podman refuses a runroot longer than 50 characters
podman_() { podman --root "$pwork/root" --runroot "$pwork/runroot" --tmpdir "$pwork/tmp" \
                   --storage-driver overlay --cgroup-manager=cgroupfs --runtime=runc --events-backend=none "$@"; }
daemon_pid="" podman_ready=0 oom_pid=""
load() { cut -d' ' -f1-3 /proc/loadavg; }

cleanup() {
    set +e
    [[ -n "$oom_pid" ]] && kill -TERM "$oom_pid" 2>/dev/null
    if [[ $podman_ready -eq 1 ]]; then podman_ rm -fa -t 0 >/dev/null 2>&1; podman_ rmi -af >/dev/null 2>&1; fi
    bench_remove_all
    bench_teardown "$work" "$pwork"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
pctl() { sort -g | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; print a[i]}'; }

# ---- rootfs, builds -------------------------------------------------------------------------------
bench_busybox_rootfs "$work/rootfs" "$work/rootfs.tar"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll="$bench_daemon_dll"
bench_build_daemon "$dll" || { log "$fail"; exit 1; }
log "building tests/Dashboard.Benchmarks (Release) and the C floor"
dotnet build "$repo/tests/Dashboard.Benchmarks" -c Release --nologo -v q >&2
bench="$repo/tests/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"
gcc -O2 -Wall -o "$work/sampler-floor" "$repo/tests/bench/sampler-floor.c"

# ---- the daemon -------------------------------------------------------------------------------------
bench_start_daemon "$dll"
bench_wait_daemon || { log "$fail"; exit 1; }
bench_import_image "$work/rootfs.tar" || { log "$fail"; exit 1; }

hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
# cpu_percent SECONDS -> % of one core the daemon used over that window
cpu_percent() {
    local t0 c0 t1 c1
    t0=${EPOCHREALTIME/./}; c0=$(cpu_ticks); sleep "$1"; t1=${EPOCHREALTIME/./}; c1=$(cpu_ticks)
    awk -v c=$((c1 - c0)) -v hz="$hz" -v us=$((t1 - t0)) 'BEGIN {printf "%.2f", 100 * c / hz / (us / 1e6)}'
}

if [[ $exits_only -eq 0 ]]; then
# ---- 2a: idle baseline ------------------------------------------------------------------------------
sleep 5
log "idle daemon CPU over ${idle_seconds} s (load $(load))"
idle_load="$(load)"; idle_cpu="$(cpu_percent "$idle_seconds")"
log "  idle: $idle_cpu % of one core"

# docker_stats_median COUNT -> median of 5 `docker stats --no-stream` wall times in s (checks the line count)
docker_stats_median() {
    local i t0 t1 lines samples=""
    for i in 1 2 3 4 5; do
        t0=${EPOCHREALTIME/./}
        lines=$(docker -H "unix://$sock" stats --no-stream 2>"$work/ds.err" | wc -l)
        t1=${EPOCHREALTIME/./}
        [[ "$lines" -eq $(($1 + 1)) ]] || { log "docker stats printed $lines lines: $(head -c 300 "$work/ds.err")"; exit 1; }
        samples+="$(awk -v us=$((t1 - t0)) 'BEGIN {printf "%.3f", us / 1e6}') "
    done
    log "  docker stats --no-stream ($1 containers): $samples"
    echo "$samples" | median
}
# The CLI's own floor: with 0 containers it still waits for its first 500 ms render tick.
docker_empty_med="$(docker_stats_median 0)"

# ---- N sleepers -------------------------------------------------------------------------------------
log "starting $count sleep containers through the API"
t0=${EPOCHREALTIME/./}
bench_start_sleepers "$count" || { log "$fail"; exit 1; }
log "  $count running after $(( (${EPOCHREALTIME/./} - t0) / 1000000 )) s"
sleep 5

# ---- 2b: CPU while sampling N -------------------------------------------------------------------------
log "daemon CPU over ${cpu_seconds} s with $count running (load $(load))"
busy_load="$(load)"; busy_cpu="$(cpu_percent "$cpu_seconds")"
log "  busy: $busy_cpu % of one core"

# ---- 3: docker stats --no-stream, and the same through the API without the CLI ---------------------
docker_med="$(docker_stats_median "$count")"
# One curl process, one connection: the container list, then stats?stream=false of each (what the CLI asks for).
ids=$(api 'http://d/v1.44/containers/json' | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4)
api_samples=""
for i in 1 2 3 4 5; do
    args=(-sS --unix-socket "$sock" -o /dev/null http://d/v1.44/containers/json)
    for id in $ids; do args+=(--next -sS --unix-socket "$sock" -o /dev/null "http://d/v1.44/containers/$id/stats?stream=false"); done
    t0=${EPOCHREALTIME/./}; curl "${args[@]}"; t1=${EPOCHREALTIME/./}
    api_samples+="$(awk -v us=$((t1 - t0)) 'BEGIN {printf "%.3f", us / 1e6}') "
done
api_med="$(echo "$api_samples" | median)"
log "  API list + $count x stats?stream=false (curl, one connection): $api_samples-> median $api_med s"

# ---- 1: sampler cost vs. C floor, alternating ----------------------------------------------------------
log "sampler cost over $count containers, $sampler_iterations samples each (load $(load))"
sampler_load="$(load)"
net_samples="" c_samples="" alloc="" files=""
for i in $(seq 1 "$sampler_rounds"); do
    read -r us alloc n files < <(dotnet "$bench" sampler-cost --cgroup-parent "dashboard-$tag" \
        --iterations "$sampler_iterations" --paths-out "$work/paths.tsv")
    net_samples+="$us "
    read -r ns n2 files2 < <("$work/sampler-floor" "$work/paths.tsv" "$sampler_iterations")
    c_samples+="$(awk -v ns="$ns" 'BEGIN {printf "%.3f", ns / 1000}') "
    [[ "$n" == "$n2" && "$files" == "$files2" ]] || log "  file sets differ: .NET $n/$files, C $n2/$files2"
done
net_med="$(echo "$net_samples" | median)"; c_med="$(echo "$c_samples" | median)"
log "  .NET: $net_samples  C: $c_samples  ($files files over $n containers, $alloc B allocated per container-sample)"

log "  where the time goes (first container's files for C; all for .NET):"
dotnet "$bench" sampler-cost --cgroup-parent "dashboard-$tag" --iterations "$sampler_iterations" --breakdown 1 2>&1 >/dev/null | sed 's/^/    .NET /' >&2
log "    C floor, ns per pread+parse:"
FLOOR_BREAKDOWN=1 "$work/sampler-floor" "$work/paths.tsv" "$sampler_iterations" 2>&1 >/dev/null | sed 's/^/    C /' >&2

# ---- remove the sleepers -------------------------------------------------------------------------------
for i in $(seq 1 "$count"); do api -o /dev/null -X DELETE "http://d/v1.44/containers/$tag-s$i?force=1"; done
fi

# ---- 4: OOM delay -----------------------------------------------------------------------------------
log "OOM delay over $hogs memory hogs (load $(load))"
oom_load="$(load)"
dotnet "$bench" oom-latency --socket "$sock" --count "$hogs" --timeout $((hogs * 10 + 30)) \
    >"$work/oom.out" 2>"$work/oom.err" &
oom_pid=$!
for _ in $(seq 1 300); do grep -q READY "$work/oom.err" 2>/dev/null && break; sleep 0.1; done
grep -q READY "$work/oom.err" || { log "oom-latency did not subscribe: $(cat "$work/oom.err")"; exit 1; }
hog='{"Image":"benchbb:latest","Cmd":["sh","-c","a=xxxxxxxx; while :; do a=$a$a; done"],"HostConfig":{"NetworkMode":"none","Memory":33554432}}'
# After each hog's wait, the events query a client would send next (docker events --since 1m --until 0s --filter
# container=X) must have both its oom and its die.
hog_missing=0
for i in $(seq 1 "$hogs"); do
    since=$(( $(date +%s) - 60 ))
    api -o /dev/null -X POST -H 'Content-Type: application/json' -d "$hog" "http://d/v1.44/containers/create?name=$tag-h$i"
    api -o /dev/null -X POST "http://d/v1.44/containers/$tag-h$i/start"
    api -o /dev/null -X POST "http://d/v1.44/containers/$tag-h$i/wait"
    until="${EPOCHREALTIME}"
    actions=$(api -G "http://d/v1.44/events" --data-urlencode "since=$since" --data-urlencode "until=$until" \
        --data-urlencode "filters={\"container\":[\"$tag-h$i\"]}" | grep -o '"Action":"[a-z]*"' | cut -d'"' -f4 | tr '\n' ' ')
    [[ " $actions" =~ " oom "(.*" ")?"die " ]] || { hog_missing=$((hog_missing + 1)); log "  hog $i: events right after wait: $actions"; }
    api -o /dev/null -X DELETE "http://d/v1.44/containers/$tag-h$i?force=1"
done
wait "$oom_pid" || log "oom-latency: $(tail -n 3 "$work/oom.err")"
oom_pid=""
tail -n 1 "$work/oom.err" >&2
# oom.out: "OOM_MS DIE_MS" per hog (DIE_MS "nan" when its die never came)
cut -d' ' -f1 "$work/oom.out" >"$work/oom.ms"
cut -d' ' -f2 "$work/oom.out" | grep -v nan >"$work/oomdie.ms" || true
oom_n=$(grep -c . "$work/oom.ms" || true)
oom_p50="$(pctl 50 <"$work/oom.ms")"; oom_p95="$(pctl 95 <"$work/oom.ms")"; oom_max="$(pctl 100 <"$work/oom.ms")"
oomdie_n=$(grep -c . "$work/oomdie.ms" || true)
oomdie_p50="$(pctl 50 <"$work/oomdie.ms")"; oomdie_p95="$(pctl 95 <"$work/oomdie.ms")"; oomdie_max="$(pctl 100 <"$work/oomdie.ms")"

# ---- 5: exit -> die ------------------------------------------------------------------------------------
log "exit -> die over $exits SIGKILLed containers (load $(load))"
exit_load="$(load)"
exit_rc=0
dotnet "$bench" exit-latency --socket "$sock" --count "$exits" --image benchbb:latest --name-prefix "$tag-x" \
    >"$work/exit.ms" 2>"$work/exit.err" || exit_rc=$?
tail -n 1 "$work/exit.err" >&2
[[ $exit_rc -eq 0 ]] || log "exit-latency failed ($exit_rc): $(tail -n 5 "$work/exit.err")"
exit_missing="$(sed -n 's/.*without the die: \([0-9]*\).*/\1/p' "$work/exit.err")"
exit_n=$(grep -c . "$work/exit.ms" || true)
exit_p50="$(pctl 50 <"$work/exit.ms")"; exit_p95="$(pctl 95 <"$work/exit.ms")"; exit_max="$(pctl 100 <"$work/exit.ms")"

# ---- 3 anchor: podman stats -------------------------------------------------------------------------------
podman_med="skipped" podman_samples=""
if [[ $skip_podman -eq 0 ]] && command -v podman >/dev/null 2>&1; then
    mkdir -p "$pwork"/{root,runroot,tmp}
    podman_ready=1
    podman_ import "$work/rootfs.tar" localhost/benchbb:latest >/dev/null
    log "starting $podman_count podman containers (load $(load))"
    t0=${EPOCHREALTIME/./}
    for i in $(seq 1 "$podman_count"); do
        podman_ run -d --name "$tag-p$i" --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
            localhost/benchbb:latest sleep 3600 >/dev/null
    done
    log "  started in $(( (${EPOCHREALTIME/./} - t0) / 1000000 )) s"
    sleep 3
    for i in 1 2 3 4 5; do
        t0=${EPOCHREALTIME/./}
        lines=$(podman_ stats --no-stream 2>"$work/ps.err" | wc -l)
        t1=${EPOCHREALTIME/./}
        [[ "$lines" -eq $((podman_count + 1)) ]] || log "  podman stats printed $lines lines: $(head -c 300 "$work/ps.err")"
        podman_samples+="$(awk -v us=$((t1 - t0)) 'BEGIN {printf "%.3f", us / 1e6}') "
    done
    podman_med="$(echo "$podman_samples" | median)"
    log "  podman stats --no-stream: $podman_samples-> median $podman_med s"
fi

# ---- report ------------------------------------------------------------------------------------------------
exit_rows="| 4 kernel OOM kill -> hub subscriber, ms ($oom_n of $hogs; load $oom_load) | p50 $oom_p50, p95 $oom_p95, max $oom_max | | |
| 5 kernel OOM kill -> hub subscriber receives the die, ms ($oomdie_n of $hogs; load $oom_load) | p50 $oomdie_p50, p95 $oomdie_p95, max $oomdie_max | events query right after wait without the oom or the die: $hog_missing of $hogs | |
| 5 SIGKILL -> hub subscriber receives the die, ms ($exit_n of $exits; load $exit_load) | p50 $exit_p50, p95 $exit_p95, max $exit_max | events query right after wait without the die: ${exit_missing:-?} of $exits | |"
if [[ $exits_only -eq 1 ]]; then
    cat <<REPORT

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r); /proc/loadavg (1/5/15 min) at each phase shown.
| target | ours | anchor | ratio |
|---|---|---|---|
$exit_rows
raw: OOM+die ms [$(tr '\n' ' ' <"$work/oom.out")] exit->die ms [$(tr '\n' ' ' <"$work/exit.ms")]
REPORT
    exit 0
fi
cat <<REPORT

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r); /proc/loadavg (1/5/15 min) at each phase shown.
| target | ours | anchor | ratio |
|---|---|---|---|
| 1 sampler read+parse, µs/container/sample ($n containers, $files files; load $sampler_load) | $net_med (.NET, $alloc B alloc) | $c_med (C floor) | $(awk -v a="$net_med" -v b="$c_med" 'BEGIN {printf "%.2fx", a / b}') |
| 2 daemon CPU, % of one core (1 Hz sampling) | $busy_cpu ($count running, ${cpu_seconds} s; load $busy_load) | $idle_cpu (0 containers, ${idle_seconds} s; load $idle_load) | $(awk -v a="$busy_cpu" -v b="$idle_cpu" 'BEGIN {if (b > 0) printf "%.1fx", a / b; else print "n/a"}') |
| 3 stats --no-stream, s (median of 5) | $docker_med (docker CLI, $count) | $podman_med (podman, $podman_count) | $(awk -v a="$docker_med" -v b="$podman_med" 'BEGIN {if (b + 0 > 0) printf "podman/ours %.1fx", b / a; else print "n/a"}') |
| 3b same without the CLI: list + $count x GET stats?stream=false, one curl connection, s | $api_med | docker stats --no-stream with 0 containers: $docker_empty_med | |
$exit_rows
raw: .NET [$net_samples] C [$c_samples] podman [$podman_samples] OOM+die ms [$(tr '\n' ' ' <"$work/oom.out")] exit->die ms [$(tr '\n' ' ' <"$work/exit.ms")]
REPORT
