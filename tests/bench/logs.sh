#!/usr/bin/env bash
# Reading a 1 GiB container log, side by side in one run (run as root):
#
#   base   the daemon before bounded logs (--baseline REF, default a555714: it reads the whole file, keeping every
#          line, for any request)
#   ours   this checkout's daemon, the same 1 GiB as one ctr.log (what a container with Engine:LogMaxSize=0 has)
#   ours/r this checkout's daemon, the same lines as 103 rotated files of 10 MiB (ctr.log.1 .. ctr.log.103)
#
# Both daemons run at once, each with its own data root, socket and cgroup parent. Each gets a created container
# whose ctr.log is the same generated file (a hard link, so the page cache is shared and neither reads from disk).
# Measured:
#   - daemon memory while 4 clients at once ask GET /containers/ID/logs?tail=1 (and then tail=100): the peak RSS
#     (VmHWM, reset through /proc/PID/clear_refs before each round) and how far it is above the daemon's idle RSS
#     (after one small request, before any read of the big log)
#   - `docker logs --tail 2` wall time (the real docker CLI), median of N, the three interleaved with the order
#     turning each iteration and a 2 s pause after each (the baseline's garbage collection must not land on the next)
#
#   sudo tests/bench/logs.sh [-n ITERATIONS] [--baseline REF] [--size-mib N]
#
# Environment:
#   DASHBOARD_WEB_DLL        our daemon (default: src/Dashboard.Web built with `dotnet build -c Release`)
#   DASHBOARD_BASELINE_DLL   the baseline daemon (default: REF exported into the run's temp dir and built)
# The baseline needs about 10 GiB of free memory for its concurrent whole-file reads. Everything created
# (daemons, containers, files, cgroups) is removed on exit.
set -euo pipefail
export LC_ALL=C

iterations=5 baseline_ref=a555714 size_mib=1024
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n|--iterations) iterations="$2"; shift ;;
        --baseline) baseline_ref="$2"; shift ;;
        --size-mib) size_mib="$2"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "logs.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$iterations" =~ ^[1-9][0-9]*$ && "$size_mib" =~ ^[1-9][0-9]*$ ]] || { echo "bad -n/--size-mib" >&2; exit 2; }
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root (the daemons need it)" >&2; exit 1; }
for tool in curl docker git split; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (sudo docker-less-setup/install.sh --with-tests)" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"
root="$(mktemp -d /var/tmp/dashboard-bench-logs.XXXXXX)"
work="$root" tag="benchlogs$$" sock="" daemon_pid="" fail=""
log() { printf '%s\n' "$*" >&2; }
api() { curl -sS --max-time 600 --unix-socket "$sock" "$@"; }

