#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) into
# .vscode-test/code-server/ so the extension can be tested in a real VS Code extension host.
# VS Code itself cannot be downloaded here; code-server comes from the npm registry.
# Idempotent: skips when the same version is already installed and working.
#
#   bash scripts/code-server/install.sh          # install if missing
#   FORCE=1 bash scripts/code-server/install.sh  # reinstall
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/.vscode-test/code-server"
MARKER="$DEST/.installed-$VERSION"
BIN="$DEST/node_modules/.bin/code-server"
START=$(date +%s)

say() { printf '[code-server install] %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - START ))s"; }

if [[ -z "${FORCE:-}" && -f "$MARKER" && -x "$BIN" ]]; then
  # A quick sanity check with a throwaway HOME (code-server writes config even for --version).
  TMPH="$(mktemp -d)"
  if HOME="$TMPH" XDG_CONFIG_HOME="$TMPH/.config" XDG_DATA_HOME="$TMPH/.local/share" "$BIN" --version >/dev/null 2>&1; then
    rm -rf "$TMPH"
    say "code-server $VERSION already installed in ${DEST#$ROOT/}; nothing to do ($(elapsed))."
    exit 0
  fi
  rm -rf "$TMPH"
  say "existing install does not start; reinstalling"
fi

# ── system packages ──────────────────────────────────────────────────────────
missing=()
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[[ -f /usr/include/gssapi/gssapi.h ]] || missing+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
{ command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
{ command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]]; } || missing+=(chromium)
if (( ${#missing[@]} )); then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "system packages installed ($(elapsed))"
else
  say "system packages present (ripgrep, libkrb5-dev, pkg-config, build-essential, python3, chromium)"
fi

# ── npm ──────────────────────────────────────────────────────────────────────
export npm_config_yes=true            # node-pty's rebuild runs `npx node-gyp`
export npm_config_unsafe_perm=true    # root installs
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# Build native modules against the headers of the installed node (no header download).
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [[ -f "$NODE_PREFIX/include/node/node.h" ]]; then export npm_config_nodedir="$NODE_PREFIX"; fi

rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
printf '{ "name": "code-server-host", "private": true, "version": "0.0.0" }\n' > package.json

say "npm install --ignore-scripts code-server@$VERSION"
npm install --no-save --ignore-scripts --loglevel=error "code-server@$VERSION" >/dev/null
say "rebuild argon2 ($(elapsed))"
npm rebuild argon2 --loglevel=error >/dev/null

VSC="$DEST/node_modules/code-server/lib/vscode"
cd "$VSC"
say "install VS Code server dependencies ($(elapsed))"
npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null
# @vscode/ripgrep would download a binary; Debian's rg stands in for it.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
say "rebuild native modules: node-pty, spdlog, kerberos, watchdog… ($(elapsed))"
npm rebuild --loglevel=error >/dev/null
ln -sfn node_modules node_modules.asar
ln -sf code-linux.sh bin/remote-cli/code-server
ln -sf browser-linux.sh bin/helpers/browser.sh
say "install built-in extensions' dependencies ($(elapsed))"
(cd extensions && npm install --omit=dev --loglevel=error >/dev/null)

TMPH="$(mktemp -d)"
V="$(HOME="$TMPH" XDG_CONFIG_HOME="$TMPH/.config" XDG_DATA_HOME="$TMPH/.local/share" "$BIN" --version 2>/dev/null | grep -E '^[0-9]+\.' | head -1)"
rm -rf "$TMPH"
touch "$MARKER"
say "installed code-server $V in ${DEST#$ROOT/} ($(du -sh "$DEST" | cut -f1)) in $(elapsed)"
