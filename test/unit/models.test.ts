import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { UserError } from '../../src/core/errors';
import { estimate } from '../../src/core/memory/estimate';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import { buildInput } from '../../src/core/memory/input';
import { readModelConfig, readModelConfigObject } from '../../src/core/models/configJson';
import { modelIdFromPath } from '../../src/core/models/modelId';
import { MODEL_PRESETS, findModelPreset } from '../../src/core/models/presets';
import { findHfModel, findHfModels, readModelFile } from '../../src/node/hfCache';
import { fakeIo } from './fakeIo';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'configs');
const read = (file: string) => readModelConfig(readFileSync(join(FIXTURES, file), 'utf8'), file);

/**
 * Published totals from shared/data/configs/SOURCES.md ("Published parameter counts"): model cards
 * through CARDS, DeepSeek's card (671B main model), the Gemma 2 paper's non-embedding count, the
 * falcon shard index. Where the card rounds differently from the file (Qwen2.5-32B: card 32.5B),
 * SOURCES.md's count from the file is the figure.
 */
const PUBLISHED: Record<string, { total: number; active?: number; nonEmbedding?: number }> = {
  '01-ai--Yi-1.5-34B.json': { total: 34_388_917_248 },
  'Qwen--Qwen2.5-32B.json': { total: 32_763_876_352 },
  'Qwen--Qwen2.5-7B.json': { total: 7_615_616_512 },
  'Qwen--Qwen3-235B-A22B.json': { total: 235_093_634_560, active: 22_190_763_520 },
  'Qwen--Qwen3-32B.json': { total: 32_762_123_264 },
  'Qwen--Qwen3-8B.json': { total: 8_190_735_360 },
  'allenai--OLMo-2-1124-7B.json': { total: 7_298_617_344 },
  'deepseek-ai--DeepSeek-V3.json': { total: 671_026_419_200 },
  'google--gemma-2-9b-it.json': { total: 9_241_705_984, nonEmbedding: 8_324_201_984 },
  'meta-llama--Llama-3.2-1B-Instruct.json': { total: 1_235_814_400 },
  'meta-llama--Llama-3.3-70B-Instruct.json': { total: 70_553_706_496 },
  'meta-llama--Meta-Llama-3.1-405B.json': { total: 405_853_388_800 },
  'meta-llama--Meta-Llama-3.1-70B.json': { total: 70_553_706_496 },
  'meta-llama--Meta-Llama-3.1-8B.json': { total: 8_030_261_248 },
  'mistralai--Mistral-7B-Instruct-v0.1.json': { total: 7_241_732_096 },
  'mistralai--Mistral-7B-Instruct-v0.3.json': { total: 7_248_023_552 },
  'mistralai--Mixtral-8x7B-v0.1.json': { total: 46_702_792_704, active: 12_879_925_248 },
};

describe('config.json reader: every real file gives its published parameter count', () => {
  it('reads all 17 files', () => {
    assert.deepEqual(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort(), Object.keys(PUBLISHED).sort());
  });
  for (const [file, published] of Object.entries(PUBLISHED)) {
    it(`${file}: ${published.total.toLocaleString('en-US')}`, () => {
      const r = read(file);
      assert.equal(r.counts.total, published.total);
      if (published.active) assert.equal(r.counts.active, published.active);
      if (published.nonEmbedding) assert.equal(r.counts.total - r.counts.embedding, published.nonEmbedding);
    });
  }

  it('DeepSeek-V3: 671B main model, 37.55B active, MLA cache of 576 per token and layer, MTP not counted', () => {
    const r = read('deepseek-ai--DeepSeek-V3.json');
    assert.equal(r.counts.active, 37_552_297_472);
    assert.deepEqual([r.arch.mla!.qLoraRank, r.arch.mla!.kvLoraRank + r.arch.mla!.qkRopeHeadDim, r.arch.moe!.denseLayers, r.arch.moe!.routerBias], [1536, 576, 3, true]);
    assert.ok(r.notes.some((n) => /multi-token-prediction/.test(n)));
    assert.deepEqual(r.quantization, { method: 'fp8', bits: 8 });
  });

  it('traps: head_dim ≠ hidden/heads, an unused dense width, tied by default, sliding windows', () => {
    assert.equal(read('Qwen--Qwen3-32B.json').arch.headDim, 128); // 5120 / 64 = 80
    assert.ok(read('Qwen--Qwen3-235B-A22B.json').notes.some((n) => /intermediate_size 12288 is a dense MLP width no layer uses/.test(n)));
    const gemma = read('google--gemma-2-9b-it.json');
    assert.equal(gemma.arch.headDim, 256); // 3584 / 16 = 224
    assert.equal(gemma.arch.tiedEmbeddings, true); // no key in the file: Gemma's default
    assert.deepEqual(gemma.arch.slidingWindow, { window: 4096, layers: 21, cachedByWindow: true });
    assert.deepEqual(read('mistralai--Mistral-7B-Instruct-v0.1.json').arch.slidingWindow, { window: 4096, layers: 32, cachedByWindow: true });
    assert.equal(read('mistralai--Mistral-7B-Instruct-v0.3.json').arch.slidingWindow, undefined); // null
    assert.equal(read('Qwen--Qwen2.5-7B.json').arch.slidingWindow, undefined); // use_sliding_window: false
    assert.equal(read('meta-llama--Llama-3.2-1B-Instruct.json').arch.tiedEmbeddings, true);
  });
});

