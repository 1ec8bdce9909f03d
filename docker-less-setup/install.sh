#!/usr/bin/env bash
# Installs what the Dashboard daemon needs on a bare Debian/Ubuntu host (run as root).
#
#   sudo docker-less-setup/install.sh               # runtime prerequisites
#   sudo docker-less-setup/install.sh --with-tests  # plus what the test suites need
#
# Idempotent: packages already installed are left alone, and `apt-get update` runs only when
# something is missing. Works non-interactively (no stdin, DEBIAN_FRONTEND=noninteractive).
# Exits non-zero when a prerequisite could not be provided (e.g. no .NET 10 SDK).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
with_tests=0

usage() {
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

for arg in "$@"; do
    case "$arg" in
        --with-tests) with_tests=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

say()  { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

[[ ${EUID:-$(id -u)} -eq 0 ]] || die "run as root (sudo $0 $*)"
command -v apt-get >/dev/null 2>&1 || die "this installer supports Debian/Ubuntu (apt-get not found)"

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

apt_updated=0
apt_update_once() {
    if [[ $apt_updated -eq 0 ]]; then
        say "apt-get update"
        apt-get update -q </dev/null
        apt_updated=1
    fi
}

# True when apt knows an installable version of the package (after apt_update_once if needed).
has_candidate() {
    local cand
    cand="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')"
    [[ -n "$cand" && "$cand" != "(none)" ]]
}

# install_packages [--no-recommends] pkg...: installs the ones not yet installed.
install_packages() {
    local opts=() missing=() p
    if [[ "${1:-}" == "--no-recommends" ]]; then opts+=(--no-install-recommends); shift; fi
    for p in "$@"; do is_installed "$p" || missing+=("$p"); done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "already installed: $*"
        return 0
    fi
    apt_update_once
    say "installing: ${missing[*]}"
    apt-get install -y -q "${opts[@]}" \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" </dev/null
}

failures=()

# --- runtime prerequisites -------------------------------------------------------------------
# tini provides tini-static, the init --init mounts at /sbin/docker-init (Docker ships the same as docker-init).
install_packages runc conmon busybox-static tini iproute2 util-linux ca-certificates
# Container networks: netavark (bridge, veth, NAT, port forwarding; podman's network backend, installed in
# /usr/lib/podman) with its iptables firewall driver, and aardvark-dns (names on user networks).
install_packages netavark aardvark-dns iptables

# overlayfs is usually built as a module; load it now and on boot.
if ! grep -qw overlay /proc/filesystems; then
    modprobe overlay 2>/dev/null || warn "could not load the overlay module (modprobe overlay)"
fi
if [[ -d /etc/modules-load.d && ! -e /etc/modules-load.d/dashboard.conf ]]; then
    printf '# Dashboard container engine: overlayfs for container root file systems\noverlay\n' \
        > /etc/modules-load.d/dashboard.conf
fi

# --- state directories -----------------------------------------------------------------------
# /run is a tmpfs: the tmpfiles.d entry recreates /run/dashboard on boot (the daemon also creates it).
install -d -m 0710 /var/lib/dashboard
install -d -m 0755 /run/dashboard
if [[ -d /etc/tmpfiles.d && ! -e /etc/tmpfiles.d/dashboard.conf ]]; then
    printf '# Dashboard container engine run root (conmon state, sockets)\nd /run/dashboard 0755 root root -\n' \
        > /etc/tmpfiles.d/dashboard.conf
fi
say "state directories: /var/lib/dashboard /run/dashboard"

# --- .NET 10 SDK -----------------------------------------------------------------------------
dotnet_ok() {
    command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'
}
if dotnet_ok; then
    say "dotnet: SDK $(dotnet --list-sdks | awk '/^10\./ {print $1}' | tail -n1) found"
else
    # Ubuntu (24.04 and later) ships the SDK in its own archive; Debian does not.
    apt_update_once
    if has_candidate dotnet-sdk-10.0; then
        install_packages dotnet-sdk-10.0
    fi
    if ! dotnet_ok; then
        cat >&2 <<'EOF'
ERROR: the .NET 10 SDK was not found (`dotnet --list-sdks` shows no 10.x SDK).
  Debian:  add Microsoft's repository (https://learn.microsoft.com/dotnet/core/install/linux-debian)
           and `apt-get install dotnet-sdk-10.0`, or use the install script:
             curl -fsSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 --install-dir /usr/share/dotnet
             ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
  Ubuntu:  apt-get install dotnet-sdk-10.0   (Ubuntu archive or the dotnet backports PPA)
EOF
        failures+=("dotnet SDK 10")
    fi
fi

# --- test prerequisites ----------------------------------------------------------------------
if [[ $with_tests -eq 1 ]]; then
    install_packages curl crun podman
    # Pull tests: a real registry on loopback (the CNCF distribution registry), skopeo to put images in it, and
    # htpasswd (apache2-utils) for the bcrypt entries of the registry with basic auth.
    install_packages docker-registry skopeo apache2-utils
    # The package starts a system registry on :5000; the tests start their own, so keep that one off.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled docker-registry >/dev/null 2>&1; then
        systemctl disable --now docker-registry >/dev/null 2>&1 || warn "could not stop the docker-registry service"
    fi
    # Browser end-to-end tests use /usr/bin/chromium; Ubuntu only has a snap wrapper.
    if is_installed chromium; then
        say "already installed: chromium"
    else
        apt_update_once
        if has_candidate chromium; then
            install_packages --no-recommends chromium
        else
            warn "no 'chromium' package in the apt sources: install Chromium so that /usr/bin/chromium exists"
            failures+=("chromium")
        fi
    fi

    # The docker CLI is used as a client of our daemon. Debian has no client-only package
    # (docker.io pulls in containerd and dockerd), so it is checked, not installed.
    if command -v docker >/dev/null 2>&1; then
        say "docker CLI: $(docker --version 2>/dev/null || echo present)"
    else
        cat >&2 <<'EOF'
WARNING: the `docker` CLI (client only) is not installed; the docker-CLI compatibility tests need it.
  Get the static client and put it on PATH, e.g.:
    curl -fsSL https://download.docker.com/linux/static/stable/x86_64/docker-28.2.2.tgz | tar -xz -C /tmp
    install -m 0755 /tmp/docker/docker /usr/local/bin/docker
  (do not install docker.io: it brings its own daemon, containerd and runc)
EOF
        if [[ "${CI:-}" == "true" ]]; then failures+=("docker CLI"); fi
    fi
fi

# --- verdict ---------------------------------------------------------------------------------
say "host check"
if ! "$here/check-host.sh"; then
    failures+=("host check (see above)")
fi

if [[ ${#failures[@]} -gt 0 ]]; then
    die "missing: ${failures[*]}"
fi
say "done"
