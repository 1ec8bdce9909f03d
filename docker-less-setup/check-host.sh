#!/usr/bin/env bash
# Reports what the Dashboard container engine needs from this host and what is missing.
#
#   sudo docker-less-setup/check-host.sh [--json] [--data-root DIR]
#
# Exit status: 0 when every required item is present, 1 otherwise (warnings do not fail).
# Run as root: namespace, overlay-mount and runtime checks need it (they are reported as
# missing otherwise). The checks create only temporary directories, one overlay mount and one
# throw-away container per runtime, all removed before exit.
set -euo pipefail
export LC_ALL=C

json=0
data_root="${Engine__DataRoot:-/var/lib/dashboard}"
busybox="${Engine__BusyboxPath:-/bin/busybox}"
init_path="${Engine__InitPath:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --json) json=1 ;;
        --data-root) data_root="$2"; shift ;;
        -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "check-host.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done

# ---- reporting ------------------------------------------------------------------------------
# Every result is one line: status (ok|warn|missing|info), whether it is required, key, detail.
results=()
required_missing=0
report() { # report STATUS REQUIRED(yes|no) KEY DETAIL
    local status="$1" req="$2" key="$3" detail="$4"
    results+=("$status"$'\t'"$req"$'\t'"$key"$'\t'"$detail")
    if [[ "$status" == missing && "$req" == yes ]]; then required_missing=$((required_missing + 1)); fi
    if [[ $json -eq 0 ]]; then
        local tag
        case "$status" in
            ok) tag='[ ok ]' ;; warn) tag='[WARN]' ;; info) tag='[info]' ;;
            missing) if [[ "$req" == yes ]]; then tag='[MISS]'; else tag='[ -- ]'; fi ;;
        esac
        printf '%s %-22s %s\n' "$tag" "$key" "$detail"
    fi
}

json_escape() {
    local s="$1"
    s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\t'/\\t}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/}"
    printf '%s' "$s"
}

# ---- temporary state, always cleaned up -------------------------------------------------------
tmp_dirs=()
overlay_mnt=""
runtime_ids=()
cleanup() {
    local id
    if [[ -n "$overlay_mnt" ]] && mountpoint -q "$overlay_mnt" 2>/dev/null; then
        umount "$overlay_mnt" 2>/dev/null || umount -l "$overlay_mnt" 2>/dev/null || true
    fi
    for id in "${runtime_ids[@]}"; do
        # "RUNTIME ID": a container left behind by a failed or timed-out probe.
        ${id%% *} delete -f "${id#* }" >/dev/null 2>&1 || true
    done
    for d in "${tmp_dirs[@]}"; do rm -rf --one-file-system "$d" 2>/dev/null || true; done
}
trap cleanup EXIT

is_root=0
[[ ${EUID:-$(id -u)} -eq 0 ]] && is_root=1
[[ $is_root -eq 1 ]] || report missing yes root "not running as root: the engine runs as root; rerun with sudo for a full check"

# ---- kernel, namespaces ------------------------------------------------------------------------
kernel="$(uname -r)"
kmaj="${kernel%%.*}"; krest="${kernel#*.}"; kmin="${krest%%.*}"; kmin="${kmin%%[!0-9]*}"
if (( kmaj > 4 || (kmaj == 4 && kmin >= 18) )); then
    report ok yes kernel "$kernel"
else
    report warn no kernel "$kernel (older than 4.18: untested, overlay and cgroup features may be missing)"
fi

for ns in pid net mnt uts ipc cgroup; do
    if [[ -e /proc/self/ns/$ns ]]; then report ok yes "namespace:$ns" "/proc/self/ns/$ns"
    else report missing yes "namespace:$ns" "kernel lacks the $ns namespace (/proc/self/ns/$ns)"; fi
done
if [[ -e /proc/self/ns/user ]]; then report ok no namespace:user "/proc/self/ns/user (optional: rootless/userns not used yet)"
else report missing no namespace:user "no user namespaces (optional)"; fi

if [[ $is_root -eq 1 ]] && command -v unshare >/dev/null 2>&1; then
    if err="$(unshare --pid --fork --mount --uts --ipc --net --cgroup true 2>&1)"; then
        report ok yes unshare "created pid, mount, uts, ipc, net and cgroup namespaces"
    else
        report missing yes unshare "unshare --pid --fork --mount --uts --ipc --net --cgroup failed: $err"
    fi
