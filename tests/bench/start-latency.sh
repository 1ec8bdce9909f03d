#!/usr/bin/env bash
# Container start latency, side by side in one run, on one busybox rootfs (run as root):
#
#   A   runc run                     bundle from `runc spec`, args [true], terminal false, default
#                                    namespaces; create + start + wait + delete in one command
#   B   podman run -d --network none image `podman import`ed from the same rootfs tar, isolated
#                                    store, --cgroup-manager=cgroupfs --runtime=runc, ulimits
#   C   Dashboard API create+start   POST /containers/create + /containers/{name}/start on the unix
#                                    socket, one curl process and one connection, until start returns
#   C2  docker run -d                the real docker CLI against the same daemon (CLI start-up included)
#   D   Dashboard engine in-process  tests/Dashboard.Benchmarks: EngineHost in this process, timing
#                                    ContainerEngine.CreateAsync + StartAsync (see DASHBOARD_ENGINE_BENCH)
#
# Iterations are interleaved (A B C C2 A B C C2 ...) so that background load hits every path
# alike; the table shows medians and the ratios ours/runc and podman/ours.
#
#   sudo tests/bench/start-latency.sh [-n ITERATIONS] [--warmup N] [--skip-podman] [--skip-api] [--skip-engine]
#
# Environment:
#   DASHBOARD_WEB_DLL       daemon to start for C (default src/Dashboard.Web/bin/Release/net10.0/
#                           Dashboard.Web.dll; built with `dotnet build -c Release` first, incrementally).
#                           It runs with a temporary DataRoot, RunRoot, socket and cgroup parent.
#   DASHBOARD_BENCH_SOCKET  use an already running daemon on this socket instead of starting one
#                           (what the benchmark creates there is removed again).
#   DASHBOARD_ENGINE_BENCH  command for D (default tests/Dashboard.Benchmarks/bin/Release/net10.0/
#                           Dashboard.Benchmarks.dll, built with `dotnet build -c Release` first):
#                           a .dll (run with `dotnet`) or a command line. It is called
#                           as `<cmd> --iterations N --warmup W --rootfs-tar TAR --data-root DIR
#                           --run-root DIR --cgroup-parent NAME` and must print one number per
#                           measured iteration on stdout (create+start in milliseconds, e.g. 12.34)
#                           and remove everything it created. Other output goes to stderr.
# Everything created (containers, images, podman store, daemon, mounts, cgroups) is removed on exit.
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME with a '.' separator

iterations=30 warmup=3 skip_podman=0 skip_api=0 skip_engine=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n|--iterations) iterations="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        --skip-podman) skip_podman=1 ;;
        --skip-api) skip_api=1 ;;
        --skip-engine) skip_engine=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "start-latency.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$iterations" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^[0-9]+$ ]] || { echo "bad -n/--warmup" >&2; exit 2; }
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root (runc, podman and the daemon need it)" >&2; exit 1; }
for tool in runc busybox curl tar; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (sudo docker-less-setup/install.sh --with-tests)" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"   # the private daemon and the teardown
work="$(mktemp -d /var/tmp/dashboard-bench.XXXXXX)"
tag="bench$$"
log() { printf '%s\n' "$*" >&2; }

# ---- cleanup: everything below registers what it creates ------------------------------------------
runc_ids=() api_names=() docker_ids=() daemon_pid="" podman_ready=0 api_image=""
sock="${DASHBOARD_BENCH_SOCKET:-$work/run/dashboard.sock}"
api() { curl -sS --max-time 30 --unix-socket "$sock" "$@"; }
podman_() { podman --root "$work/podman/root" --runroot "$work/podman/runroot" --tmpdir "$work/podman/tmp" \
                   --storage-driver overlay --cgroup-manager=cgroupfs --runtime=runc --events-backend=none "$@"; }

