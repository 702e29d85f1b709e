import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Every "never" of the architecture (eslint.config.mjs, DESIGN.md) is enforced by `npm run lint`:
 * an import planted across each boundary is refused, and the imports the arrows allow are not.
 */
describe('architecture: the linter refuses an import across every boundary', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: ROOT });

  async function errors(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${source}\nexport const planted = x;\n`, { filePath: join(ROOT, file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  const refused: [string, string][] = [
    ['src/core/memory/planted.ts', "import * as x from 'vscode';"],
    ['src/core/tokens/planted.ts', "import * as x from 'node:fs';"],
    ['src/core/digest/planted.ts', "import * as x from 'path';"],
    ['src/core/tokens/planted.ts', "import * as x from '../memory/units';"],
    ['src/core/tokens/planted.ts', "import * as x from '../digest/search';"],
    ['src/core/memory/planted.ts', "import * as x from '../tokens/registry';"],
    ['src/core/memory/planted.ts', "import * as x from '../digest/parser';"],
    ['src/core/digest/planted.ts', "import * as x from '../tokens/registry';"],
    ['src/core/digest/planted.ts', "import * as x from '../memory/units';"],
    ['src/core/models/planted.ts', "import * as x from '../memory/units';"],
    ['src/core/time/planted.ts', "import * as x from '../plan/search';"],
    ['src/core/dataset/planted.ts', "import * as x from '../memory/units';"],
    ['src/core/text/planted.ts', "import * as x from '../digest/parser';"],
    ['src/core/planted.ts', "import * as x from './memory/units';"],
    ['src/core/memory/planted.ts', "import * as x from '../../vscode/config';"],
    ['src/core/tokens/planted.ts', "import * as x from '../../cli/args';"],
    ['src/core/digest/planted.ts', "import * as x from '../../webview/memoryPanel';"],
    ['src/core/memory/planted.ts', "import * as x from '../../counting/tokenService';"],
    ['src/core/memory/planted.ts', "import * as x from '../../node/hfCache';"],
    ['src/cli/planted.ts', "import * as x from 'vscode';"],
    ['src/cli/planted.ts', "import * as x from '../vscode/config';"],
    ['src/cli/planted.ts', "import * as x from '../webview/tokenView';"],
    ['src/webview/memoryPanel.ts', "import * as x from '../core/memory/fields';"],
    ['src/webview/memoryPanel.ts', "import * as x from '../protocol/tokenView';"],
    ['src/webview/tokenView.ts', "import * as x from 'vscode';"],
    ['src/webview/tokenView.ts', "import * as x from '../core/tokens/registry';"],
    ['src/protocol/planted.ts', "import * as x from '../vscode/config';"],
    ['src/counting/planted.ts', "import * as x from 'vscode';"],
    ['src/counting/planted.ts', "import * as x from '../vscode/config';"],
    ['src/node/planted.ts', "import * as x from 'vscode';"],
    ['src/vscode/memory/planted.ts', "import * as x from '../../cli/mem';"],
    ['src/vscode/memory/planted.ts', "import * as x from '../../webview/memoryPanel';"],
    ['src/extension.ts', "import * as x from './cli/main';"],
  ];
  for (const [file, source] of refused) {
    it(`${file}: ${source}`, async () => {
      assert.notDeepEqual(await errors(file, source), [], `${file} was allowed to ${source}`);
    });
  }

  const allowed: [string, string][] = [
    ['src/core/memory/planted.ts', "import * as x from '../l10n';"],
    ['src/core/memory/planted.ts', "import * as x from '../errors';"],
    ['src/core/memory/planted.ts', "import * as x from '../text/fences';"],
    ['src/core/memory/planted.ts', "import * as x from '../models/configJson';"],
    ['src/core/time/planted.ts', "import * as x from '../memory/estimate';"],
    ['src/core/plan/planted.ts', "import * as x from '../time/stepTime';"],
    ['src/core/dataset/planted.ts', "import * as x from '../tokens/tokenCounter';"],
    ['src/cli/planted.ts', "import * as x from '../core/memory/estimate';"],
    ['src/cli/planted.ts', "import * as x from '../node/hfCache';"],
    ['src/webview/memoryPanel.ts', "import * as x from '../protocol/memoryPanel';"],
    ['src/vscode/memory/planted.ts', "import * as x from '../../protocol/memoryPanel';"],
    ['src/vscode/memory/planted.ts', "import * as x from '../../core/memory/estimate';"],
  ];
  for (const [file, source] of allowed) {
    it(`allowed — ${file}: ${source}`, async () => {
      assert.deepEqual(await errors(file, source), []);
    });
  }
});