elif ! command -v unshare >/dev/null 2>&1; then
    report missing yes unshare "unshare not found (apt-get install util-linux)"
fi

# ---- overlayfs ---------------------------------------------------------------------------------
if grep -qw overlay /proc/filesystems; then
    report ok yes overlayfs "listed in /proc/filesystems"
else
    report missing yes overlayfs "not in /proc/filesystems (modprobe overlay)"
fi

# Mount a real overlay on the file system the engine will use for upperdirs.
if [[ $is_root -eq 1 ]]; then
    probe_parent="$data_root"; [[ -d "$probe_parent" ]] || probe_parent=/var/tmp
    fstype="$(stat -f -c %T "$probe_parent" 2>/dev/null || echo unknown)"
    if t="$(mktemp -d "$probe_parent/.overlay-check.XXXXXX" 2>/dev/null)"; then
        tmp_dirs+=("$t")
        mkdir -p "$t/lower" "$t/upper" "$t/work" "$t/merged"
        echo lower > "$t/lower/file"
        if err="$(mount -t overlay overlay -o "lowerdir=$t/lower,upperdir=$t/upper,workdir=$t/work" "$t/merged" 2>&1)"; then
            overlay_mnt="$t/merged"
            if echo upper > "$t/merged/new" && [[ -f "$t/upper/new" && "$(cat "$t/merged/file")" == lower ]]; then
                report ok yes overlay-mount "mounted and wrote through an overlay on $probe_parent ($fstype)"
            else
                report missing yes overlay-mount "overlay on $probe_parent ($fstype) mounted but did not behave as a union"
            fi
            umount "$t/merged" && overlay_mnt=""
        else
            report missing yes overlay-mount "mount -t overlay on $probe_parent ($fstype) failed: $err"
        fi
    else
        report missing yes overlay-mount "cannot create a temp dir in $probe_parent"
    fi
fi

# ---- cgroups -----------------------------------------------------------------------------------
fs_of() { awk -v m="$1" '$2 == m {print $3}' /proc/mounts | tail -n1; }
root_fs="$(fs_of /sys/fs/cgroup)"
unified_fs="$(fs_of /sys/fs/cgroup/unified)"
if [[ "$root_fs" == cgroup2 ]]; then layout=v2
elif [[ "$root_fs" == tmpfs && "$unified_fs" == cgroup2 ]]; then layout=hybrid
elif [[ "$root_fs" == tmpfs ]]; then layout=v1
else layout=none; fi
case "$layout" in
    v2) report ok yes cgroups "v2 (unified hierarchy at /sys/fs/cgroup)" ;;
    hybrid) report ok yes cgroups "v1 hybrid (v1 controllers under /sys/fs/cgroup, cgroup2 at /sys/fs/cgroup/unified)" ;;
    v1) report ok yes cgroups "v1 (legacy hierarchy)" ;;
    none) report missing yes cgroups "no cgroup file system mounted at /sys/fs/cgroup" ;;
esac

v2_controllers=""
[[ "$layout" == v2 ]] && v2_controllers="$(cat /sys/fs/cgroup/cgroup.controllers 2>/dev/null || true)"
check_controller() { # NAME REQUIRED
    local c="$1" req="$2" present=0 where=""
    if [[ "$layout" == v2 ]]; then
        case "$c" in
            cpuacct) [[ " $v2_controllers " == *" cpu "* ]] && present=1 && where="cpu (cpu.stat)" ;;
            freezer) compgen -G '/sys/fs/cgroup/*/cgroup.freeze' >/dev/null && present=1 && where="cgroup.freeze (built in)" ;;
            blkio) [[ " $v2_controllers " == *" io "* ]] && present=1 && where="io" ;;
            *) [[ " $v2_controllers " == *" $c "* ]] && present=1 && where="$c" ;;
        esac
        where="cgroup.controllers: $where"
    elif [[ "$layout" != none ]]; then
        if [[ -d /sys/fs/cgroup/$c ]] && awk -v c="$c" '$1 == c && $4 == 1 {f=1} END {exit !f}' /proc/cgroups; then
            present=1; where="/sys/fs/cgroup/$c"
        fi
    fi
    if [[ $present -eq 1 ]]; then report ok "$req" "cgroup:$c" "$where"
    else report missing "$req" "cgroup:$c" "controller not available"; fi
}
for c in cpu cpuacct memory pids freezer; do check_controller "$c" yes; done
for c in cpuset blkio; do check_controller "$c" no; done

