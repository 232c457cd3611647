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
# ReadyToRun: the code comes precompiled and only hot methods are jitted again. Measured on 2 cores: `dw ingest` of
# the five seeds 1.06-1.18 CPU-s instead of 1.49-1.62, `dw --version` 0.14 instead of 0.17; the same CPU per report
# over 3,000 reports.
rid="$(dotnet --info | awk '/RID:/ {print $2; exit}')"
dotnet publish "$root/src/DisclosureWatch.Worker" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$dest" --nologo -v quiet
ln -sfn "$dest/dw" "$prefix/bin/dw"
echo "installed: $prefix/bin/dw -> $dest/dw"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on PATH; add it (export PATH=\"$prefix/bin:\$PATH\")" ;; esac
command -v pdftotext >/dev/null || echo "note: PDF reports need pdftotext: apt-get install poppler-utils"
