#!/usr/bin/env bash
# Runs a test layer inside a real VS Code (code-server, offline):
#   integration — mocha suites inside the real Node extension host, driven through the vscode API
#   e2e         — headless Chromium drives the real UI with the packaged .vsix installed
# Servers bind to 127.0.0.1 and are stopped by process group on exit, pass or fail.
set -euo pipefail
layer=${1:?usage: test-vscode.sh integration|integration-zh|e2e}
# integration-zh: the integration suites under a Simplified Chinese display language.
if [ "$layer" = integration-zh ]; then layer=integration; work_name=integration-zh; LLM_NOTES_LOCALE=zh-cn; fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
eval "$(bash scripts/setup-vscode-server.sh)"
work=$root/.test-work/${work_name:-$layer}
rm -rf "$work" && mkdir -p "$work"/{tmp,xdg/config,xdg/data,xdg/cache,user/User,exts,ws}
cp -r examples/. "$work/ws/"
case "${LLM_NOTES_THEME:-}" in light) color='"workbench.colorTheme":"Default Light Modern",' ;; dark) color='"workbench.colorTheme":"Default Dark Modern",' ;; *) color= ;; esac
echo '{'"$color"'"workbench.startupEditor":"none","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false,"security.workspace.trust.enabled":false,"workbench.tips.enabled":false,"workbench.welcomePage.preferReducedMotion":true,"telemetry.telemetryLevel":"off","chat.disableAIFeatures":true,"workbench.secondarySideBar.defaultVisibility":"hidden","git.openRepositoryInParentFolders":"never"}' > "$work/user/User/settings.json"
export TMPDIR=$work/tmp XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache
export TEST_LAYER=$layer
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
args=(${LLM_NOTES_LOCALE:+--locale "$LLM_NOTES_LOCALE"} --auth none --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override
  --vscode-option reconnection-grace-time=5 --bind-addr "127.0.0.1:$port" --config "$work/config.yaml"
  --user-data-dir "$work/user" --extensions-dir "$work/exts")
server_pid=
cleanup() { [ -n "$server_pid" ] && kill -- -"$server_pid" 2>/dev/null; wait 2>/dev/null; true; }
trap cleanup EXIT

# LLM_NOTES_LOCALE=zh-cn runs the layer under that display language. No language pack can be
# downloaded here, so the server is given one that translates nothing of VS Code itself (its
# languagepacks.json entry, as "Configure Display Language" writes it); the extension's own
# l10n bundle is what is being tested.
if [ -n "${LLM_NOTES_LOCALE:-}" ]; then
  node -e "require('fs').writeFileSync(process.argv[1], JSON.stringify({ [process.argv[2]]: { hash: 'llm-notes-test', label: process.argv[2], extensions: [{ extensionIdentifier: { id: 'llm-notes-test.empty-language-pack' }, version: '1.0.0' }], translations: { vscode: process.argv[3] } } }))" \
    "$work/user/languagepacks.json" "$LLM_NOTES_LOCALE" "$root/test/fixtures/empty-language-pack.i18n.json"
fi
if [ "$layer" = e2e ]; then
  vsix=$(ls -t "$root"/*.vsix 2>/dev/null | head -1)
  [ -n "$vsix" ] || { npm run -s package >/dev/null; vsix=$(ls -t "$root"/*.vsix | head -1); }
  PATH="$NODE24_BIN:$PATH" "$CODE_SERVER" "${args[@]}" --install-extension "$vsix" > "$work/install.log" 2>&1
else
  args+=(--vscode-option enable-smoke-test-driver)
fi
# Offline and private: in the integration layer the extension is loaded through a wrapper that
# installs the net guard before activation (VS Code strips NODE_OPTIONS from its extension host),
# so any connection attempted by our code — activation, commands, the counting worker — is
# refused and logged to net.log, which must stay empty.
if [ "$layer" = integration ]; then
  ext=$work/ext
  mkdir -p "$ext"
  # dist is copied, not linked: VS Code gives code the `vscode` API of the extension whose folder
  # holds it, and Node resolves a linked module to its real path, outside this folder (the API
  # would then belong to no extension, and vscode.l10n would find no bundle).
  cp -r "$root/dist" "$ext/dist"
  for f in media l10n snippets package.nls.json package.nls.zh-cn.json README.md CHANGELOG.md LICENSE; do ln -s "$root/$f" "$ext/$f"; done
  node -e "const p=require('$root/package.json'); p.main='./guarded-main.js'; delete p.browser; require('fs').writeFileSync('$ext/package.json', JSON.stringify(p, null, 2))"
  node -e "require('fs').writeFileSync(process.argv[1], 'require(' + JSON.stringify(process.argv[2]) + ');\nmodule.exports = require(\"./dist/extension.js\");\n')" "$ext/guarded-main.js" "$root/test/guard/net-guard.cjs"
  export EXTENSION_DEV_PATH=$ext
fi
LLM_NOTES_NET_LOG="$work/net.log" LLM_NOTES_NET_GUARD_PATHS="$root/dist:$work/ext/dist" \
  PATH="$NODE24_BIN:$PATH" setsid "$CODE_SERVER" "${args[@]}" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "code-server did not start; log:"; cat "$work/server.log"; exit 1; }

export VSCODE_URL=http://127.0.0.1:$port WORKSPACE=$work/ws EXTENSION_ROOT=$root SCREENSHOTS=$root/test-results
export LLM_NOTES_NET_LOG="$work/net.log"
status=0
if [ "$layer" = integration ]; then
  node scripts/run-extension-tests.mjs || status=$?
else
  # E2E_SPEC runs one compiled spec alone (npm run screenshots; a single suite while debugging).
  if [ -n "${E2E_SPEC:-}" ]; then spec=(--reporter out/test/reporter.js --timeout 120000 "$E2E_SPEC"); else spec=(--config .mocharc.e2e.json); fi
  npx mocha "${spec[@]}" || status=$?
fi
if [ -s "$work/net.log" ]; then
  echo "$layer: the extension attempted network connections (it must stay offline):"
  cat "$work/net.log"
  exit 1
fi
exit $status
