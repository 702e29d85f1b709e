import * as assert from 'node:assert/strict';
import { Tiktoken } from 'tiktoken';
import { loadBuiltinEngine } from '../../src/core/tokens/engines';
import { CORPUS, LONE_SURROGATES } from './corpus';

/**
 * Meta's own LLaMA-3 tokenizer is tiktoken with the model's 128,000 mergeable ranks and this
 * pattern (llama3/tokenizer.py). Rebuilding it from the vocabulary llama3-tokenizer-js ships, and
 * running tiktoken's Rust BPE over it, gives an independent reference implementation.
 */
const LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** GPT-2's byte ↔ printable-unicode mapping, which the byte-level vocabulary is written in. */
function unicodeToByte(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = bytes.map((b) => String.fromCharCode(b));
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(String.fromCharCode(256 + n++));
    }
  }
  return new Map(chars.map((c, i) => [c, bytes[i]]));
}

describe('LLaMA-3 equals tiktoken run over LLaMA-3’s ranks, token for token', () => {
  let reference: Tiktoken;

  before(async () => {
    const mod = (await import('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs')) as { llama3Tokenizer: { vocabById: string[] } };
    const map = unicodeToByte();
    const lines = mod.llama3Tokenizer.vocabById.slice(0, 128000).map((token, rank) => {
      const bytes = Buffer.from(Array.from(token, (c) => {
        const b = map.get(c);
        if (b === undefined) throw new Error(`token ${rank} has a character outside the byte map`);
        return b;
      }));
      return `${bytes.toString('base64')} ${rank}`;
    });
    reference = new Tiktoken(lines.join('\n') + '\n', {}, LLAMA3_PATTERN);
  });

  after(() => reference?.free());

  for (const [name, text] of Object.entries(CORPUS)) {
    it(name, async () => {
      const engine = await loadBuiltinEngine('llama3');
      assert.deepEqual(engine.encode(text), Array.from(reference.encode_ordinary(text)));
    });
  }

  it('lone surrogates', async () => {
    const engine = await loadBuiltinEngine('llama3');
    assert.deepEqual(engine.encode(LONE_SURROGATES), Array.from(reference.encode_ordinary(LONE_SURROGATES)));
  });
});

describe('the LLaMA-3 reference itself', () => {
  it('reproduces Meta’s published example: "This is a test sentence." → 2028 374 264 1296 11914 13', async () => {
    const engine = await loadBuiltinEngine('llama3');
    assert.deepEqual(engine.encode('This is a test sentence.'), [2028, 374, 264, 1296, 11914, 13]);
  });
});