# Swap accounting decides whether --memory-swap can be honoured.
if [[ "$layout" == v2 ]]; then
    if compgen -G '/sys/fs/cgroup/*/memory.swap.max' >/dev/null; then report ok no swap-accounting "memory.swap.max present"
    else report warn no swap-accounting "memory.swap.max not found: --memory-swap cannot be enforced"; fi
elif [[ "$layout" != none ]]; then
    if [[ -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]]; then report ok no swap-accounting "memory.memsw.* present"
    else report warn no swap-accounting "memory.memsw.* missing (boot with swapaccount=1): --memory-swap cannot be enforced"; fi
fi

# ---- runtimes ----------------------------------------------------------------------------------
version_of() { "$1" --version 2>/dev/null | head -n1 | awk '{print $NF}'; }

# Prepares a bundle that runs `true` from a one-binary busybox rootfs with the runtime's default
# spec. Runs in the main shell so that the cleanup trap knows the bundle and the container id.
probe_bundle=""; probe_id=""
prepare_probe() { # RUNTIME
    probe_bundle="$(mktemp -d /var/tmp/.runtime-check.XXXXXX)"; tmp_dirs+=("$probe_bundle")
    probe_id="dashboard-check-$1-$$"; runtime_ids+=("$1 $probe_id")
    mkdir -p "$probe_bundle/rootfs/bin"; cp "$busybox" "$probe_bundle/rootfs/bin/busybox"
    (cd "$probe_bundle" && { runc spec 2>/dev/null || crun spec; }) || return 1
    sed -i -e 's/"terminal": true/"terminal": false/' -e 's#"sh"#"/bin/busybox", "true"#' "$probe_bundle/config.json"
}

have_busybox=0
if [[ -x "$busybox" ]]; then
    ldd_out="$(ldd "$busybox" 2>&1 || true)"   # ldd exits 1 for static binaries
    if grep -Eq 'not a dynamic executable|statically linked' <<<"$ldd_out"; then
        have_busybox=1
        report ok yes busybox-static "$busybox ($("$busybox" 2>&1 | head -n1 | awk '{print $2}'), static): seeds busybox:latest"
    else
        report missing yes busybox-static "$busybox is dynamically linked: apt-get install busybox-static"
    fi
else
    report missing yes busybox-static "$busybox not found: apt-get install busybox-static"
fi

working_runtimes=0
for rt in runc crun; do
    req=no
    if ! command -v "$rt" >/dev/null 2>&1; then
        report missing no "$rt" "not installed"
        continue
    fi
    v="$(version_of "$rt")"
    if [[ $is_root -eq 1 && $have_busybox -eq 1 ]]; then
        if ! prepare_probe "$rt"; then
            report warn no "$rt" "$v installed but no OCI spec could be generated"
        elif err="$(timeout 20 "$rt" run -b "$probe_bundle" "$probe_id" </dev/null 2>&1)"; then
            working_runtimes=$((working_runtimes + 1))
            report ok no "$rt" "$v at $(command -v "$rt"): ran a test container"
        elif [[ "$rt" == crun && "$layout" == hybrid && "$err" == *hybrid* ]]; then
            report warn no "$rt" "$v does not work on this v1 hybrid cgroup layout ($err); an empty Engine:Runtime picks the first runtime that works"
        else
            report warn no "$rt" "$v installed but a test container failed: ${err//$'\n'/ }"
        fi
    else
        report info no "$rt" "$v at $(command -v "$rt") (not run: needs root and busybox-static)"
        working_runtimes=$((working_runtimes + 1))
    fi
done
if [[ $working_runtimes -eq 0 ]]; then
    report missing yes oci-runtime "no working OCI runtime: apt-get install runc"
fi

if command -v conmon >/dev/null 2>&1; then
    report ok yes conmon "$(conmon --version 2>/dev/null | head -n1 | awk '{print $3}') at $(command -v conmon)"
else
    report missing yes conmon "not installed: apt-get install conmon"
fi