cleanup() {
    set +e
    local id
    for id in "${runc_ids[@]}"; do runc delete -f "$id" >/dev/null 2>&1; done
    if [[ $podman_ready -eq 1 ]]; then
        podman_ rm -fa >/dev/null 2>&1; podman_ rmi -af >/dev/null 2>&1
    fi
    if [[ -S "$sock" ]]; then
        for id in "${docker_ids[@]}" "${api_names[@]}"; do
            api -o /dev/null -X DELETE "http://d/v1.44/containers/$id?force=1" 2>/dev/null
        done
        if [[ "$api_image" == benchbb:latest ]]; then
            api -o /dev/null -X DELETE "http://d/v1.44/images/benchbb:latest?force=1" 2>/dev/null
        fi
    fi
    bench_teardown "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the shared rootfs: static busybox plus one relative symlink per applet -----------------------
rootfs="$work/rootfs"
bench_busybox_rootfs "$rootfs" "$work/rootfs.tar"
log "rootfs: $(find "$rootfs" -mindepth 1 | wc -l) entries, $(du -sh "$work/rootfs.tar" | cut -f1) tar"

# ---- A: runc bundle ---------------------------------------------------------------------------------
bundle="$work/bundle"
mkdir -p "$bundle"
(cd "$bundle" && runc spec)
# Point root.path at the shared rootfs, run `true`, no terminal; namespaces stay as runc spec makes them.
sed -i -e 's/"terminal": true/"terminal": false/' -e 's#"sh"#"true"#' \
       -e "s#\"path\": \"rootfs\"#\"path\": \"$rootfs\"#" "$bundle/config.json"
grep -q "\"path\": \"$rootfs\"" "$bundle/config.json" || { log "could not edit $bundle/config.json"; exit 1; }


# ---- variants ---------------------------------------------------------------------------------------
# run_X ITERATION sets `us` (elapsed microseconds) and returns 0, or sets `fail` and returns 1.
# They run in the main shell (never in $(...)) so that what they create is registered for cleanup.
declare -A enabled reason samples
variants=(A B C C2)
for v in "${variants[@]}"; do enabled[$v]=1; reason[$v]=""; samples[$v]=""; done
us=0 fail=""

run_A() {
    local id="$tag-a-$1" t0 t1 err
    runc_ids+=("$id")
    t0=${EPOCHREALTIME/./}
    err="$(runc run -b "$bundle" "$id" </dev/null 2>&1)" || { fail="runc run failed: $err"; return 1; }
    t1=${EPOCHREALTIME/./}
    us=$((t1 - t0))
}

run_B() {
    local name="$tag-b-$1" t0 t1 err
    t0=${EPOCHREALTIME/./}
    err="$(podman_ run -d --name "$name" --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
            localhost/benchbb:latest true </dev/null 2>&1)" || { fail="podman run failed: $err"; return 1; }
    t1=${EPOCHREALTIME/./}
    podman_ rm -f "$name" >/dev/null 2>&1 || true   # not timed
    us=$((t1 - t0))
}

api_image_note=""
run_C() {
    local name="$tag-c-$1" t0 t1 codes
    local body="{\"Image\":\"$api_image\",\"Cmd\":[\"true\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}"
    api_names+=("$name")
    rm -f "$work/c-create.out" "$work/c-start.out"
    t0=${EPOCHREALTIME/./}
    # One curl process, one connection: create, then start by name (Docker resolves names and ids).
    codes="$(curl -sS --max-time 30 --unix-socket "$sock" -o "$work/c-create.out" -w '%{http_code} ' \
                -X POST -H 'Content-Type: application/json' -d "$body" "http://d/v1.44/containers/create?name=$name" \
             --next -sS --max-time 30 --unix-socket "$sock" -o "$work/c-start.out" -w '%{http_code}' \
                -X POST "http://d/v1.44/containers/$name/start" 2>&1)" || true
    t1=${EPOCHREALTIME/./}
    if [[ "$codes" != "201 204" ]]; then
        fail="create/start answered '$codes': $(cat "$work/c-create.out" "$work/c-start.out" 2>/dev/null | head -c 400)"
        return 1
    fi
    api -o /dev/null -X DELETE "http://d/v1.44/containers/$name?force=1" || true   # not timed
    us=$((t1 - t0))
}

run_C2() {
    local t0 t1 out
    t0=${EPOCHREALTIME/./}
    out="$(docker -H "unix://$sock" run -d --network none "$api_image" true </dev/null 2>"$work/c2.err")" || {
        fail="docker run failed: $(head -c 400 "$work/c2.err")"; return 1; }
    t1=${EPOCHREALTIME/./}
    out="${out##*$'\n'}"   # the id is the last line of stdout
    docker_ids+=("$out")
    docker -H "unix://$sock" rm -f "$out" >/dev/null 2>&1 || true   # not timed
    us=$((t1 - t0))
}

disable() { # VARIANT REASON: one line, so that it fits in a table cell
    local r="${2//$'\n'/ }"; r="$(tr -s ' \t' '  ' <<<"$r")"
    enabled[$1]=0; reason[$1]="$r"; log "$1 skipped: $r"
}