describe('config.json reader: families without a saved file, counted by hand', () => {
  const cases: [string, Record<string, unknown>, number, number?][] = [
    // Qwen3-30B-A3B (SOURCES.md: 30,532,122,624 / 3,353,032,704): 48 × (q 2048·4096 + k,v 2·2048·512 + o 4096·2048 + q/k norms 2·128 + norms 2·2048 + router 2048·128 + 128 experts · 3·2048·768) + embeddings 2·151936·2048 + 2048.
    ['qwen3_moe (Qwen3-30B-A3B)', { model_type: 'qwen3_moe', hidden_size: 2048, intermediate_size: 6144, moe_intermediate_size: 768, num_hidden_layers: 48, num_attention_heads: 32, num_key_value_heads: 4, head_dim: 128, num_experts: 128, num_experts_per_tok: 8, decoder_sparse_step: 1, mlp_only_layers: [], vocab_size: 151936, tie_word_embeddings: false }, 30_532_122_624, 3_353_032_704],
    // Mixtral-8x22B (SOURCES.md: 140,620,634,112 / 39,152,031,744).
    ['mixtral (8x22B)', { model_type: 'mixtral', hidden_size: 6144, intermediate_size: 16384, num_hidden_layers: 56, num_attention_heads: 48, num_key_value_heads: 8, num_local_experts: 8, num_experts_per_tok: 2, vocab_size: 32000 }, 140_620_634_112, 39_152_031_744],
    // glm-4-9b-chat, chatglm keys (SOURCES.md: 9,399,951,360): qkv 4096→4096+2·2·128 with bias, SwiGLU 4096→2·13696, untied output layer.
    ['chatglm (glm-4-9b-chat)', { model_type: 'chatglm', num_layers: 40, hidden_size: 4096, ffn_hidden_size: 13696, kv_channels: 128, num_attention_heads: 32, multi_query_attention: true, multi_query_group_num: 2, padded_vocab_size: 151552, vocab_size: 151552, add_qkv_bias: true, add_bias_linear: false }, 9_399_951_360],
    // gemma-2-27b (SOURCES.md: total 27,227,128,320; non-embedding equals the paper): 4 norms per layer, tied.
    ['gemma2 (27B)', { model_type: 'gemma2', hidden_size: 4608, intermediate_size: 36864, num_hidden_layers: 46, num_attention_heads: 32, num_key_value_heads: 16, head_dim: 128, vocab_size: 256000 }, 27_227_128_320],
    // Phi-3-mini (SOURCES.md: 3,821,079,552).
    ['phi3 (mini-4k)', { model_type: 'phi3', hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32064, sliding_window: 2047, max_position_embeddings: 4096 }, 3_821_079_552],
    // OLMo-2-1124-13B (SOURCES.md: 13,716,198,400): post-norms and q/k norms over all heads.
    ['olmo2 (13B)', { model_type: 'olmo2', hidden_size: 5120, intermediate_size: 13824, num_hidden_layers: 40, num_attention_heads: 40, num_key_value_heads: 40, vocab_size: 100352 }, 13_716_198_400],
    // falcon-40b in its original RefinedWeb keys (SOURCES.md: 41,835,970,560 = shard index bytes ÷ 2, lm_head untied).
    ['RefinedWeb (falcon-40b)', { model_type: 'RefinedWeb', hidden_size: 8192, n_head: 128, n_head_kv: 8, n_layer: 60, vocab_size: 65024, parallel_attn: true, bias: false }, 41_835_970_560],
    // The same model in transformers' falcon keys.
    ['falcon (40b, new keys)', { model_type: 'falcon', hidden_size: 8192, num_attention_heads: 128, num_kv_heads: 8, num_hidden_layers: 60, new_decoder_architecture: true, vocab_size: 65024 }, 41_835_970_560],
    // falcon-7b (multi-query, one norm per layer): 32 × (4544·4672 + 4544² + 2·4544·18176 + 2·4544) + 2·65024·4544 + 2·4544 = 7,217,189,760 (litgpt's count).
    ['RefinedWebModel (falcon-7b)', { model_type: 'RefinedWebModel', hidden_size: 4544, n_head: 71, n_layer: 32, vocab_size: 65024, multi_query: true, parallel_attn: true, bias: false }, 7_217_189_760],
    // DeepSeek-V2-Lite (card: 15.7B): q_lora_rank null, 64 routed + 2 shared of 1408, layer 0 dense.
    ['deepseek_v2 (V2-Lite, q_lora_rank null)', { model_type: 'deepseek_v2', hidden_size: 2048, intermediate_size: 10944, moe_intermediate_size: 1408, num_hidden_layers: 27, num_attention_heads: 16, num_key_value_heads: 16, q_lora_rank: null, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, n_routed_experts: 64, n_shared_experts: 2, num_experts_per_tok: 6, first_k_dense_replace: 1, moe_layer_freq: 1, vocab_size: 102400, topk_method: 'greedy' }, 15_706_484_224],
    // Qwen1.5-MoE-A2.7B (card: 14.3B total, 2.7B activated): a gated shared expert of 5632.
    ['qwen2_moe (Qwen1.5-MoE-A2.7B)', { model_type: 'qwen2_moe', hidden_size: 2048, intermediate_size: 5632, moe_intermediate_size: 1408, shared_expert_intermediate_size: 5632, num_hidden_layers: 24, num_attention_heads: 16, num_key_value_heads: 16, num_experts: 60, num_experts_per_tok: 4, vocab_size: 151936 }, 14_315_784_192, 2_689_173_504],
    // gemma-7b (8.54B): head_dim 256 with 16 heads over hidden 3072, tied.
    ['gemma (7b)', { model_type: 'gemma', hidden_size: 3072, intermediate_size: 24576, num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 16, head_dim: 256, vocab_size: 256000 }, 8_537_680_896],
    // internlm2-7b (7.74B): fused wqkv without bias.
    ['internlm2 (7b)', { model_type: 'internlm2', hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 92544, bias: false }, 7_737_708_544],
    // Baichuan2-7B: MHA, untied.
    ['baichuan (2-7B)', { model_type: 'baichuan', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 125696 }, 7_505_973_248],
    // GPT-2 small: 124,439,808.
    ['gpt2 (124M)', { model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, n_positions: 1024, vocab_size: 50257 }, 124_439_808],
    // GPT-NeoX-20B (20,554,567,680) and Pythia-160M (162,322,944): biases, LayerNorms, plain MLP, untied.
    ['gpt_neox (20B)', { model_type: 'gpt_neox', hidden_size: 6144, intermediate_size: 24576, num_hidden_layers: 44, num_attention_heads: 64, vocab_size: 50432 }, 20_554_567_680],
    ['gpt_neox (Pythia-160M)', { model_type: 'gpt_neox', hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, vocab_size: 50304 }, 162_322_944],
  ];
  for (const [name, config, total, active] of cases) {
    it(`${name}: ${total.toLocaleString('en-US')}${active ? ` / ${active.toLocaleString('en-US')} active` : ''}`, () => {
      const r = readModelConfigObject(config, name);
      assert.equal(r.counts.total, total);
      if (active) assert.equal(r.counts.active, active);
    });
  }

  it('Gemma 3: the language model from text_config, with the class defaults for absent keys', () => {
    // text_config leaves out heads, KV heads and head_dim: Gemma3TextConfig's 8, 4 and 256 apply.
    const r = readModelConfigObject({ model_type: 'gemma3', text_config: { model_type: 'gemma3_text', hidden_size: 2560, intermediate_size: 10240, num_hidden_layers: 34, sliding_window: 1024 }, vision_config: { model_type: 'siglip_vision_model' } }, 'gemma-3-4b');
    assert.equal(r.family, 'gemma3_text');
    assert.deepEqual([r.arch.heads, r.arch.kvHeads, r.arch.headDim, r.arch.vocab, r.arch.tiedEmbeddings], [8, 4, 256, 262208, true]);
    assert.ok(r.notes.some((n) => /defaults applied .*num_attention_heads 8/.test(n)));
    assert.ok(r.notes.some((n) => /vision encoder is not counted/.test(n)));
    // 34 layers: 5 local to 1 global → 29 windowed. Per layer: q 2560·2048, k,v 2·2560·1024, o 2048·2560, MLP 3·2560·10240, 4 norms, q/k norms 2·256; embeddings 262208·2560 tied.
    assert.equal(r.arch.slidingWindow?.layers, 29);
    assert.equal(r.counts.total, 34 * (2560 * 2048 * 2 + 2 * 2560 * 1024 + 3 * 2560 * 10240 + 4 * 2560 + 2 * 256) + 262208 * 2560 + 2560);
  });

  it('an unknown model_type with the standard keys is read LLaMA-like, and says so', () => {
    const r = readModelConfigObject({ model_type: 'brandnew', hidden_size: 1024, intermediate_size: 2816, num_hidden_layers: 4, num_attention_heads: 8, vocab_size: 1000 }, 'x/config.json');
    assert.equal(r.family, 'unknown');
    assert.match(r.notes.join(' '), /"brandnew" is not one of the families read here/);
    assert.equal(r.counts.total, 4 * (4 * 1024 * 1024 + 3 * 1024 * 2816 + 2 * 1024) + 2 * 1000 * 1024 + 1024);
  });
});

