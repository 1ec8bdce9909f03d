#!/usr/bin/env bash
# `docker exec web true` side by side with its anchors, in one run (run as root):
#   runc     `runc exec ID true` on a plain runc container (`runc spec`, the same busybox rootfs, `sleep 3600`): the
#            anchor every ratio is taken against
#   runc-web `runc exec` straight into the daemon's `web` (its runtime root): the same runc, but the container's own
#            profile (seccomp filter, capabilities, cgroup parent): the floor of any exec through the daemon
#   docker   `docker exec web true`, the real docker CLI against this checkout's daemon (DOCKER_HOST at its socket):
#            create, start (hijacked, attached), then inspect for the exit code
#   api      the same three calls through our raw API, in one curl process (POST /containers/web/exec, POST
#            /exec/ID/start attached without an Upgrade, GET /exec/ID/json): the daemon's share without the CLI's
#   podman   `podman exec web true` (podman runs an exec through conmon too), in a private podman store, the container
#            run with --ulimit nofile=1024:1024 (the host's hard limit is 20000, podman asks for more by default)
#   before   with --baseline REF: `docker exec web true` against the daemon at REF, exported and built in the temp dir
# The paths are interleaved, the order turning each iteration, so that background load hits them alike. Each run
# is timed from the command's start to its exit (bash's EPOCHREALTIME, no fork between); the table gives medians,
# p95 (nearest rank) and the ratio of each median to runc's. `docker version` (no exec at all: the CLI's own cost of
# one round trip) is measured the same way as a floor.
#
#   sudo tests/bench/exec.sh [-n ITERATIONS] [--warmup N] [--baseline REF] [--skip-podman]
#
#   DASHBOARD_WEB_DLL        this checkout's daemon (default: src/Dashboard.Web built in Release by the script)
#   DASHBOARD_BASELINE_DLL   with --baseline: the baseline daemon (default: REF exported into the temp dir and built)
# Everything created (daemons, containers, podman store, runc state, files, mounts, cgroups) is removed on exit.
set -euo pipefail
export LC_ALL=C

iterations=50 warmup=5 baseline_ref="" skip_podman=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n|--iterations) iterations="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        --baseline) baseline_ref="$2"; shift ;;
        --skip-podman) skip_podman=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "exec.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$iterations" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^[0-9]+$ ]] || { echo "bad -n/--warmup" >&2; exit 2; }
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root (the daemons, runc and podman need it)" >&2; exit 1; }
for tool in busybox curl docker git runc tar; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (sudo docker-less-setup/install.sh --with-tests)" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"   # the private daemons and the teardown
root="$(mktemp -d /var/tmp/dbench-exec.XXXXXX)"   # short: podman refuses a run root longer than 50 characters
work="$root" tag="benchexec$$" sock="" daemon_pid="" fail="" podman_ready=0 runc_id=""
log() { printf '%s\n' "$*" >&2; }
api() { curl -sS --max-time 30 --unix-socket "$sock" "$@"; }
podman_() { podman --root "$root/podman/root" --runroot "$root/podman/runroot" --tmpdir "$root/podman/tmp" \
                   --storage-driver overlay --cgroup-manager=cgroupfs --runtime=runc --events-backend=none "$@"; }
runc_() { runc --root "$root/runc-state" "$@"; }