# ---- B: podman store and image ----------------------------------------------------------------------
if [[ $skip_podman -eq 1 ]]; then disable B "--skip-podman"
elif ! command -v podman >/dev/null 2>&1; then disable B "podman not installed"
else
    mkdir -p "$work/podman"/{root,runroot,tmp}
    podman_ready=1
    if ! out="$(podman_ import "$work/rootfs.tar" localhost/benchbb:latest 2>&1)"; then
        disable B "podman import failed: $out"
    fi
fi

# ---- C: our daemon from the Release build, with a private data root, run root, socket and cgroup ------
start_daemon() {
    local dll="${DASHBOARD_WEB_DLL:-$bench_daemon_dll}"
    if [[ -z "${DASHBOARD_WEB_DLL:-}" ]]; then bench_build_daemon "$dll" || return 1; fi
    [[ -f "$dll" ]] || { fail="no daemon at $dll"; return 1; }
    bench_start_daemon "$dll"
    bench_wait_daemon
}

# Imports the same rootfs tar through the API (as `docker import` does); falls back to the built-in
# busybox:latest, which the daemon makes from the same static busybox.
prepare_api_image() {
    fail=""
    if bench_import_image "$work/rootfs.tar" &&
       [[ "$(api -o /dev/null -w '%{http_code}' http://d/v1.44/images/benchbb:latest/json)" == 200 ]]; then
        api_image="benchbb:latest"; api_image_note="benchbb:latest, imported from the same rootfs tar"
        return 0
    fi
    log "import through the API failed (${fail:-benchbb:latest is not listed after it}); trying busybox:latest"
    if [[ "$(api -o /dev/null -w '%{http_code}' http://d/v1.44/images/busybox:latest/json)" == 200 ]]; then
        api_image="busybox:latest"; api_image_note="built-in busybox:latest (same static busybox; API import failed)"
        return 0
    fi
    fail="no image: the import failed and busybox:latest is missing"
    return 1
}

if [[ $skip_api -eq 1 ]]; then disable C "--skip-api"; disable C2 "--skip-api"
elif [[ -n "${DASHBOARD_BENCH_SOCKET:-}" ]]; then
    if [[ "$(api http://d/_ping 2>/dev/null)" != OK ]]; then disable C "$sock does not answer /_ping"; disable C2 "no daemon"
    elif ! prepare_api_image; then disable C "$fail"; disable C2 "$fail"
    elif ! command -v docker >/dev/null 2>&1; then disable C2 "docker CLI not installed"
    fi
elif ! start_daemon; then disable C "$fail"; disable C2 "daemon not running"
elif ! prepare_api_image; then disable C "$fail"; disable C2 "$fail"
elif ! command -v docker >/dev/null 2>&1; then disable C2 "docker CLI not installed"
fi

# ---- D: build the in-process benchmark now, so that no build runs between timed runs -------------
enabled[D]=0; reason[D]=""; samples[D]=""
if [[ $skip_engine -eq 1 ]]; then reason[D]="--skip-engine"
elif [[ -z "${DASHBOARD_ENGINE_BENCH:-}" ]]; then
    # The default: build the in-process benchmark (incremental, so a no-op when up to date) and run its dll.
    log "building the engine benchmark: dotnet build tests/Dashboard.Benchmarks -c Release"
    if DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build "$repo/tests/Dashboard.Benchmarks" -c Release --nologo -v q >&2; then
        DASHBOARD_ENGINE_BENCH="$repo/tests/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"
    else
        reason[D]="tests/Dashboard.Benchmarks does not build"
    fi
fi

# ---- interleaved runs ---------------------------------------------------------------------------------
log "runs: $warmup warm-up + $iterations measured per path, interleaved"
for ((i = 1; i <= warmup + iterations; i++)); do
    for v in "${variants[@]}"; do
        [[ ${enabled[$v]} -eq 1 ]] || continue
        if "run_$v" "$i"; then
            if (( i > warmup )); then samples[$v]+="$us "; fi
        else
            disable "$v" "iteration $i: $fail"
        fi
    done
    if (( i % 10 == 0 )); then log "  $i/$((warmup + iterations))"; fi
done

