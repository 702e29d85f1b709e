import * as assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import { UserError } from '../../src/core/errors';
import { estimate } from '../../src/core/memory/estimate';
import { FIELD_NAMES, type MemoryFields } from '../../src/core/memory/fields';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import { buildInput, canonicalFields } from '../../src/core/memory/input';
import type { MemoryInput } from '../../src/core/memory/types';
import { DTYPE, KV_CACHE_BITS, MEM_FLAG_DEFS, MODE, OFFLOAD, OPTIMIZER, panelChoices, RECOMPUTE, ZERO, keywords, type WordList } from '../../src/core/memory/vocabulary';
import { fakeIo } from './fakeIo';

/** What a field's canonical value becomes in a checked input, to compare the three ways in. */
const READ: Record<string, (i: MemoryInput) => unknown> = {
  mode: (i) => i.mode,
  optimizer: (i) => i.optimizer,
  zero: (i) => String(i.zero),
  recompute: (i) => i.recompute,
  kvCacheBits: (i) => String(i.kvCacheBits),
  dtype: (i) => i.precision,
};

/** Each choice field with its flag and a base that makes every value valid. */
const LISTS: [WordList, string, MemoryFields][] = [
  [MODE, 'mode', { model: '7B' }],
  [DTYPE, 'dtype', { model: '7B', mode: 'inference' }],
  [OPTIMIZER, 'optimizer', { model: '7B' }],
  [ZERO, 'zero', { model: '7B', gpus: '8' }],
  [RECOMPUTE, 'recompute', { model: '7B' }],
  [KV_CACHE_BITS, 'kv-bits', { model: '7B', mode: 'inference' }],
];

async function cliInput(argv: string[]): Promise<MemoryInput> {
  const io = fakeIo();
  const code = await main(['mem', ...argv, '--json'], io);
  assert.equal(code, 0, io.err);
  const json = JSON.parse(io.out) as { input: string };
  return buildInput(parseFitExpression(json.input));
}

describe('one vocabulary: flags, the fit grammar and the panel accept the same words', () => {
  for (const [list, flag, base] of LISTS) {
    const field = list.name as keyof MemoryFields;
    it(`${field}: every word means the same value in a flag, a fit expression and the panel`, async () => {
      const panel = panelChoices()[field as keyof ReturnType<typeof panelChoices>];
      for (const word of list.flagWords()) {
        const canonical = list.value(word)!;
        const viaFields = buildInput({ ...base, [field]: word });
        const expected = READ[field](buildInput({ ...base, [field]: canonical }));
        assert.equal(READ[field](viaFields), expected, `${field} field "${word}"`);
        const viaFlag = await cliInput([...Object.entries(base).flatMap(([k, v]) => (k === 'model' ? [String(v)] : [`--${k}`, String(v)])), `--${flag}`, word]);
        assert.equal(READ[field](viaFlag), expected, `--${flag} ${word}`);
        // The panel's select offers the canonical value the word resolves to (nf4 becomes a form value by mode).
        const formValue = canonicalFields({ ...base, [field]: word })[field] as string;
        assert.ok(panel.includes(formValue), `panel ${field} lacks ${formValue} (from "${word}")`);
        if (list.isGrammarWord(word)) {
          const parsed = parseFitExpression(`7B ${base.mode ?? ''} ${word} ${base.gpus ? `on ${base.gpus}xA100-80G` : ''}`);
          assert.equal(READ[field](buildInput(parsed)), expected, `fit expression "${word}"`);
        }
      }
    });
  }

  it('offload: the --offload words and the fit-expression words move the same state', async () => {
    for (const word of OFFLOAD.flagWords()) {
      const viaFlag = await cliInput(['7B', '--gpus', '8', '--offload', word]);
      if (!OFFLOAD.isGrammarWord(word)) continue;
      const viaGrammar = buildInput(parseFitExpression(`7B ${word} on 8xA100-80G`));
      assert.deepEqual([viaGrammar.offloadOptimizer, viaGrammar.offloadParams, viaGrammar.zero], [viaFlag.offloadOptimizer, viaFlag.offloadParams, viaFlag.zero], word);
    }
  });

  it('every grammar word is a word of exactly one field, and every flag names a real field', () => {
    const all = keywords();
    assert.equal(new Set(all).size, all.length);
    for (const def of MEM_FLAG_DEFS) if (def.field) assert.ok((FIELD_NAMES as readonly string[]).includes(def.field), def.flag);
  });

  it('the drift that was: paged_adamw_8bit, adamw_torch and FULL_SHARD work as flags and in fit expressions', async () => {
    assert.equal((await cliInput(['7B', '--optimizer', 'paged_adamw_8bit'])).optimizer, 'adamw8bit');
    assert.equal(buildInput(parseFitExpression('7B full paged_adamw_8bit on 1xA100')).optimizer, 'adamw8bit');
    assert.equal(buildInput(parseFitExpression('7B full adamw_torch on 1xA100')).optimizer, 'adamw');
    assert.equal(buildInput(parseFitExpression('7B full FULL_SHARD on 8xA100')).zero, 3);
    assert.equal((await cliInput(['7B', '--zero', 'FULL_SHARD', '--gpus', '8'])).zero, 3);
  });

  it('refuses the same words everywhere: a flag, a fit expression and a field', async () => {
    for (const word of ['turbo', 'constructor', '__proto__', 'toString']) {
      assert.equal(await main(['mem', '7B', '--optimizer', word], fakeIo()), 2, word);
      assert.throws(() => parseFitExpression(`7B ${word}`), UserError);
      assert.throws(() => buildInput({ model: '7B', optimizer: word }), UserError);
    }
  });
});