declare -A pid_of sock_of id_of warm_of
cleanup() {
    set +e
    local v id
    for v in "${!pid_of[@]}"; do
        sock="${sock_of[$v]}" daemon_pid="${pid_of[$v]}"
        for id in "${id_of[$v]:-}" "${warm_of[$v]:-}"; do
            [[ -n "$id" ]] && api -o /dev/null -X DELETE "http://d/v1.44/containers/$id?force=1" 2>/dev/null
        done
        bench_stop_daemon
    done
    daemon_pid=""
    work="$root" bench_teardown "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the daemons ----------------------------------------------------------------------------------
bench_before_after_daemons "$baseline_ref" "$root/baseline" || { log "$fail"; exit 1; }

start() { # VARIANT DLL
    work="$root/$1" sock="$root/$1/run/dashboard.sock"
    bench_start_daemon "$2" Engine__CgroupParent="dashboard-$tag-$1"
    pid_of[$1]=$daemon_pid sock_of[$1]=$sock
    bench_wait_daemon || { log "$1: $fail"; exit 1; }
    id_of[$1]="$(api -X POST -H 'Content-Type: application/json' -d '{"Image":"busybox","Cmd":["true"]}' \
                 "http://d/v1.44/containers/create?name=logbench" | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')"
    [[ -n "${id_of[$1]}" ]] || { log "$1: could not create a container"; exit 1; }
    warm_of[$1]="$(api -X POST -H 'Content-Type: application/json' -d '{"Image":"busybox","Cmd":["true"]}' \
                   "http://d/v1.44/containers/create?name=logbench-warmup" | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')"
    work="$root"
}
use() { sock="${sock_of[$1]}" daemon_pid="${pid_of[$1]}"; }
log_dir() { echo "$root/$1/data/containers/${id_of[$1]}"; }

start base "$base_dll"
start ours "$ours_dll"
# ours/r is the same daemon with a second container
use ours
id_of[rot]="$(api -X POST -H 'Content-Type: application/json' -d '{"Image":"busybox","Cmd":["true"]}' \
              "http://d/v1.44/containers/create?name=logbench-rotated" | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')"
sock_of[rot]="${sock_of[ours]}" pid_of[rot]="${pid_of[ours]}"

# ---- the log: identical k8s-file lines, then two known last ones ------------------------------------
big="$root/big.log"
filler='2026-01-01T00:00:00.000000000+00:00 stdout F a line of a benchmark log, 0123456789 abcdefghijklmnopqrstuvwxyz'
lines=$(( (size_mib << 20) / (${#filler} + 1) ))
log "writing $size_mib MiB ($lines lines) of k8s-file log"
{ yes "$filler" || true; } | head -n "$lines" > "$big"   # yes ends by SIGPIPE
printf '%s\n' '2026-01-01T00:00:01.000000000+00:00 stdout F the-second-last-line' \
              '2026-01-01T00:00:02.000000000+00:00 stderr F the-last-line' >> "$big"
ln -f "$big" "$(log_dir base)/ctr.log"
ln -f "$big" "$(log_dir ours)/ctr.log"
for v in base ours; do tail -n 3 "$big" > "$root/$v/data/containers/${warm_of[$v]}/ctr.log"; done
warm_of[rot]="${warm_of[ours]}"
# Rotated: line-aligned chunks of 10 MiB, numbered oldest first; the newest is also ctr.log, as the engine keeps it.
rot_dir="$root/ours/data/containers/${id_of[rot]}"
(cd "$root" && split -C $((10 << 20)) -d -a 4 "$big" chunk.)
n=0
for chunk in "$root"/chunk.*; do n=$((n + 1)); mv "$chunk" "$rot_dir/ctr.log.$n"; done
ln -f "$rot_dir/ctr.log.$n" "$rot_dir/ctr.log"
log "rotated copy: $n files"

variants=(base ours rot)
declare -A label=([base]="before ($baseline_ref)" [ours]="after, one 1 GiB file" [rot]="after, $n rotated files")

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# ---- memory: 4 concurrent tails, first (the baseline keeps what it read) --------------------------------
# Idle is the RSS after one small request (JIT, pools) and before any read of the big log.
declare -A idle peak
for v in "${variants[@]}"; do
    use "$v"
    api -o /dev/null "http://d/v1.44/containers/${warm_of[$v]}/logs?stdout=1&stderr=1&tail=1"
    docker -H "unix://$sock" logs --tail 1 "${warm_of[$v]}" >/dev/null 2>&1
    sleep 2
    idle[$v]=$(rss_kib "$daemon_pid")
done
for tail in 1 100; do
    for v in "${variants[@]}"; do
        use "$v"
        echo 5 > "/proc/$daemon_pid/clear_refs"   # VmHWM := VmRSS
        clients=()
        for _ in 1 2 3 4; do
            api -o /dev/null "http://d/v1.44/containers/${id_of[$v]}/logs?stdout=1&stderr=1&tail=$tail" &
            clients+=($!)
        done
        wait "${clients[@]}"   # not the daemons, which are children too
        peak[$v,$tail]=$(hwm_kib "$daemon_pid")
        log "$v tail=$tail: idle $((idle[$v] / 1024)) MiB, peak $((peak[$v,$tail] / 1024)) MiB"
        sleep 2
    done
done

# ---- every variant answers the same two lines --------------------------------------------------------------
for v in "${variants[@]}"; do
    use "$v"
    out="$(docker -H "unix://$sock" logs --tail 2 "${id_of[$v]}" 2>&1)"
    [[ "$out" == $'the-second-last-line\nthe-last-line' ]] || { log "$v: docker logs --tail 2 answered: $(head -c 300 <<<"$out")"; exit 1; }
done

# ---- docker logs --tail 2: wall time; the order turns each iteration, with a pause after each run -------------
# floor: the same daemon and CLI on a 3-line log, i.e. what the docker CLI and the request cost by themselves.
id_of[floor]="${warm_of[ours]}" sock_of[floor]="${sock_of[ours]}" pid_of[floor]="${pid_of[ours]}"
label[floor]="after, a 3-line log (CLI and request alone)"
timed=(base ours rot floor)
declare -A times
for i in $(seq 1 "$iterations"); do
    for k in 0 1 2 3; do
        v="${timed[$(( (i + k) % 4 ))]}"
        use "$v"
        t0=${EPOCHREALTIME/./}
        docker -H "unix://$sock" logs --tail 2 "${id_of[$v]}" >/dev/null 2>&1
        t1=${EPOCHREALTIME/./}
        times[$v]+="$(( (t1 - t0) / 1000 )) "
        sleep 2
    done
    log "iteration $i done (ms): base ${times[base]}| ours ${times[ours]}| rotated ${times[rot]}| floor ${times[floor]}"
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# ---- report --------------------------------------------------------------------------------------------
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
echo
echo "Reading a $size_mib MiB container log ($lines + 2 lines), $(nproc) CPUs, $(date -u +%Y-%m-%d)"
echo
echo "| daemon | docker logs --tail 2 (median of $iterations) | idle RSS | peak RSS, 4 x tail=1 | then peak, 4 x tail=100 |"
echo "|---|---:|---:|---:|---:|"
above() { local d=$(( $1 - $2 )); (( d < 0 )) && d=0; mib "$d"; }
for v in "${variants[@]}"; do
    printf '| %s | %s ms | %s MiB | %s MiB (+%s) | %s MiB (+%s) |\n' "${label[$v]}" "$(median "${times[$v]}")" "$(mib "${idle[$v]}")" \
        "$(mib "${peak[$v,1]}")" "$(above "${peak[$v,1]}" "${idle[$v]}")" "$(mib "${peak[$v,100]}")" "$(above "${peak[$v,100]}" "${idle[$v]}")"
done
printf '| %s | %s ms | | | |\n' "${label[floor]}" "$(median "${times[floor]}")"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
