#!/usr/bin/env bash
# `npm test`: build, types, lint, then the layers — unit, integration (real extension host),
# integration-zh (the same host under a Chinese display language), e2e (real UI with the packaged
# VSIX), web (the browser entry in VS Code for the Web).
# Each layer prints "N passed, N failed"; the last line sums them. Every layer runs even if an earlier one failed, so one run shows everything.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
log=$root/.test-work/logs
mkdir -p "$log"
status=0

step() { echo; echo "── $1"; }

step "build"; npm run -s build || exit 1
step "check-types"; npm run -s check-types || status=1
step "lint"; npm run -s lint || status=1
step "compile tests"; node esbuild.mjs --tests || exit 1
step "package"; rm -f ./*.vsix; npm run -s package > "$log/package.log" 2>&1 || { cat "$log/package.log"; status=1; }
tail -1 "$log/package.log"

run_layer() {
  local name=$1; shift
  step "$name"
  "$@" 2>&1 | tee "$log/$name.log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || status=1
  grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log/$name.log" | tail -1 > "$log/$name.closing" || true
  [ -s "$log/$name.closing" ] || { echo "$name: 0 passed, 1 failed (the layer did not report)"; echo "$name: 0 passed, 1 failed" > "$log/$name.closing"; status=1; }
}

run_layer unit env TEST_LAYER=unit npx mocha --config .mocharc.unit.json
run_layer integration bash scripts/test-vscode.sh integration
run_layer integration-zh bash scripts/test-vscode.sh integration-zh
run_layer e2e bash scripts/test-vscode.sh e2e
run_layer web node scripts/test-web.mjs

passed=0; failed=0
for f in "$log"/{unit,integration,integration-zh,e2e,web}.closing; do
  read -r _ p _ fl _ < <(sed -E 's/^([a-z0-9-]+): ([0-9]+) passed, ([0-9]+) failed.*/\1 \2 x \3 y/' "$f")
  passed=$((passed + p)); failed=$((failed + fl))
done
[ "$status" = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo
echo "wall time: $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
exit $status