describe('config.json reader: bad input is a sentence naming the file and the key', () => {
  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"hidden_size": 4096,', /m\/config\.json is not valid JSON/],
    ['an array', '[1, 2]', /is not a model config/],
    ['a tokenizer.json', JSON.stringify({ version: '1.0', model: { type: 'BPE', vocab: {} }, added_tokens: [] }), /is a tokenizer\.json, not a model's config\.json/],
    ['a diffusion config', JSON.stringify({ _class_name: 'UNet2DConditionModel', _diffusers_version: '0.20.0', block_out_channels: [320] }), /is a diffusers config \(UNet2DConditionModel\)/],
    ['layers 0', JSON.stringify({ model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 0, num_attention_heads: 32, vocab_size: 32000 }), /"num_hidden_layers" is 0; a model needs at least 1/],
    ['heads not dividing hidden', JSON.stringify({ model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 2, num_attention_heads: 30, vocab_size: 32000 }), /hidden_size 4096 does not divide into 30 attention heads, and there is no head_dim/],
    ['KV groups that do not divide', JSON.stringify({ model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 2, num_attention_heads: 32, num_key_value_heads: 5, vocab_size: 32000 }), /do not split into num_key_value_heads 5 groups/],
    ['a string where a number goes', JSON.stringify({ model_type: 'llama', hidden_size: '4096', intermediate_size: 11008, num_hidden_layers: 2, num_attention_heads: 32, vocab_size: 32000 }), /"hidden_size" must be a whole number, not "4096"/],
    ['absurd sizes', JSON.stringify({ model_type: 'llama', hidden_size: 99_999_999, intermediate_size: 99_999_999, num_hidden_layers: 99_999_999, num_attention_heads: 1, vocab_size: 32000 }), /over 10\^15 parameters/],
    ['a missing key', JSON.stringify({ model_type: 'mixtral', hidden_size: 4096, num_hidden_layers: 2, num_attention_heads: 32, vocab_size: 32000 }), /has no "intermediate_size"/],
    ['no model_type and no standard keys', JSON.stringify({ foo: 1 }), /model_type is missing and the standard keys/],
    ['more experts per token than experts', JSON.stringify({ model_type: 'mixtral', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, num_local_experts: 2, num_experts_per_tok: 4 }), /num_experts_per_tok 4 is more than the 2 experts/],
  ];
  for (const [name, text, message] of bad) {
    it(name, () => assert.throws(() => readModelConfig(text, 'm/config.json'), (e: Error) => e instanceof UserError && message.test(e.message) && e.message.includes('m/config.json')));
  }
});