# ---- D: the engine in-process (a tool the engine provides), after the interleaved runs ---------------
if [[ $skip_engine -eq 0 && -n "${DASHBOARD_ENGINE_BENCH:-}" ]]; then
    log "D: engine in-process, $warmup warm-up + $iterations measured"
    mkdir -p "$work/d-data" "$work/d-run"
    read -r -a d_cmd <<<"$DASHBOARD_ENGINE_BENCH"
    if [[ "${d_cmd[0]}" == *.dll ]]; then d_cmd=(dotnet "${d_cmd[@]}"); fi
    if d_out="$("${d_cmd[@]}" --iterations "$iterations" --warmup "$warmup" --rootfs-tar "$work/rootfs.tar" \
                 --data-root "$work/d-data" --run-root "$work/d-run" --cgroup-parent "dashboard-$tag-d" </dev/null)"; then
        while read -r ms; do
            if [[ "$ms" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then samples[D]+="$(awk -v m="$ms" 'BEGIN {printf "%d", m * 1000}') "; fi
        done <<<"$d_out"
        if [[ -n "${samples[D]}" ]]; then enabled[D]=1; reason[D]=""
        else reason[D]="DASHBOARD_ENGINE_BENCH printed no numbers"; fi
    else
        reason[D]="DASHBOARD_ENGINE_BENCH failed (exit $?)"
    fi
fi

# ---- table ---------------------------------------------------------------------------------------------
# stats "us us us ..." -> "median p10 p90 n" in microseconds
stats() {
    tr ' ' '\n' <<<"$1" | awk 'NF' | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "0 0 0 0"; exit }
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            p10 = v[int((NR - 1) * 0.1) + 1]; p90 = v[int((NR - 1) * 0.9 + 0.5) + 1]
            printf "%d %d %d %d\n", med, p10, p90, NR
        }'
}
declare -A label median
label[A]="A: runc run (create+start+wait+delete)"
label[B]="B: podman run -d --network none"
label[C]="C: Dashboard API create+start (curl, unix socket)"
label[C2]="C2: docker run -d against Dashboard (CLI included)"
label[D]="D: Dashboard engine in-process create+start"
ms() { awk -v u="$1" 'BEGIN {printf "%.1f", u / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.2fx", a / b; else printf "n/a"}'; }

case "$(stat -f -c %T /sys/fs/cgroup)" in
    cgroup2fs) cgroup_layout=v2 ;;
    tmpfs) if [[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" == cgroup2fs ]]; then cgroup_layout="v1 hybrid"; else cgroup_layout=v1; fi ;;
    *) cgroup_layout=unknown ;;
esac
echo
echo "Start latency, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, kernel $(uname -r), cgroups $cgroup_layout, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runc $(runc --version | awk 'NR==1 {print $3}'), podman $(podman --version 2>/dev/null | awk '{print $3}'), rootfs: busybox + applet links; $iterations measured runs per path after $warmup warm-up, interleaved"
if [[ -n "$api_image_note" ]]; then echo "Dashboard image: $api_image_note"; fi
echo
echo "| path | median | p10 | p90 | n |"
echo "|---|---:|---:|---:|---:|"
for v in A B C C2 D; do
    if [[ -z "${samples[$v]}" ]]; then
        echo "| ${label[$v]} | skipped: ${reason[$v]//|//} | | | |"
        median[$v]=0
        continue
    fi
    read -r med p10 p90 n < <(stats "${samples[$v]}")
    median[$v]=$med
    note=""
    if [[ ${enabled[$v]} -eq 0 && -n "${reason[$v]}" ]]; then note=" (stopped early: ${reason[$v]//|//})"; fi
    echo "| ${label[$v]}$note | $(ms "$med") ms | $(ms "$p10") ms | $(ms "$p90") ms | $n |"
done
echo
echo "Ratios of medians:"
echo "  ours (C, API) / runc run (A)    = $(ratio "${median[C]}" "${median[A]}")   target <= 2x"
echo "  podman (B) / ours (C, API)      = $(ratio "${median[B]}" "${median[C]}")   target >= 3x"
echo "  docker CLI (C2) / podman (B)    = $(ratio "${median[C2]}" "${median[B]}")"
if [[ -n "${samples[D]}" ]]; then
    echo "  ours (D, in-process) / runc (A) = $(ratio "${median[D]}" "${median[A]}")   target <= 2x"
    echo "  podman (B) / ours (D)           = $(ratio "${median[B]}" "${median[D]}")   target >= 3x"
fi
echo
echo "Rerun: sudo tests/bench/start-latency.sh -n $iterations"
