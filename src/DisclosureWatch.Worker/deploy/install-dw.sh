#!/usr/bin/env bash
# Puts `dw` on PATH: publishes the worker (Release, framework-dependent: the .NET 10 runtime must be installed) into
# PREFIX/lib/disclosurewatch and links PREFIX/bin/dw to it. The shipped model and training data go with it.
#   bash src/DisclosureWatch.Worker/deploy/install-dw.sh            # PREFIX=/usr/local (run as root or with sudo)
#   bash src/DisclosureWatch.Worker/deploy/install-dw.sh ~/.local   # no root: ~/.local/bin must be on PATH
# Run it again after pulling changes: it replaces the published files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
prefix="${1:-/usr/local}"
dest="$prefix/lib/disclosurewatch"
command -v dotnet >/dev/null || { echo "install-dw: dotnet (the .NET 10 SDK) is needed to publish dw" >&2; exit 1; }
mkdir -p "$dest" "$prefix/bin"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish "$root/src/DisclosureWatch.Worker" -c Release -o "$dest" --nologo -v quiet
ln -sfn "$dest/dw" "$prefix/bin/dw"
echo "installed: $prefix/bin/dw -> $dest/dw"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on PATH; add it (export PATH=\"$prefix/bin:\$PATH\")" ;; esac
command -v pdftotext >/dev/null || echo "note: PDF reports need pdftotext: apt-get install poppler-utils"