describe('field errors name a real field, so the panel marks the right input', () => {
  const bad: MemoryFields[] = [
    { gpus: '-3' }, { gpus: 'x' }, { nodes: '0' }, { gpusPerNode: '100' }, { model: 'gpt-9' }, { params: '0' }, { gpu: 'banana' }, { gpuMem: '0g' },
    { tp: '8', gpus: '4' }, { mode: 'qlora', dtype: 'fp32' }, { mode: 'full', dtype: 'int4' }, { mode: 'nope' }, { dtype: 'fp7' }, { optimizer: 'x' },
    { zero: '5' }, { offloadParams: 'cpu', zero: '2' }, { offloadOptimizer: 'nvme', zero: '2' }, { offloadOptimizer: 'cpu', zero: '0' }, { offloadOptimizer: 'tape' },
    { mode: 'inference', zero: '3' }, { mode: 'inference', offloadOptimizer: 'cpu' }, { seq: 'long' }, { batch: '0' }, { recompute: 'always' },
    { loraRank: '0' }, { kvCacheBits: '4' }, { layers: '2' }, { layers: '2', hidden: '64', heads: '3', vocab: '10', kvHeads: '2' },
    { allocatorReservePct: 'lots' }, { allocatorReservePct: '90' }, { cudaContextGiB: 'x' }, { cudaContextGiB: '99' }, { largestLayer: 'big' }, { tp: '3', gpus: '3' },
    { model: 'llama2-7b', pp: '64', gpus: '64' },
  ];
  for (const fields of bad) {
    it(JSON.stringify(fields), () => {
      try {
        estimate(buildInput(fields));
      } catch (e) {
        assert.ok(e instanceof UserError, String(e));
        assert.ok((FIELD_NAMES as readonly string[]).includes(e.field ?? ''), `field "${e.field}" for ${e.message}`);
        return;
      }
      assert.fail('accepted');
    });
  }

  it('an offloadParams error names offloadParams, not the optimizer', () => {
    assert.throws(() => estimate(buildInput({ offloadParams: 'cpu', zero: '2' })), (e: UserError) => e.field === 'offloadParams');
  });
});
