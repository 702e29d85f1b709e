import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { UsageError, parseArgs } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { DEEPSPEED_FLAGS, MEM_FLAGS } from '../../../src/cli/mem';
import { SEARCH_FLAGS } from '../../../src/cli/search';
import { TOKENS_FLAGS } from '../../../src/cli/tokens';
import { compileGlob } from '../../../src/core/digest/glob';
import { decodeNote } from '../../../src/core/digest/noteFile';
import { parseNotes } from '../../../src/core/digest/parser';
import { renderEntryHtml, quoteMarkdown } from '../../../src/core/digest/render';
import { UserError } from '../../../src/core/errors';
import { estimate } from '../../../src/core/memory/estimate';
import { checkedFields, FIELD_NAMES } from '../../../src/core/memory/fields';
import { parseFitExpression } from '../../../src/core/memory/fitExpression';
import { buildInput } from '../../../src/core/memory/input';
import { loadHuggingFaceEngine } from '../../../src/core/tokens/engines';
import { BpeEngine } from '../../../src/core/tokens/bpe/bpeEngine';
import { packTokens, readVocabularyFile, writeVocabularyFile } from '../../../src/core/tokens/bpe/vocabularyFile';
import { readAccelerateConfig } from '../../../src/core/plan/accelerateConfig';
import { CsvReader } from '../../../src/core/dataset/csv';
import { fieldPath, recordText } from '../../../src/core/dataset/recordText';
import { readDeepSpeedConfig, type ReadConfig } from '../../../src/core/plan/deepspeedConfig';
import { fakeIo } from '../fakeIo';
import { BPE_TOKENIZER_JSON, WORDPIECE_TOKENIZER_JSON } from '../fixtures';
import { Counter, RUNS, assertFinite, hostileText, params, refusedWith } from './fuzz';
import { assertInertHtml } from './inert';

const FIT_WORDS = [
  '34B', '7b', '70B', '1.5T', '0', '-3B', 'llama2-70b', 'llama3-8b', 'mixtral-8x7b', 'deepseek-v3', 'full', 'lora', 'qlora', 'inference', 'train',
  'bf16', 'fp16', 'fp32', 'int8', 'int4', 'nf4', 'pure-bf16', 'adamw', 'adamw8bit', 'sgd', 'adafactor', 'zero0', 'zero3', 'zero', '3', 'z2', 'fsdp',
  'offload', 'offload-params', 'offload-all', 'offload-nvme', 'tp2', 'tp', '8', 'pp4', 'pp', 'sp', 'ctx', '32k', '128K', '1M', 'batch', 'bs8', '64',
  'recompute', 'selective', 'no-flash', 'flash', 'rank', 'r16', 'lora-r64', 'dq', 'kv8', 'on', '@', '4xA100-80G', '2 nodes x 8 H100', 'H200', '1x80G',
  'x', '×', '*', 'nodes', '99999999999', '1e9', '0.5', 'layers', 'hidden', 'heads', 'vocab', '=', ':',
];

const MODELS = ['34B', '7b', '70B', '0.5B', '1.5T', 'llama2-7b', 'llama2-70b', 'llama3-8b', 'llama3.1-405b', 'mixtral-8x7b', 'deepseek-v3', 'qwen2.5-72b'];
const SETTINGS = ['full', 'lora', 'qlora', 'inference', 'bf16', 'fp16', 'fp32', 'int8', 'int4', 'adamw', 'adamw8bit', 'sgd', 'adafactor', 'zero1', 'zero2', 'zero3', 'offload', 'offload-all', 'tp2', 'pp2', 'sp', 'ctx 8k', 'batch 4', 'recompute', 'selective', 'no-flash', 'rank 64', 'kv8'];
const HARDWARE = ['on 4xA100-80G', 'on 2 nodes x 8 H100', 'on H200', 'on 1x80G', 'on 8 x h100', 'on 64xH100', 'on 16 nodes × 8 B200', 'on 2x24g'];

/** Mostly well-formed expressions (so many reach the estimator), some with stray or hostile words. */
const fitExpression = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...MODELS), fc.subarray(SETTINGS, { maxLength: 5 }), fc.option(fc.constantFrom(...HARDWARE))).map(([m, w, hw]) => [m, ...w, ...(hw ? [hw] : [])].join(' ')) },
  { weight: 2, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIT_WORDS) }, { weight: 1, arbitrary: hostileText(4) }), { maxLength: 14 }).map((w) => w.join(' ')) },
);

