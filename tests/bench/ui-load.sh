#!/usr/bin/env bash
# Issue 4 "Speed", side by side in one run (run as root):
#
#   a  first render     Chromium (Playwright, /usr/bin/chromium headless) navigates to /containers, logged in as the
#                       admin, until the table shows its first page of rows (50 of N); median of --loads fresh tabs.
#                                                                                       target: < 1 s
#   b  daemon CPU       utime+stime of the daemon (/proc/PID/stat) over --cpu-seconds with no page open (baseline),
#                       then with one Containers page open, then with one detail page (/containers/NAME) open,
#                       N running `sleep 3600` containers sampled at 1 Hz throughout.
#                                                       target: page - baseline < 2 % (list), < 1 % (detail)
#
#   sudo tests/bench/ui-load.sh [-n CONTAINERS] [--loads N] [--cpu-seconds S] [--settle-seconds S]
#
# The daemon is src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll (built with -c Release first, incrementally), run
# with a temporary DataRoot, RunRoot, unix socket and cgroup parent and Urls=http://127.0.0.1:0; the admin is
# created through the setup link it prints. Everything created (browser, containers, image, daemon, mounts,
# cgroups, temp dir) is removed on exit.
set -euo pipefail
export LC_ALL=C

count=200 loads=5 cpu_seconds=60 settle_seconds=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) count="$2"; shift ;;
        --loads) loads="$2"; shift ;;
        --cpu-seconds) cpu_seconds="$2"; shift ;;
        --settle-seconds) settle_seconds="$2"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "ui-load.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root" >&2; exit 1; }
for tool in runc busybox curl tar dotnet /usr/bin/chromium; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }
done
[[ "$(getconf CLK_TCK)" == 100 ]] || { echo "USER_HZ is not 100; ProcessCpu assumes it" >&2; exit 1; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"   # the private daemon and the teardown
work="$(mktemp -d /var/tmp/dashboard-uibench.XXXXXX)"
tag="uibench$$"
sock="$work/run/dashboard.sock"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
api() { curl -sS --max-time 60 --unix-socket "$sock" "$@"; }
daemon_pid="" bench_pid=""

cleanup() {
    set +e
    # The bench closes its browser on exit; stop it (by pid) first if we are interrupted.
    if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -INT "$bench_pid"; for _ in $(seq 1 50); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$bench_pid" 2>/dev/null
    fi
    bench_remove_all
    bench_teardown "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- rootfs, builds -------------------------------------------------------------------------------
bench_busybox_rootfs "$work/rootfs" "$work/rootfs.tar"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll="$bench_daemon_dll"
bench_build_daemon "$dll" || { log "$fail"; exit 1; }
log "building tests/Dashboard.Benchmarks (Release)"
dotnet build "$repo/tests/Dashboard.Benchmarks" -c Release --nologo -v q >&2
bench="$repo/tests/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"

# ---- the daemon -------------------------------------------------------------------------------------
# With no users yet it logs a first-admin setup link, which the browser part follows to create the admin.
link=""
setup_link_printed() {
    link="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/setup\?token=[A-Za-z0-9_-]+' "$work/daemon.log" | head -n 1 || true)"
    [[ -n "$link" ]]
}
bench_start_daemon "$dll" ASPNETCORE_ENVIRONMENT=Production
bench_wait_daemon setup_link_printed "the daemon printed no setup link" || { log "$fail"; exit 1; }
bench_import_image "$work/rootfs.tar" || { log "$fail"; exit 1; }

# ---- N sleepers -------------------------------------------------------------------------------------
log "starting $count sleep containers through the API"
bench_start_sleepers "$count" || { log "$fail"; exit 1; }
log "  $count running; settling 10 s"
sleep 10

# ---- the browser part (Dashboard.Benchmarks ui-load) ---------------------------------------------------
dotnet "$bench" ui-load --setup-link "$link" --daemon-pid "$daemon_pid" --rows "$count" --detail "$tag-s1" \
    --loads "$loads" --cpu-seconds "$cpu_seconds" --settle-seconds "$settle_seconds" >"$work/ui.out" &
bench_pid=$!
wait "$bench_pid" || { log "ui-load failed; daemon log tail: $(tail -n 20 "$work/daemon.log")"; exit 1; }
bench_pid=""
val() { awk -v k="$1" '$1 == k {$1 = ""; sub(/^ /, ""); print}' "$work/ui.out"; }
base="$(val baseline_cpu)" list="$(val containers_cpu)" detail="$(val detail_cpu)"
delta() { awk -v a="$1" -v b="$base" 'BEGIN {printf "%+.2f", a - b}'; }

# ---- report ------------------------------------------------------------------------------------------------
cat <<REPORT

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r); $count running containers, 1 Hz sampling; /proc/loadavg (1/5/15 min) per phase.
| measure | result | target |
|---|---|---|
| a /containers first render, first $(val rows_wanted) rows, median of $loads (s) | $(val load_median) (raw $(val load_seconds)) | < 1 s |
| b daemon CPU, no page open (% of one core, ${cpu_seconds} s) | $base (load $(val baseline_load)) | baseline |
| b daemon CPU, one Containers page open | $list ($(delta "$list") over baseline; load $(val containers_load)) | < 2 % over baseline |
| b daemon CPU, one detail page /containers/$tag-s1 open | $detail ($(delta "$detail") over baseline; load $(val detail_load)) | < 1 % over baseline |
REPORT
