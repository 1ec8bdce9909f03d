#!/usr/bin/env bash
# Issue 11 "Speed": keystroke echo in the browser terminal on loopback, side by side in one run (run as root):
#
#   pty        anchor: the host's busybox sh on a pty of its own (python3's pty module), no container, no socket, no
#              browser: write one byte, read until it comes back. The floor any terminal pays.
#   socket     Chromium's own WebSocket to GET /api/containers/NAME/exec (sh on a tty in a busybox container), no
#              xterm: one byte sent, until the message with its echo arrives (daemon + conmon + tty + shell).
#   terminal   the container page's Terminal tab: a real key press (Playwright) from the keydown event until xterm.js
#              has parsed the echo ("parsed") and until it has painted it ("painted", its next animation frame).
#                                                                                   target: p95 < 20 ms
#
#   sudo tests/bench/terminal-echo.sh [--keys N]          (default 500 keys per row)
#
# The daemon is src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll (built with -c Release first, incrementally),
# run with a temporary DataRoot, RunRoot, unix socket and cgroup parent and Urls=http://127.0.0.1:0; the admin is
# created through the setup link it prints. Everything created (browser, container, image, daemon, mounts, cgroups,
# temp dir) is removed on exit.
set -euo pipefail
export LC_ALL=C

keys=500
while [[ $# -gt 0 ]]; do
    case "$1" in
        --keys) keys="$2"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "terminal-echo.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ ${EUID:-$(id -u)} -eq 0 ]] || { echo "run as root" >&2; exit 1; }
for tool in runc conmon busybox curl tar dotnet python3 /usr/bin/chromium; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/tests/bench/lib.sh"
work="$(mktemp -d /var/tmp/dashboard-termbench.XXXXXX)"
tag="termbench$$"
sock="$work/run/dashboard.sock"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
api() { curl -sS --max-time 60 --unix-socket "$sock" "$@"; }
daemon_pid="" bench_pid=""

cleanup() {
    set +e
    if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -INT "$bench_pid"; for _ in $(seq 1 50); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$bench_pid" 2>/dev/null
    fi
    bench_remove_all
    bench_teardown "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the anchor: a pty on the host ----------------------------------------------------------------------------
log "pty anchor: $keys keys to the host's busybox sh on a pty"
pty_line="$(python3 - "$keys" <<'PY'
import os, pty, select, sys, time
keys = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp("busybox", ["busybox", "sh"])
def read_until(pred, timeout=5.0):
    seen, end = b"", time.monotonic() + timeout
    while not pred(seen):
        r, _, _ = select.select([fd], [], [], max(0, end - time.monotonic()))
        if not r: raise SystemExit("pty: no echo")
        seen += os.read(fd, 4096)
    return seen
os.write(fd, b"PS1='# '\n"); read_until(lambda s: b"\n# " in s)  # the prompt, then busybox asks where the cursor is (ESC[6n)
samples = []
for i in range(keys):
    if i and i % 60 == 0:
        os.write(fd, b"\x15"); time.sleep(0.1); read_until(lambda s: True, 0.05) if select.select([fd], [], [], 0)[0] else None
    key = bytes([97 + i % 26])
    t0 = time.perf_counter(); os.write(fd, key); read_until(lambda s: key in s)
    samples.append((time.perf_counter() - t0) * 1000)
os.write(fd, b"\x15exit\n"); os.waitpid(pid, 0)
s = sorted(samples); at = lambda q: s[min(len(s) - 1, max(0, -(-int(q * len(s) * 1000) // 1000) - 1))]
print(f"pty n={len(s)} p50={at(.5):.2f} p95={at(.95):.2f} p99={at(.99):.2f} max={s[-1]:.2f}")
PY
)"

# ---- rootfs, builds, the daemon, one container ------------------------------------------------------------------
bench_busybox_rootfs "$work/rootfs" "$work/rootfs.tar"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll="$bench_daemon_dll"
bench_build_daemon "$dll" || { log "$fail"; exit 1; }
log "building tests/Dashboard.Benchmarks (Release)"
dotnet build "$repo/tests/Dashboard.Benchmarks" -c Release --nologo -v q >&2
bench="$repo/tests/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"

link=""
setup_link_printed() {
    link="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/setup\?token=[A-Za-z0-9_-]+' "$work/daemon.log" | head -n 1 || true)"
    [[ -n "$link" ]]
}
bench_start_daemon "$dll" ASPNETCORE_ENVIRONMENT=Production
bench_wait_daemon setup_link_printed "the daemon printed no setup link" || { log "$fail"; exit 1; }
bench_import_image "$work/rootfs.tar" || { log "$fail"; exit 1; }
bench_start_sleepers 1 || { log "$fail"; exit 1; }

# ---- the browser rows (Dashboard.Benchmarks terminal-echo) ---------------------------------------------------------
dotnet "$bench" terminal-echo --setup-link "$link" --container "$tag-s1" --keys "$keys" >"$work/echo.out" &
bench_pid=$!
wait "$bench_pid" || { log "terminal-echo failed; daemon log tail: $(tail -n 20 "$work/daemon.log")"; exit 1; }
bench_pid=""
cat "$work/echo.out" >&2   # the raw lines, for the record

# ---- report ------------------------------------------------------------------------------------------------------
row() { # KEY LABEL TARGET
    awk -v k="$1" -v label="$2" -v target="$3" '$1 == k {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "| %s | %s | %s | %s | %s | %s |\n", label, v["p50"], v["p95"], v["p99"], v["max"], target }'
}
cat <<REPORT

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $keys keys per row, ms.
| path | p50 | p95 | p99 | max | target |
|---|---|---|---|---|---|
$(echo "$pty_line" | row pty "host pty, busybox sh (anchor)" "")
$(row socket "exec WebSocket from the page, sh on a tty in a container" "" <"$work/echo.out")
$(row terminal_parsed "Terminal tab: keydown to echo parsed by xterm.js" "p95 < 20" <"$work/echo.out")
$(row terminal_painted "Terminal tab: keydown to echo painted" "p95 < 20" <"$work/echo.out")
$(row step_keydown_to_send "  step: keydown to WebSocket send" "" <"$work/echo.out")
$(row step_send_to_arrival "  step: send to the echo's arrival" "" <"$work/echo.out")
$(row step_arrival_to_parsed "  step: arrival to parsed by xterm.js" "" <"$work/echo.out")
$(row input_parsed "Terminal tab, fed by xterm's input API (no key event): to parsed" "" <"$work/echo.out")
$(row input_send_to_arrival "  step: send to the echo's arrival" "" <"$work/echo.out")
REPORT
