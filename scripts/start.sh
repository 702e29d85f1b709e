#!/usr/bin/env bash
# `npm start`: build, then open a real VS Code with the extension loaded and the examples/ notes.
# Uses the desktop `code` when it is on PATH; otherwise code-server on 127.0.0.1, in a browser,
# with the packaged extension installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npm run -s build
if command -v code >/dev/null 2>&1 && [ -z "${LLM_NOTES_USE_CODE_SERVER:-}" ]; then
  exec code --extensionDevelopmentPath="$root" "$root/examples"
fi
eval "$(bash scripts/setup-vscode-server.sh)"
work=$root/.test-work/start
mkdir -p "$work"/{user/User,exts,tmp}
[ -f "$work/user/User/settings.json" ] || echo '{"workbench.startupEditor":"none","security.workspace.trust.enabled":false}' > "$work/user/User/settings.json"
port=${PORT:-8080}
# code-server's built workbench ignores extensionDevelopmentPath without the smoke-test driver, so
# the freshly built extension is packaged and installed into this instance's own extensions folder.
rm -f "$root"/*.vsix
npm run -s package > "$work/package.log" 2>&1 || { cat "$work/package.log"; exit 1; }
vsix=$(ls -t "$root"/*.vsix | head -1)
env PATH="$NODE24_BIN:$PATH" "$CODE_SERVER" --config "$work/config.yaml" --user-data-dir "$work/user" \
  --extensions-dir "$work/exts" --install-extension "$vsix" --force > "$work/install.log" 2>&1
folder=$(node -e "console.log(encodeURIComponent(process.argv[1]))" "$root/examples")
echo
echo "LLM Training Notes is running in code-server. Open:"
echo "  http://127.0.0.1:$port/?folder=$folder"
echo "(Ctrl+C stops it.)"
echo
export TMPDIR=$work/tmp
exec env PATH="$NODE24_BIN:$PATH" "$CODE_SERVER" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --bind-addr "127.0.0.1:$port" --config "$work/config.yaml" \
  --user-data-dir "$work/user" --extensions-dir "$work/exts" --vscode-option reconnection-grace-time=5
