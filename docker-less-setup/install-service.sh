#!/usr/bin/env bash
# Publishes the daemon to /opt/dashboard and installs the systemd unit (run as root, from anywhere).
#
#   sudo docker-less-setup/install-service.sh [--no-start] [--prefix DIR]
#
# Re-running upgrades in place: the new build is published next to the old one, the service is
# stopped (containers keep running: KillMode=process), the directories are swapped, and the
# service is started again. Without systemd as PID 1 the unit is installed but not enabled.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
prefix=/opt/dashboard
start=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-start) start=0 ;;
        --prefix) prefix="$2"; shift ;;
        -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install-service.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

[[ ${EUID:-$(id -u)} -eq 0 ]] || die "run as root"
dotnet="$(command -v dotnet)" || die "dotnet not found: run docker-less-setup/install.sh first"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

staging="$prefix.new"
rm -rf "$staging"
say "dotnet publish src/Dashboard.Web -c Release -o $staging"
"$dotnet" publish "$repo/src/Dashboard.Web" -c Release -o "$staging" --nologo </dev/null
[[ -f "$staging/Dashboard.Web.dll" ]] || die "publish did not produce $staging/Dashboard.Web.dll"
cp "$repo/README.md" "$staging/README.md" 2>/dev/null || true

systemd_running=0
[[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1 && systemd_running=1
was_active=0
if [[ $systemd_running -eq 1 ]] && systemctl is-active --quiet dashboard.service; then
    was_active=1
    say "stopping dashboard.service (containers keep running)"
    systemctl stop dashboard.service
fi

if [[ -d "$prefix" ]]; then
    rm -rf "$prefix.old"
    mv "$prefix" "$prefix.old"
fi
mv "$staging" "$prefix"
rm -rf "$prefix.old"
say "published to $prefix"

# The unit names /usr/bin/dotnet and /opt/dashboard; adjust both to this host.
unit=/etc/systemd/system/dashboard.service
sed -e "s#/usr/bin/dotnet#$dotnet#g" -e "s#/opt/dashboard#$prefix#g" "$here/dashboard.service" > "$unit.tmp"
mv "$unit.tmp" "$unit"
chmod 0644 "$unit"
say "installed $unit"

install -d -m 0755 /etc/dashboard
if [[ ! -e /etc/dashboard/dashboard.env ]]; then
    cat > /etc/dashboard/dashboard.env <<'EOF'
# Overrides for /opt/dashboard/appsettings.json (ASP.NET configuration: ':' becomes '__').
#Engine__DataRoot=/var/lib/dashboard
#Engine__RunRoot=/run/dashboard
#Engine__Runtime=runc
#Engine__CgroupParent=dashboard
#Api__UnixSocket=/run/dashboard/dashboard.sock
#Urls=http://127.0.0.1:5080
EOF
    say "wrote /etc/dashboard/dashboard.env (all overrides commented out)"
fi

if [[ $systemd_running -eq 0 ]]; then
    say "systemd is not PID 1 here ($(ps -p 1 -o comm= 2>/dev/null || echo unknown)): unit installed, not enabled."
    say "start the daemon by hand:  cd $prefix && $dotnet $prefix/Dashboard.Web.dll"
    exit 0
fi

systemctl daemon-reload
systemctl enable dashboard.service >/dev/null
say "enabled dashboard.service"
if [[ $start -eq 1 || $was_active -eq 1 ]]; then
    systemctl start dashboard.service
    systemctl --no-pager --lines=5 status dashboard.service || true
fi