describe(`fuzz: parsers refuse with a sentence, never crash or hang (${RUNS.toLocaleString('en-US')} cases each)`, () => {
  it('fit expression → calculator input → estimate: only UserError, finite figures', () => {
    const counter = new Counter('fit expression → input → estimate');
    let estimated = 0;
    fc.assert(
      fc.property(fitExpression, (text) => {
        counter.time(() => {
          refusedWith(() => {
            const result = estimate(buildInput(parseFitExpression(text)));
            assertFinite(result, 'result');
            estimated++;
          }, UserError, counter);
        });
      }),
      params(),
    );
    // The generator must reach the estimator often, or the property proves little.
    assert.ok(estimated > RUNS / 20, `only ${estimated} of ${RUNS} expressions reached the estimator`);
  });

  it('CLI argument parser: only UsageError, and every flag value kept as written', () => {
    const counter = new Counter('CLI argument parser (all four flag sets)');
    const specs = [MEM_FLAGS, DEEPSPEED_FLAGS, TOKENS_FLAGS, SEARCH_FLAGS];
    const names = [...new Set(specs.flatMap((s) => Object.keys(s)))];
    const arg = fc.oneof(
      fc.constantFrom(...names).map((n) => `--${n}`),
      fc.tuple(fc.constantFrom(...names), hostileText(3)).map(([n, v]) => `--${n}=${v}`),
      fc.constantFrom('--', '-', '-x', '-1', '---', '--=', 'nvme', 'all', '8', ''),
      hostileText(4),
    );
    fc.assert(
      fc.property(fc.constantFrom(...specs), fc.array(arg, { maxLength: 12 }), (spec, argv) => {
        counter.time(() => {
          refusedWith(() => {
            const parsed = parseArgs(argv, spec);
            for (const [name, value] of parsed.flags) {
              assert.ok(name in spec, `parsed an unknown flag --${name}`);
              if (typeof value === 'string') assert.ok(argv.some((a) => a === value || a.endsWith(`=${value}`)), 'a value not in argv');
            }
          }, UsageError, counter);
        });
      }),
      params(),
    );
  });

  it('llm-notes mem and mem deepspeed: exit 0 or 2 with one line on stderr, never an internal error', async () => {
    const counter = new Counter('llm-notes mem / mem deepspeed (whole CLI)');
    const flag = fc.constantFrom(...Object.keys(MEM_FLAGS), ...Object.keys(DEEPSPEED_FLAGS)).map((n) => `--${n}`);
    const value = fc.oneof(fc.constantFrom(...FIT_WORDS, '2', '3', 'on', 'off', 'nvme', '1.5', '11', '-2', '1e400'), hostileText(3));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.oneof(flag, value), { maxLength: 12 }), async (deepspeed, rest) => {
        const io = fakeIo();
        const code = await counter.timeAsync(() => main(['mem', ...(deepspeed ? ['deepspeed'] : []), ...rest], io));
        assert.ok(code === 0 || code === 2, `exit ${code}: ${io.err}`);
        if (code === 2) {
          counter.refused++;
          assert.match(io.err, /^llm-notes mem: \S.*\n$/s);
          assert.doesNotMatch(io.err, /\n {4}at /, 'a stack trace on stderr');
        } else assert.doesNotMatch(io.out, /\bNaN\b|(?<![-/])\bInfinity\b|\bundefined\b/);
      }),
      params(),
    );
  });

  it('notes parser: any text parses; entries and problems point at real lines; nothing is rewritten', () => {
    const counter = new Counter('digest/notes parser (random markdown, any Unicode)');
    const line = fc.oneof(
      fc.constantFrom('# Section', '## 训练', '### Entry', '### ', '#######', '```', '~~~', '```python', 'Q:', 'A:', 'Q: what', 'A1：答', '问：学习率？', '追问: more', 'Tags: a, b，c', 'Title: t', 'Summary: s', 'ID: x', '', '   ', '> quote', '- item'),
      fc.tuple(fc.constantFrom('### ', 'Q: ', 'A: ', '研究员1：', 'Tags: ', ''), hostileText(10)).map(([a, b]) => a + b),
    );
    const newline = fc.constantFrom('\n', '\r\n', '\r');
    const doc = fc.array(fc.tuple(line, newline), { maxLength: 40 }).map((ls) => ls.map(([l, nl]) => l + nl).join(''));
    fc.assert(
      fc.property(fc.oneof(doc, hostileText(80)), (text) => {
        counter.time(() => {
          const lineCount = text.split(/\r\n|\r|\n/).length;
          const { entries, problems } = parseNotes(text, 'notes/fuzz.md');
          const ids = new Set<string>();
          for (const e of entries) {
            assert.ok(e.line >= 1 && e.line <= e.endLine && e.endLine <= lineCount, `entry lines ${e.line}–${e.endLine} of ${lineCount}`);
            assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
            ids.add(e.id);
            assert.ok(e.title.length > 0);
            for (const t of e.turns) assert.ok(text.includes(t.text.split('\n')[0]), 'a turn whose text is not in the note');
            assertInertHtml(renderEntryHtml(e));
            quoteMarkdown(e);
          }
          for (const p of problems) assert.ok(p.line >= 1 && p.line <= lineCount && p.message.length > 10);
        });
      }),
      params(),
    );
  });

  it('notes parser: long runs and many lines stay linear (a case never takes 500 ms)', () => {
    const counter = new Counter('digest/notes parser (long whitespace runs, thousands of lines)');
    const run = fc.tuple(fc.constantFrom(' ', '\t', '#', '`', '[', '*_', 'Q: x', 'A: ', '> ', 'word '), fc.integer({ min: 1, max: 60_000 })).map(([c, n]) => c.repeat(Math.ceil(n / c.length)));
    const doc = fc.tuple(fc.array(fc.oneof(run, fc.constantFrom('Q: why', 'A: because', '### h', '')), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3000 })).map(([parts, lines]) => parts.join('\n') + '\nline\n'.repeat(lines));
    fc.assert(
      fc.property(doc, (text) => {
        counter.time(() => {
          for (const e of parseNotes(text, 'runs.md').entries) {
            renderEntryHtml(e);
            quoteMarkdown(e);
          }
        });
      }),
      params(Math.max(200, RUNS / 20)),
    );
  });

  it('glob compiler: a sentence or a matcher, and matching never hangs', () => {
    const counter = new Counter('globs (braces, stars, classes, hostile text)');
    const piece = fc.constantFrom('*', '**', '?', '{', '}', ',', '[', ']', '!', '^', '-', '/', 'a', 'b', '.md', 'node_modules', '**/', '{a,b}', '[a-c]');
    const glob = fc.oneof(fc.array(piece, { minLength: 1, maxLength: 30 }).map((p) => p.join('')), hostileText(20));
    const path = fc.array(fc.constantFrom('a', 'b', 'aaaa', 'x.md', 'node_modules', '.git', 'ab.md', '学习率.md'), { minLength: 1, maxLength: 12 }).map((p) => p.join('/'));
    fc.assert(
      fc.property(glob, path, (g, p) => {
        counter.time(() => {
          let compiled;
          try {
            compiled = compileGlob(g);
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            counter.refused++;
            assert.ok(e.message.length > 10);
            return;
          }
          assert.equal(typeof compiled.matches(p), 'boolean');
          assert.equal(typeof compiled.matches('a'.repeat(200)), 'boolean');
          // A glob with no special character matches exactly itself.
          if (!/[*?{}[\]]/.test(g)) assert.equal(compiled.matches(g), true, g);
        });
      }),
      params(),
    );
  });

  it('calculator messages from a page: only field names with their types pass', () => {
    const counter = new Counter('webview fields (any JSON, prototype keys)');
    const key = fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), fc.string({ maxLength: 8 }));
    const value = fc.oneof(fc.string({ maxLength: 300 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, value, { maxKeys: 6 }), fc.jsonValue({ maxDepth: 2 })), (raw) => {
        counter.time(() => {
          const fields = checkedFields(raw);
          if (!fields) {
            counter.refused++;
            return;
          }
          for (const [k, v] of Object.entries(fields)) {
            assert.ok((FIELD_NAMES as readonly string[]).includes(k), k);
            assert.ok(typeof v === 'string' || typeof v === 'boolean');
          }
          try {
            assertFinite(estimate(buildInput(fields)), 'result');
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
          }
        });
      }),
      params(),
    );
  });

  it('note decoder: any bytes give text or a reason, never an exception', () => {
    const counter = new Counter('note file decoder (random bytes)');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (bytes, max) => {
        counter.time(() => {
          const r = decodeNote(bytes, 'n.md', max);
          if ('problem' in r) {
            counter.refused++;
            assert.match(r.problem.message, /^Not indexed: /);
          } else assert.equal(typeof r.text, 'string');
        });
      }),
      params(),
    );
  });

  it('tokenizer.json loader: truncated, mistyped or oversized files are refused by name', async () => {
    const counter = new Counter('tokenizer.json loader (truncated, wrong types, huge fields)', 2000); // a 20,000-entry vocabulary is built each time
    const bases = [JSON.parse(WORDPIECE_TOKENIZER_JSON), JSON.parse(BPE_TOKENIZER_JSON)];
    const oddValue = fc.oneof(
      { weight: 10, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      { weight: 10, arbitrary: fc.constantFrom(null, Number.MAX_VALUE, -1, 1.5, 'x'.repeat(100_000), [], {}, { type: 'BPE' }, { type: 'WordLevel', vocab: {} }) },
      { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, i]))) },
    );
    const path = fc.oneof(
      fc.constant(['model']), fc.constant(['model', 'type']), fc.constant(['model', 'vocab']), fc.constant(['model', 'merges']), fc.constant(['model', 'unk_token']),
      fc.constant(['added_tokens']), fc.constant(['normalizer']), fc.constant(['pre_tokenizer']), fc.constant(['decoder']), fc.constant(['post_processor']),
    );
    const mutated = fc.tuple(fc.constantFrom(0, 1), fc.array(fc.tuple(path, oddValue), { minLength: 1, maxLength: 3 })).map(([b, edits]) => {
      const json = structuredClone(bases[b]);
      for (const [p, v] of edits) {
        let at = json;
        for (const k of p.slice(0, -1)) at = at[k] && typeof at[k] === 'object' ? at[k] : (at[k] = {});
        at[p[p.length - 1]] = structuredClone(v); // the constants are shared between cases
      }
      return JSON.stringify(json);
    });
    const truncated = fc.tuple(fc.constantFrom(WORDPIECE_TOKENIZER_JSON, BPE_TOKENIZER_JSON), fc.nat()).map(([t, n]) => t.slice(0, n % t.length));
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, truncated, hostileText(20)), async (text) => {
        await counter.timeAsync(async () => {
          try {
            const engine = await loadHuggingFaceEngine('hf:fuzz', '/models/fuzz/tokenizer.json', text);
            const ids = engine.encode('hello world 学习率 🦙');
            assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0), `ids ${ids}`);
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            counter.refused++;
            assert.match(e.message, /\/models\/fuzz\/tokenizer\.json/);
          }
        });
      }),
      params(),
    );
  });
});