declare -A pid_of sock_of
cleanup() {
    set +e
    local v
    if [[ -n "$runc_id" ]]; then runc_ kill "$runc_id" KILL >/dev/null 2>&1; sleep 0.2; runc_ delete -f "$runc_id" >/dev/null 2>&1; fi
    if [[ $podman_ready -eq 1 ]]; then podman_ rm -fa -t 0 >/dev/null 2>&1; podman_ rmi -af >/dev/null 2>&1; fi
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

# ---- the daemons, each with a running `web` -----------------------------------------------------------------
if [[ -n "$baseline_ref" ]]; then
    bench_before_after_daemons "$baseline_ref" "$root/baseline" || { log "$fail"; exit 1; }
else
    ours_dll="${DASHBOARD_WEB_DLL:-$bench_daemon_dll}"
    [[ -n "${DASHBOARD_WEB_DLL:-}" ]] || bench_build_daemon "$ours_dll" || { log "$fail"; exit 1; }
fi

start() { # VARIANT DLL: a daemon of its own, running `web` (its built-in busybox:latest, sleep 3600)
    work="$root/$1" sock="$root/$1/run/dashboard.sock"
    bench_start_daemon "$2" Engine__CgroupParent="dashboard-$tag-$1"
    pid_of[$1]=$daemon_pid sock_of[$1]=$sock
    bench_wait_daemon || { log "$1: $fail"; exit 1; }
    docker -H "unix://$sock" run -d --name web --network none busybox sleep 3600 >/dev/null ||
        { log "$1: cannot run web: $(tail -n 5 "$work/daemon.log")"; exit 1; }
    work="$root"
}
start ours "$ours_dll"
web_id="$(docker -H "unix://${sock_of[ours]}" inspect -f '{{.Id}}' web)"
variants=(runc runcweb docker api)
[[ -n "$baseline_ref" ]] && { start before "$base_dll"; variants+=(before); }
declare -A label=([runc]="runc exec ID true (anchor)" [runcweb]="runc exec into the daemon's web (no daemon, no conmon)" [docker]="docker exec web true" [api]="raw API: create + start + inspect (curl)"
                  [podman]="podman exec web true" [before]="before ($baseline_ref): docker exec web true" [version]="docker version (CLI floor, no exec)")

# ---- the runc anchor ---------------------------------------------------------------------------------------
bench_busybox_rootfs "$root/bundle/rootfs" "$root/rootfs.tar"
mkdir -p "$root/runc-state"
# runc's default spec (root "rootfs" in the bundle, no seccomp), without a terminal and running `sleep 3600`.
(cd "$root/bundle" && runc spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/^\([[:space:]]*\)"sh"$/\1"sleep", "3600"/' "$root/bundle/config.json"
grep -q '"terminal": false' "$root/bundle/config.json" && grep -q '"sleep", "3600"' "$root/bundle/config.json" ||
    { log "runc spec wrote a config this script cannot edit: $(head -c 300 "$root/bundle/config.json")"; exit 1; }
runc_id="$tag-runc"   # runc's default cgroup is the id: "$tag-*" is removed by bench_teardown
runc_ run -d --bundle "$root/bundle" "$runc_id" </dev/null >/dev/null 2>"$root/runc.err" ||
    { log "runc run failed: $(cat "$root/runc.err")"; exit 1; }

# ---- podman --------------------------------------------------------------------------------------------------
if [[ $skip_podman -eq 0 ]] && command -v podman >/dev/null 2>&1; then
    mkdir -p "$root/podman"/{root,runroot,tmp}
    podman_ready=1
    if out="$(podman_ import "$root/rootfs.tar" localhost/benchbb:latest 2>&1)" &&
       out="$(podman_ run -d --name web --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
                   localhost/benchbb:latest sleep 3600 2>&1)"; then
        variants+=(podman)
    else
        log "podman skipped: $out"
    fi
else
    log "podman skipped"
fi
variants+=(version)

# run_one VARIANT: one exec of `true` on VARIANT's path; fails when it does not exit 0.
ours_sock="${sock_of[ours]}"
api_exec() { # SOCK: create, start attached (no Upgrade: the output comes in the 200), inspect; exit code 0 or fail
    local id out
    id="$(curl -sS --max-time 30 --unix-socket "$1" -X POST -H 'Content-Type: application/json' \
            -d '{"Cmd":["true"],"AttachStdout":true,"AttachStderr":true}' http://d/v1.44/containers/web/exec | cut -d'"' -f4)"
    out="$(curl -sS --max-time 30 --unix-socket "$1" -o /dev/null -X POST -H 'Content-Type: application/json' \
            -d '{"Detach":false,"Tty":false}' "http://d/v1.44/exec/$id/start" \
          --next -sS --max-time 30 --unix-socket "$1" "http://d/v1.44/exec/$id/json")"
    [[ "$out" == *'"ExitCode":0'* ]]
}
run_one() {
    case "$1" in
        runc) runc_ exec "$runc_id" true ;;
        runcweb) runc --root "$root/ours/run/runtime" exec "$web_id" true ;;
        docker) docker -H "unix://$ours_sock" exec web true ;;
        before) docker -H "unix://${sock_of[before]}" exec web true ;;
        api) api_exec "$ours_sock" ;;
        podman) podman_ exec web true ;;
        version) docker -H "unix://$ours_sock" version >/dev/null ;;
    esac
}

# ---- interleaved runs ---------------------------------------------------------------------------------------
declare -A wall
for v in "${variants[@]}"; do wall[$v]=""; done
log "exec true: $warmup warm-up + $iterations measured per path (${variants[*]}), interleaved"
for ((i = 1; i <= warmup + iterations; i++)); do
    order=("${variants[@]}")
    for ((k = 0; k < i % ${#variants[@]}; k++)); do order=("${order[@]:1}" "${order[0]}"); done
    for v in "${order[@]}"; do
        t0=${EPOCHREALTIME/./}
        run_one "$v" </dev/null >/dev/null 2>"$root/err" || { log "$v: iteration $i failed: $(cat "$root/err")"; exit 1; }
        t1=${EPOCHREALTIME/./}
        if (( i > warmup )); then wall[$v]+="$((t1 - t0)) "; fi
    done
    if (( i % 10 == 0 )); then log "  $i/$((warmup + iterations))"; fi
done

# Nothing of the sessions is left in our daemon: no exec directory, no exec conmon.
left="$(find "$root/ours/run/exec" -mindepth 2 -maxdepth 2 2>/dev/null | wc -l)"
[[ "$left" -eq 0 ]] || log "warning: $left exec directories left under $root/ours/run/exec"

# ---- table ---------------------------------------------------------------------------------------------------
echo
echo "Exec, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg) (at the start: $load_at_start)"
echo "conmon $(conmon --version 2>/dev/null | awk 'NR==1 {print $3}'), runc $(runc --version | awk 'NR==1 {print $3}'), podman $(podman --version 2>/dev/null | awk '{print $3}'), docker CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null); $iterations runs per path after $warmup warm-up, interleaved"
echo
echo "| path | median | p95 | max | median / runc exec |"
echo "|---|---:|---:|---:|---:|"
read -r runc_med _ _ _ <<<"$(bench_stats "${wall[runc]}")"
for v in "${variants[@]}"; do
    read -r m p95 mx _ <<<"$(bench_stats "${wall[$v]}")"
    echo "| ${label[$v]} | $(bench_ms "$m") ms | $(bench_ms "$p95") | $(bench_ms "$mx") | $(bench_ratio "$m" "$runc_med") |"
done
