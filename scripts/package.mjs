// Builds for production and packages the VSIX offline. Dependencies are bundled by esbuild, so
// the VSIX carries no node_modules; .vscodeignore is an allowlist.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out], { stdio: 'inherit' });
console.log(out);