describe(`fuzz: engines’ configs (ds_config.json, accelerate YAML) are read or refused by name (${RUNS.toLocaleString('en-US')} cases each)`, () => {
  const DS_BASE = {
    train_batch_size: 64,
    train_micro_batch_size_per_gpu: 2,
    gradient_accumulation_steps: 4,
    bf16: { enabled: true },
    zero_optimization: { stage: 3, offload_optimizer: { device: 'cpu' }, offload_param: { device: 'none' }, reduce_bucket_size: 5e8, stage3_prefetch_bucket_size: 'auto' },
    activation_checkpointing: { partition_activations: false },
  };
  const ACC_BASE = [
    'compute_environment: LOCAL_MACHINE',
    'distributed_type: FSDP',
    'fsdp_config:',
    '  fsdp_sharding_strategy: FULL_SHARD',
    '  fsdp_offload_params: false',
    '  fsdp_activation_checkpointing: true',
    'megatron_lm_config:',
    '  megatron_lm_tp_degree: 2',
    '  megatron_lm_pp_degree: 2',
    'deepspeed_config:',
    '  zero_stage: 2',
    '  offload_optimizer_device: cpu',
    'mixed_precision: bf16',
    'num_machines: 2',
    'num_processes: 16',
  ].join('\n');
  const odd = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, -1, 0, 1.5, 3, 4, 1e300, 'auto', 'cpu', 'nvme', 'gpu', 'x'.repeat(10_000), [], {}, true, 'FULL_SHARD', 'HYBRID_SHARD', 'MEGATRON_LM', 'DEEPSPEED', 'NO', 'fp8'),
  );
  const DS_PATHS = [['train_batch_size'], ['train_micro_batch_size_per_gpu'], ['gradient_accumulation_steps'], ['bf16'], ['fp16', 'enabled'], ['bf16', 'enabled'], ['zero_optimization'], ['zero_optimization', 'stage'], ['zero_optimization', 'offload_optimizer', 'device'], ['zero_optimization', 'offload_param'], ['zero_optimization', 'reduce_bucket_size'], ['zero_optimization', 'stage3_max_live_parameters'], ['activation_checkpointing']];
  const ACC_KEYS = ['distributed_type', 'num_processes', 'num_machines', 'mixed_precision', '  fsdp_sharding_strategy', '  fsdp_offload_params', '  megatron_lm_tp_degree', '  megatron_lm_pp_degree', '  zero_stage', '  offload_optimizer_device', '  offload_param_device', 'deepspeed_config_file'];

  const checkRead = (read: () => ReadConfig, source: RegExp, counter: Counter) =>
    counter.time(() => {
      try {
        const { fields, notes } = read();
        assert.ok(notes.every((n) => typeof n === 'string' && n.length > 0));
        // What was read estimates, or is refused by the calculator in a sentence.
        refusedWith(() => assertFinite(estimate(buildInput({ model: 'llama3-8b', ...fields })), 'estimate'), UserError, counter);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        counter.refused++;
        assert.match(e.message, source);
      }
    });

  it('DeepSpeed config: mutated keys, truncated JSON, hostile text', () => {
    const counter = new Counter('ds_config.json reader');
    const mutated = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...DS_PATHS), odd), { minLength: 1, maxLength: 3 }), fc.option(fc.integer({ min: 1, max: 64 }))).map(([edits, dp]) => {
      const json: Record<string, unknown> = structuredClone(DS_BASE);
      for (const [p, v] of edits) {
        let at = json as Record<string, unknown>;
        for (const k of p.slice(0, -1)) at = (at[k] && typeof at[k] === 'object' ? at[k] : (at[k] = {})) as Record<string, unknown>;
        at[p[p.length - 1]] = structuredClone(v);
      }
      return [JSON.stringify(json), dp ?? undefined] as const;
    });
    const truncated = fc.nat().map((n) => { const t = JSON.stringify(DS_BASE); return [t.slice(0, n % t.length), undefined] as const; });
    const hostile = hostileText(20).map((t) => [t, undefined] as const);
    fc.assert(fc.property(fc.oneof(mutated, truncated, hostile), ([text, dp]) => checkRead(() => readDeepSpeedConfig(text, 'ds_fuzz.json', dp), /ds_fuzz\.json/, counter)), params());
  });

  it('accelerate config: mutated values, truncated YAML, hostile text', () => {
    const counter = new Counter('accelerate YAML reader');
    const mutated = fc.array(fc.tuple(fc.constantFrom(...ACC_KEYS), odd), { minLength: 1, maxLength: 3 }).map((edits) => {
      let text = ACC_BASE;
      for (const [key, v] of edits) {
        const line = `${key}: ${JSON.stringify(v)}`;
        const at = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
        text = at >= 0 ? text.split('\n').map((l, i) => (i === at ? line : l)).join('\n') : `${text}\n${line.trimStart()}`;
      }
      return text;
    });
    const truncated = fc.nat().map((n) => ACC_BASE.slice(0, n % ACC_BASE.length));
    fc.assert(fc.property(fc.oneof(mutated, truncated, hostileText(20)), (text) => checkRead(() => readAccelerateConfig(text, 'acc_fuzz.yaml'), /acc_fuzz\.yaml/, counter)), params());
  });
});

