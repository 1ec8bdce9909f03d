#!/usr/bin/env bash
# Installs the prerequisites (idempotent) and runs the daemon in the foreground from this checkout.
#
#   sudo docker-less-setup/start.sh [daemon arguments]
#
# Configuration comes from ./appsettings.json, overridden by environment variables such as
# Engine__DataRoot=/srv/dashboard. On first start the daemon creates busybox:latest from the host's
# static busybox, so `docker run --rm busybox echo hi` works with no registry.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
"$here/install.sh" </dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Dashboard.Web -c Release -- "$@"
