#!/usr/bin/env bash
# The Node.js the project runs on is the major version in .nvmrc (24, the current LTS line).
# When the `node` on PATH is another one, this installs that line from the npm registry (the
# `node` package carries the binary) into .data/node-<major>, once, and reuses it afterwards.
# Prints the directory holding that `node` as its last line, for PATH:
#
#   export PATH="$(bash scripts/ensure-node.sh | tail -n 1):$PATH"
#
# Settings (environment): NODE_INSTALL_DIR (.data/node-<major>). Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

major="$(tr -dc '0-9' < .nvmrc)"
say() { echo "ensure-node: $*" >&2; }
major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true; }

if command -v node >/dev/null && [[ "$(major_of node)" == "$major" ]]; then
  say "node $(node --version) on PATH"
  dirname "$(command -v node)"
  exit 0
fi

dir="${NODE_INSTALL_DIR:-.data/node-$major}"
bin="$dir/node_modules/.bin"
if [[ ! -x "$bin/node" || "$(major_of "$bin/node")" != "$major" ]]; then
  say "node on PATH is $(node --version 2>/dev/null || echo missing); installing Node.js $major from the npm registry into $dir"
  mkdir -p "$dir"
  # The `node` package's preinstall script fetches the platform's binary package; allowed here only.
  printf '{"name":"cars-bot-node","private":true,"allowScripts":{"node":true}}\n' > "$dir/package.json"
  npm install --prefix "$dir" --no-package-lock --no-audit --no-fund --loglevel=warn "node@$major" >&2
fi
say "using node $("$bin/node" --version) from $bin"
(cd "$bin" && pwd)
