#!/usr/bin/env bash
# Re-creates wwwroot-assets/vendor/xterm/ (the browser terminal's emulator) from npm, at the pinned versions below.
#
#   docker-less-setup/vendor-xterm.sh          # needs npm and the registry; not root
#
# The files it writes are committed, so installing and running the daemon needs neither npm nor the network; run
# this only to check the committed copy (git diff stays empty) or, after changing a pin, to update it. Each tarball
# is checked against its pinned sha512 (the registry's "integrity") before anything is copied, and each package's
# LICENSE goes next to its code.
set -euo pipefail

# package@version  sha512 integrity (npm view PACKAGE@VERSION dist.integrity)
packages=(
    "@xterm/xterm@6.0.0 sha512-TQwDdQGtwwDt+2cgKDLn0IRaSxYu1tSUjgKarSDkUM0ZNiSRXFpjxEsvc/Zgc5kq5omJ+V0a8/kIM2WD3sMOYg=="
    "@xterm/addon-fit@0.11.0 sha512-jYcgT6xtVYhnhgxh3QgYDnnNMYTcf8ElbxxFzX0IZo+vabQqSPAjC3c1wJrKB5E19VwQei89QCiZZP86DCPF7g=="
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../wwwroot-assets/vendor/xterm"
command -v npm >/dev/null 2>&1 || { echo "vendor-xterm.sh: npm is needed (apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for entry in "${packages[@]}"; do
    read -r spec integrity <<<"$entry"
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    name="${spec%@*}"; version="${spec##*@}"
    tarball="$work/$(echo "${name#@}" | tr / -)-$version.tgz"
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [[ "$actual" != "$integrity" ]]; then
        echo "vendor-xterm.sh: $spec has integrity $actual, pinned $integrity" >&2
        exit 1
    fi
    mkdir -p "$work/${name#@}"
    tar xzf "$tarball" -C "$work/${name#@}"
done

rm -rf "$out"
mkdir -p "$out"
x="$work/xterm/xterm/package"; fit="$work/xterm/addon-fit/package"
# The ES modules (the tab's JS imports them), without their source maps: browsers ask for a map only with the
# developer tools open, and the sourceMappingURL line is dropped so that they do not ask at all.
sed '/^\/\/# sourceMappingURL=/d' "$x/lib/xterm.mjs" > "$out/xterm.mjs"
sed '/^\/\/# sourceMappingURL=/d' "$fit/lib/addon-fit.mjs" > "$out/addon-fit.mjs"
cp "$x/css/xterm.css" "$out/xterm.css"
cp "$x/LICENSE" "$out/LICENSE-xterm"
cp "$fit/LICENSE" "$out/LICENSE-addon-fit"
{
    echo "Vendored by docker-less-setup/vendor-xterm.sh from the npm registry; do not edit by hand."
    for entry in "${packages[@]}"; do echo "$entry"; done
} > "$out/VERSIONS"
echo "vendor-xterm.sh: wrote $(cd "$out" && ls | tr '\n' ' ')to wwwroot-assets/vendor/xterm"