# ---- container networks: netavark and aardvark-dns (Debian installs them in /usr/lib/podman) -------
# Not required: without them the daemon runs and containers get --network none (loopback only).
find_network_tool() { # NAME -> path or nothing
    local candidate
    for candidate in "/usr/lib/podman/$1" "/usr/libexec/podman/$1" "$(command -v "$1" 2>/dev/null)"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then printf '%s' "$candidate"; return 0; fi
    done
    return 1
}
for tool in netavark aardvark-dns; do
    if tool_path="$(find_network_tool "$tool")"; then
        report ok no "$tool" "$("$tool_path" --version 2>/dev/null | head -n1 | awk '{print $NF}') at $tool_path"
    else
        report missing no "$tool" "not installed: apt-get install $tool (without it containers get --network none)"
    fi
done
if command -v iptables >/dev/null 2>&1; then
    report ok no iptables "$(iptables -V 2>/dev/null | head -n1) (netavark's firewall driver)"
else
    report missing no iptables "not installed: apt-get install iptables (netavark needs it for NAT and -p)"
fi

# ---- registry tests: a real registry, skopeo and htpasswd (install.sh --with-tests) ------------------
# Not needed to run the daemon; the pull tests start docker-registry on loopback and fill it with skopeo.
for tool in docker-registry skopeo htpasswd; do
    if command -v "$tool" >/dev/null 2>&1; then
        report ok no "$tool" "at $(command -v "$tool") (pull tests)"
    else
        report missing no "$tool" "not installed: install.sh --with-tests (apt-get install docker-registry skopeo apache2-utils); the pull tests need it"
    fi
done

# ---- create options that depend on the host (--init, --blkio-weight, --security-opt) ------------
if [[ -z "$init_path" ]]; then
    for candidate in tini-static docker-init; do
        if command -v "$candidate" >/dev/null 2>&1; then init_path="$(command -v "$candidate")"; break; fi
    done
fi
if [[ -n "$init_path" && -x "$init_path" ]]; then
    init_version="$("$init_path" --version 2>/dev/null | head -n1 || true)"
    report ok no init "${init_version:-init} at $init_path (for --init, mounted as /sbin/docker-init)"
else
    report missing no init "tini-static not found: --init is refused until it is (apt-get install tini, or set Engine__InitPath)"
fi

blkio_weight=""
for f in /sys/fs/cgroup/blkio/blkio.bfq.weight /sys/fs/cgroup/blkio/blkio.weight /sys/fs/cgroup/io.bfq.weight /sys/fs/cgroup/io.weight \
         /sys/fs/cgroup/init.scope/io.bfq.weight /sys/fs/cgroup/init.scope/io.weight; do
    if [[ -e "$f" ]]; then blkio_weight="$f"; break; fi
done
if [[ -n "$blkio_weight" ]]; then
    report ok no blkio-weight "$blkio_weight (--blkio-weight)"
else
    report info no blkio-weight "no block I/O weight file (needs the BFQ or CFQ scheduler): --blkio-weight is refused"
fi