describe('the preset library', () => {
  it('every preset recounts to its published total (31 models; Baichuan2, DeepSeek-LLM-67B and Yi-34B "from memory" are not presets)', () => {
    assert.ok(MODEL_PRESETS.length >= 30);
    for (const id of ['qwen2.5-7b', 'qwen2.5-14b', 'qwen2.5-32b', 'qwen2.5-72b', 'qwen3-8b', 'qwen3-32b', 'qwen3-30b-a3b', 'qwen3-235b-a22b', 'llama3-8b', 'llama3.1-405b', 'llama3.2-1b', 'llama3.3-70b', 'mistral-7b', 'mixtral-8x7b', 'mixtral-8x22b', 'deepseek-v3', 'deepseek-r1', 'glm-4-9b', 'gemma-2-9b', 'gemma-2-27b', 'phi-3-mini', 'olmo-2-7b', 'olmo-2-13b', 'yi-1.5-34b', 'falcon-40b']) {
      assert.ok(findModelPreset(id), id);
    }
    assert.equal(findModelPreset('baichuan2-13b'), undefined);
    assert.equal(findModelPreset('deepseek-llm-67b'), undefined);
  });

  it('presets are found by repository id in any case, and by alias', () => {
    assert.equal(findModelPreset('Qwen/Qwen2.5-72B-Instruct')?.id, 'qwen2.5-72b');
    assert.equal(findModelPreset('meta-llama/meta-llama-3.1-8b')?.id, 'llama3-8b');
    assert.equal(findModelPreset('Meta-Llama-3.1-8B')?.id, 'llama3-8b');
  });

  it('KV cache sized by the window where the model caches that way: Gemma 2 9B at 32k', () => {
    const r = estimate(buildInput({ model: 'gemma-2-9b', mode: 'inference', seq: '32768', cudaContextGiB: '0', allocatorReservePct: '0' }));
    // 2 × (21 global × 32768 + 21 local × 4096) × 8 KV heads × 256 × 2 B
    assert.equal(r.perGpu.byKey.kvCache, 2 * (21 * 32768 + 21 * 4096) * 8 * 256 * 2);
  });
});

