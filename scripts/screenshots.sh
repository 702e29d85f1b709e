#!/usr/bin/env bash
# `npm run screenshots`: builds and packages the extension, then photographs the real UI in the
# light and the dark theme into media/screenshots/ (README and walkthrough pictures).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# Chinese text needs a CJK font in the headless browser, or it shows as boxes.
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  apt-get install -y fonts-noto-cjk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y fonts-noto-cjk >/dev/null; }
fi
npm run -s build
node esbuild.mjs --tests
rm -f ./*.vsix && npm run -s package > /dev/null
for theme in light dark; do
  LLM_NOTES_THEME=$theme E2E_SPEC=out/test/e2e/screenshots.shots.js bash scripts/test-vscode.sh e2e
done
ls -l media/screenshots