if [[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true)" == Y* ]]; then
    report ok no apparmor "enabled (--security-opt apparmor=PROFILE)"
else
    report info no apparmor "not enabled: --security-opt apparmor=PROFILE is refused (apparmor=unconfined is accepted)"
fi

# ---- runc security fixes -----------------------------------------------------------------------
# Upstream fix versions: CVE-2024-21626 in 1.1.12; CVE-2025-31133, CVE-2025-52565 and CVE-2025-52881
# in 1.2.8, 1.3.3 and 1.4.0-rc.3. Distributions backport fixes without changing the upstream
# version, so the package changelog is consulted before warning.
ver_ge() { # A >= B for dotted numeric versions
    [[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" == "$2" ]]
}
if command -v runc >/dev/null 2>&1; then
    rv_full="$(version_of runc)"                       # e.g. 1.1.5+ds1 or 1.4.0-rc.3
    rv="${rv_full%%[+~]*}"; rv_base="${rv%%-*}"         # 1.1.5 / 1.4.0
    changelog=""
    runc_path="$(command -v runc)"
    pkg="$( { dpkg -S "$(readlink -f "$runc_path")" 2>/dev/null || dpkg -S "$runc_path" 2>/dev/null; } | head -n1 | cut -d: -f1 || true)"
    # Only a packaged binary gets credit for its package's backports.
    if [[ -n "$pkg" && -r "/usr/share/doc/$pkg/changelog.Debian.gz" ]]; then
        changelog="$(zcat "/usr/share/doc/$pkg/changelog.Debian.gz" 2>/dev/null || true)"
    fi
    in_changelog() { [[ -n "$changelog" ]] && grep -q "$1" <<<"$changelog"; }

    if ver_ge "$rv_base" 1.1.12; then
        report ok no "runc:CVE-2024-21626" "fixed upstream in 1.1.12; runc is $rv_full"
    elif in_changelog CVE-2024-21626; then
        report ok no "runc:CVE-2024-21626" "runc $rv_full predates 1.1.12 but is patched by Debian (changelog names CVE-2024-21626)"
    else
        report warn no "runc:CVE-2024-21626" "runc $rv_full predates the fix (1.1.12): container breakout via leaked fds; upgrade runc"
    fi

    fixed_2025=0
    if [[ "$rv_base" == 1.2.* ]] && ver_ge "$rv_base" 1.2.8; then fixed_2025=1; fi
    if [[ "$rv_base" == 1.3.* ]] && ver_ge "$rv_base" 1.3.3; then fixed_2025=1; fi
    if [[ "$rv_base" == 1.4.0 && "$rv" == *-rc.* ]]; then
        rc="${rv##*-rc.}"; [[ "$rc" =~ ^[0-9]+$ ]] && (( rc >= 3 )) && fixed_2025=1
    elif ver_ge "$rv_base" 1.4.0; then fixed_2025=1; fi
    for cve in CVE-2025-31133 CVE-2025-52565 CVE-2025-52881; do
        if [[ $fixed_2025 -eq 1 ]]; then
            report ok no "runc:$cve" "fixed upstream (1.2.8 / 1.3.3 / 1.4.0-rc.3); runc is $rv_full"
        elif in_changelog "$cve"; then
            report ok no "runc:$cve" "runc $rv_full predates the fix but is patched by Debian (changelog names $cve)"
        else
            report warn no "runc:$cve" "runc $rv_full predates the fix (1.2.8 / 1.3.3 / 1.4.0-rc.3): masked-path / console / procfs-write container escapes; upgrade runc"
        fi
    done
fi

# ---- limits, seccomp, .NET ---------------------------------------------------------------------
nofile_hard="$(ulimit -Hn)"
if [[ "$nofile_hard" == unlimited ]] || (( nofile_hard >= 65536 )); then
    report ok no nofile-hard-limit "$nofile_hard"
else
    report warn no nofile-hard-limit "$nofile_hard: containers get at most this many open files (Docker's default is 1048576)"
fi

if grep -q '^Seccomp:' /proc/self/status; then
    report ok no seccomp "kernel supports seccomp"
else
    report warn no seccomp "kernel without seccomp: containers run without a syscall filter"
fi

if command -v ip >/dev/null 2>&1; then report ok no iproute2 "$(command -v ip)"
else report missing no iproute2 "ip not found (apt-get install iproute2)"; fi

if command -v dotnet >/dev/null 2>&1 && dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.AspNetCore.App 10\.'; then
    report ok yes dotnet "ASP.NET Core $(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App 10\./ {print $2}' | tail -n1)"
else
    report missing yes dotnet "the ASP.NET Core 10 runtime is needed to run the daemon (see install.sh)"
fi

# ---- summary -----------------------------------------------------------------------------------
if [[ $json -eq 1 ]]; then
    printf '{"ok":%s,"cgroupLayout":"%s","checks":[' "$([[ $required_missing -eq 0 ]] && echo true || echo false)" "$layout"
    sep=""
    for r in "${results[@]}"; do
        IFS=$'\t' read -r s q k d <<<"$r"
        printf '%s{"status":"%s","required":%s,"name":"%s","detail":"%s"}' "$sep" "$s" \
            "$([[ $q == yes ]] && echo true || echo false)" "$(json_escape "$k")" "$(json_escape "$d")"
        sep=","
    done
    printf ']}\n'
else
    if [[ $required_missing -eq 0 ]]; then echo "host check: everything the engine requires is present"
    else echo "host check: $required_missing required item(s) missing"; fi
fi
[[ $required_missing -eq 0 ]]