describe(`fuzz: dataset records (JSONL lines, CSV chunks) are counted or skipped with a reason (${RUNS.toLocaleString('en-US')} cases each)`, () => {
  it('CSV reader: any text in any chunks gives rows with line numbers in order, the same however it is cut', () => {
    const counter = new Counter('CSV reader (quotes, separators, CR/LF, any cut)');
    const csvText = fc.array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r\n', '\r', '学', ' ', '\t'), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(csvText, hostileText(10)), fc.nat(), (text, cut) => {
        counter.time(() => {
          const whole = new CsvReader(',');
          const expected = [...whole.push(text), ...whole.end()];
          const split = new CsvReader(',');
          const at = text.length ? cut % text.length : 0;
          const rows = [...split.push(text.slice(0, at)), ...split.push(text.slice(at)), ...split.end()];
          assert.deepEqual(rows, expected);
          for (let i = 1; i < rows.length; i++) assert.ok(rows[i].line > rows[i - 1].line);
        });
      }),
      params(),
    );
  });

  it('record text: any JSON value gives texts or a skip reason, never an exception', () => {
    const counter = new Counter('record text (text, messages, conversations, --field)');
    const record = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ text: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })) }),
      fc.record({ messages: fc.array(fc.record({ role: fc.string(), content: fc.oneof(fc.string(), fc.array(fc.record({ type: fc.constant('text'), text: fc.oneof(fc.string(), fc.integer()) })), fc.constant(null), fc.integer()) })) }),
      fc.record({ conversations: fc.oneof(fc.array(fc.record({ from: fc.string(), value: fc.oneof(fc.string(), fc.integer()) })), fc.string()) }),
    );
    fc.assert(
      fc.property(record, fc.option(fc.constantFrom('text', 'meta.body', 'messages', '0', '__proto__', 'constructor.name')), (value, field) => {
        counter.time(() => {
          const r = recordText(value, field ? fieldPath(field) : undefined);
          if ('skip' in r) {
            counter.refused++;
            assert.ok(r.skip.length > 5);
          } else assert.ok(r.texts.every((t) => typeof t === 'string'));
        });
      }),
      params(),
    );
  });
});