describe('models from the Hugging Face cache and from --config', () => {
  let cache: string;
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'llm-notes-hf-'));
    const snapshot = (repo: string, rev: string, config: string) => {
      const dir = join(cache, `models--${repo.replace('/', '--')}`, 'snapshots', rev);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'config.json'), config);
    };
    snapshot('Qwen/Qwen3-8B', 'aaa111', readFileSync(join(FIXTURES, 'Qwen--Qwen3-8B.json'), 'utf8'));
    snapshot('Org/Old-And-New', 'old000', JSON.stringify({ model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100 }));
    snapshot('Org/Old-And-New', 'new111', JSON.stringify({ model_type: 'llama', hidden_size: 128, intermediate_size: 256, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100 }));
    mkdirSync(join(cache, 'models--Org--Old-And-New', 'refs'), { recursive: true });
    writeFileSync(join(cache, 'models--Org--Old-And-New', 'refs', 'main'), 'new111\n');
    // A snapshot whose config.json is a link to itself, and one of 50 MB.
    mkdirSync(join(cache, 'models--Org--Loop', 'snapshots', 'x'), { recursive: true });
    symlinkSync(join(cache, 'models--Org--Loop', 'snapshots', 'x', 'config.json'), join(cache, 'models--Org--Loop', 'snapshots', 'x', 'config.json'));
    mkdirSync(join(cache, 'models--Org--Huge', 'snapshots', 'x'), { recursive: true });
    writeFileSync(join(cache, 'models--Org--Huge', 'snapshots', 'x', 'config.json'), '');
    truncateSync(join(cache, 'models--Org--Huge', 'snapshots', 'x', 'config.json'), 50 * 1024 * 1024);
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  it('finds each repository once, at the snapshot refs/main names, without writing anything', async () => {
    const before = JSON.stringify(readdirSync(cache, { recursive: true }).sort());
    const found = findHfModels([cache]);
    assert.deepEqual(found.map((f) => `${f.repo}@${f.snapshot}`).sort(), ['Org/Huge@x', 'Org/Loop@x', 'Org/Old-And-New@new111', 'Qwen/Qwen3-8B@aaa111']);
    assert.equal(findHfModel('qwen/qwen3-8b', [cache])?.repo, 'Qwen/Qwen3-8B');
    assert.equal((await readModelFile(findHfModel('Org/Old-And-New', [cache])!.path)).arch.hidden, 128);
    await assert.rejects(readModelFile(findHfModel('Org/Loop', [cache])!.path), /config\.json cannot be read \(ELOOP\)/);
    await assert.rejects(readModelFile(findHfModel('Org/Huge', [cache])!.path), /config\.json is 50 MiB, over the 4\.0 MiB read at most/);
    assert.equal(JSON.stringify(readdirSync(cache, { recursive: true }).sort()), before);
    assert.ok(statSync(cache).isDirectory());
  });

  it('llm-notes mem reads org/name from the cache, in a fit expression or --model, and --config PATH', async () => {
    let io = fakeIo({}, '', [cache]);
    assert.equal(await main(['mem', 'Qwen/Qwen3-8B full bf16 zero3 on 8xH100', '--json'], io), 0, io.err);
    const json = JSON.parse(io.out);
    assert.deepEqual(json.model, { id: 'qwen3-8b', params: 8_190_735_360, activeParams: 8_190_735_360, source: 'preset' });
    io = fakeIo({}, '', [cache]);
    assert.equal(await main(['mem', '--model', 'org/old-and-new', '--json'], io), 0, io.err);
    assert.equal(JSON.parse(io.out).model.source, 'config');
    assert.match(JSON.parse(io.out).model.path, /new111[\\/]config\.json$/);
    io = fakeIo({ 'my/config.json': readFileSync(join(FIXTURES, 'mistralai--Mixtral-8x7B-v0.1.json'), 'utf8') });
    assert.equal(await main(['mem', '--config', 'my/config.json', 'inference', 'on', '2xH100', '--json'], io), 0, io.err);
    assert.deepEqual(JSON.parse(io.out).model, { id: 'my', params: 46_702_792_704, activeParams: 12_879_925_248, source: 'config', path: 'my/config.json' });
    io = fakeIo({}, '', [cache]);
    assert.equal(await main(['mem', 'Org/Missing full on 1xH100'], io), 2);
    assert.match(io.err, /model "org\/missing" is not a preset and is not in the Hugging Face cache/);
    io = fakeIo({}, '', [cache]);
    assert.equal(await main(['mem', 'Org/Huge full on 1xH100'], io), 2);
    assert.equal(io.err.split('\n').length, 2);
    assert.match(io.err, /is 50 MiB, over the 4\.0 MiB read at most/);
  });

  it('mem deepspeed takes --config for the model and its largest layer', async () => {
    const io = fakeIo({ 'q/config.json': readFileSync(join(FIXTURES, 'Qwen--Qwen3-8B.json'), 'utf8') });
    assert.equal(await main(['mem', 'deepspeed', '--stage', '3', '--config', 'q/config.json', '--json'], io), 0, io.err);
    assert.equal(JSON.parse(io.out).rows.length, 6);
  });

  it('ids from paths: the cache repository, a file named after one, a folder', () => {
    assert.equal(modelIdFromPath('/c/hub/models--Qwen--Qwen2.5-7B/snapshots/abc/config.json'), 'Qwen/Qwen2.5-7B');
    assert.equal(modelIdFromPath('configs/Qwen--Qwen3-32B.json'), 'Qwen/Qwen3-32B');
    assert.equal(modelIdFromPath('./my-model/config.json'), 'my-model');
    assert.equal(modelIdFromPath('C:\\models\\mine\\config.json'), 'mine');
  });

  it('the expression written for a cache model reads back to the same figures', () => {
    const resolver = () => ({ id: 'Org/Model', arch: readModelConfigObject({ model_type: 'llama', hidden_size: 256, intermediate_size: 512, num_hidden_layers: 4, num_attention_heads: 4, vocab_size: 1000 }, 'x').arch, params: 4_000_000, notes: [] });
    const r = estimate(buildInput({ model: 'Org/Model', mode: 'lora' }, undefined, resolver));
    const again = estimate(buildInput(parseFitExpression(r.input.model.name + ' lora on 1xA100-80G'), undefined, resolver));
    assert.equal(again.perGpu.total, r.perGpu.total);
  });
});