describe(`fuzz: vocabulary files (damaged bytes) are read or refused by name (${RUNS.toLocaleString('en-US')} cases each)`, () => {
  it('a damaged vocabulary file is refused with a sentence, or loads an engine whose ids are whole numbers in range', () => {
    const counter = new Counter('vocabulary file (flipped, truncated, spliced bytes)');
    // 256 byte tokens, three merges and an added token: small enough that every mutation is read in full.
    const { offsets, bytes } = packTokens([...Array.from({ length: 256 }, (_, b) => [b]), ...['ab', 'bc', 'abc'].map((t) => new TextEncoder().encode(t))]);
    const good = writeVocabularyFile({
      id: 'fuzz', semantics: 'merges', patterns: ['\\p{L}+|\\s+|[^\\s\\p{L}]+'], nfc: true, idOffset: 0, offsets, bytes,
      pairs: Int32Array.of(97, 98, 98, 99, 256, 99), added: [['<think>', 259]], specials: [['<s>', 260]], unmatchable: [],
    });
    const damaged = fc.oneof(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
        const b = good.slice();
        for (const [at, value] of flips) b[at % b.length] = value;
        return b;
      }),
      fc.nat().map((n) => good.slice(0, n % good.length)),
      fc.uint8Array({ maxLength: 2000 }),
    );
    fc.assert(
      fc.property(damaged, hostileText(20), (file, text) => {
        counter.time(() => {
          let v;
          try {
            v = readVocabularyFile(file, 'fuzz.vocab.gz');
          } catch (e) {
            assert.ok(e instanceof UserError && /^The bundled vocabulary fuzz\.vocab\.gz is damaged \(.+\); reinstall the extension\./.test(e.message), String(e));
            counter.refused++;
            return;
          }
          let engine;
          try {
            engine = new BpeEngine(v);
          } catch (e) {
            // A header whose pattern or vocabulary no longer makes an engine: refused by name, the others unaffected.
            assert.ok(e instanceof Error && e.message.length >= 8);
            counter.refused++;
            return;
          }
          // Ids are the vocabulary's or its added tokens' (a damaged header may renumber those: gzip's CRC catches that in a real file).
          const n = v.offsets.length - 1;
          const named = new Set(v.added.map(([, id]) => id));
          for (const id of engine.encode(text)) assert.ok(Number.isInteger(id) && id >= 0 && (id < n + v.idOffset || named.has(id)), `${id}`);
        });
      }),
      params(),
    );
  });
});
