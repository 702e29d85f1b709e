// Regenerates src/core/models/presetConfigs.ts: the preset library as config.json objects.
// The verified files of ../shared/data/configs (SOURCES.md there says where each came from and how
// sure it is) are copied key by key, as found; models whose verified config is not in that folder
// are written below by hand, each with the SOURCES.md row that verifies it (their computed total
// equals the published or computed count there; the unit tests recount every one).
// Usage: node scripts/presets-from-configs.mjs [configs-folder]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = process.argv[2] ?? join('..', 'shared', 'data', 'configs');
const ARCH_KEYS = new Set([
  'model_type', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'vocab_size',
  'tie_word_embeddings', 'attention_bias', 'mlp_bias', 'max_position_embeddings', 'sliding_window', 'use_sliding_window', 'max_window_layers',
  'num_local_experts', 'num_experts', 'num_experts_per_tok', 'moe_intermediate_size', 'decoder_sparse_step', 'mlp_only_layers', 'shared_expert_intermediate_size',
  'n_routed_experts', 'n_shared_experts', 'first_k_dense_replace', 'moe_layer_freq', 'q_lora_rank', 'kv_lora_rank', 'qk_nope_head_dim', 'qk_rope_head_dim',
  'v_head_dim', 'topk_method', 'num_nextn_predict_layers', 'quantization_config', 'sliding_window_size', 'query_pre_attn_scalar',
]);

/** id, file, HF name, published total (and active), the SOURCES.md provenance. */
const FROM_FILES = [
  ['llama3-8b', 'meta-llama--Meta-Llama-3.1-8B.json', 'meta-llama/Meta-Llama-3.1-8B', ['llama3.1-8b', 'meta-llama/Meta-Llama-3-8B'], 8030261248, undefined, 'AIC (NVIDIA ai-dynamo/aiconfigurator, vendored HF file) = PROF copy; Llama 3 8B has the same shape (llama-models sku_list). Grade A.'],
  ['llama3-70b', 'meta-llama--Meta-Llama-3.1-70B.json', 'meta-llama/Meta-Llama-3.1-70B', ['llama3.1-70b', 'meta-llama/Meta-Llama-3-70B'], 70553706496, undefined, 'AIC; MLC llama3_1_70b same architecture. Grade A.'],
  ['llama3.3-70b', 'meta-llama--Llama-3.3-70B-Instruct.json', 'meta-llama/Llama-3.3-70B-Instruct', [], 70553706496, undefined, 'aiconfigurator f577ab84; same architecture as Llama-3.1-70B. Grade A-.'],
  ['llama3.1-405b', 'meta-llama--Meta-Llama-3.1-405B.json', 'meta-llama/Meta-Llama-3.1-405B', [], 405853388800, undefined, 'AIC; llama-models sku_list (126 layers, dim 16384). Grade A.'],
  ['llama3.2-1b', 'meta-llama--Llama-3.2-1B-Instruct.json', 'meta-llama/Llama-3.2-1B-Instruct', ['meta-llama/Llama-3.2-1B'], 1235814400, undefined, 'MLC llama3_2_1b transcribed; thunder_model_blocks same values; card 1.23B. Grade B.'],
  ['mistral-7b', 'mistralai--Mistral-7B-Instruct-v0.1.json', 'mistralai/Mistral-7B-v0.1', ['mistral-7b-v0.1', 'mistralai/Mistral-7B-Instruct-v0.1'], 7241732096, undefined, 'HF "Duplicate from mistralai/Mistral-7B-Instruct-v0.1" (571 bytes = 571); MLC mistral_7b. The v0.1 base shares every value. Grade A.'],
  ['mistral-7b-v0.3', 'mistralai--Mistral-7B-Instruct-v0.3.json', 'mistralai/Mistral-7B-Instruct-v0.3', ['mistralai/Mistral-7B-v0.3'], 7248023552, undefined, 'Official page at c170c708 (601 bytes = 601); MLC mistral_7b_v03. Grade A.'],
  ['mixtral-8x7b', 'mistralai--Mixtral-8x7B-v0.1.json', 'mistralai/Mixtral-8x7B-v0.1', [], 46702792704, 12879925248, 'AIC = MLC Mixtral-8x7B-v0.1. Grade A.'],
  ['qwen2.5-7b', 'Qwen--Qwen2.5-7B.json', 'Qwen/Qwen2.5-7B', ['Qwen/Qwen2.5-7B-Instruct'], 7615616512, undefined, 'PROF block; card 7.61B (CARDS). Grade A-.'],
  ['qwen2.5-32b', 'Qwen--Qwen2.5-32B.json', 'Qwen/Qwen2.5-32B', ['Qwen/Qwen2.5-32B-Instruct'], 32763876352, undefined, 'Official page (664 bytes = 664). The card says 32.5B; the config counts 32,763,876,352 (SOURCES.md "Disagreements"). Grade A.'],
  ['qwen3-8b', 'Qwen--Qwen3-8B.json', 'Qwen/Qwen3-8B', [], 8190735360, undefined, 'AIC = PROF. Card 8.2B. Grade A.'],
  ['qwen3-32b', 'Qwen--Qwen3-32B.json', 'Qwen/Qwen3-32B', [], 32762123264, undefined, 'AIC = PROF. Card 32.8B. Grade A.'],
  ['qwen3-235b-a22b', 'Qwen--Qwen3-235B-A22B.json', 'Qwen/Qwen3-235B-A22B', [], 235093634560, 22190763520, 'AIC; MindSpeed-RL qwen3_235b_a22b.yaml. 235B / 22B. Grade A.'],
  ['deepseek-v3', 'deepseek-ai--DeepSeek-V3.json', 'deepseek-ai/DeepSeek-V3', ['deepseek-ai/DeepSeek-V3-Base', 'deepseek-r1', 'deepseek-ai/DeepSeek-R1'], 671026419200, 37552297472, 'AIC; card 671B total / 37B activated (the HF page’s 685B counts the MTP module). DeepSeek-R1 (AIC deepseek-ai--DeepSeek-R1) has the same architecture, only transformers_version differs. Grade A.'],
  ['gemma-2-9b', 'google--gemma-2-9b-it.json', 'google/gemma-2-9b-it', ['google/gemma-2-9b'], 9241705984, undefined, 'HF copy "Copy config.json from google/gemma-2-9b-it" (857 bytes = 857); non-embedding 8,324,201,984 equals the Gemma 2 paper. Grade A.'],
  ['olmo-2-7b', 'allenai--OLMo-2-1124-7B.json', 'allenai/OLMo-2-1124-7B', [], 7298617344, undefined, 'Official repo, stage2 checkpoint branch (629 bytes); MLC olmo2_7b same architecture. Grade A-.'],
  ['yi-1.5-34b', '01-ai--Yi-1.5-34B.json', '01-ai/Yi-1.5-34B', ['01-ai/Yi-34B', 'yi-34b'], 34388917248, undefined, 'onnx-tool yi_34B (config.json pasted as-is); 34.389B on the Open LLM leaderboard (Yi-34B, same architecture). Grade B.'],
];

/** Verified in SOURCES.md, but not among the saved files: their config.json values, written here. */
const BY_HAND = [
  ['llama2-7b', 'meta-llama/Llama-2-7b-hf', [], 6738415616, undefined, 'HF config copies (furiousteabag/vram-calculator, NousResearch/Llama-2-7b-hf); HF shows 6.74B.', { model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32000, tie_word_embeddings: false }],
  ['llama2-13b', 'meta-llama/Llama-2-13b-hf', [], 13015864320, undefined, 'HF config copies (furiousteabag/vram-calculator); HF shows 13B.', { model_type: 'llama', hidden_size: 5120, intermediate_size: 13824, num_hidden_layers: 40, num_attention_heads: 40, num_key_value_heads: 40, vocab_size: 32000, tie_word_embeddings: false }],
  ['llama2-70b', 'meta-llama/Llama-2-70b-hf', [], 68976648192, undefined, 'HF config copies (vram-calculator; llm-analysis upstage_Llama-2-70b-instruct-v2.json).', { model_type: 'llama', hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8, vocab_size: 32000, tie_word_embeddings: false }],
  ['llama3.2-3b', 'meta-llama/Llama-3.2-3B', [], 3212749824, undefined, 'SOURCES.md: PROF block "Llama-3.2-3B" = MLC llama3_2_3b; card 3.21B. Grade A.', { model_type: 'llama', hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 28, num_attention_heads: 24, num_key_value_heads: 8, head_dim: 128, vocab_size: 128256, tie_word_embeddings: true }],
  ['mixtral-8x22b', 'mistralai/Mixtral-8x22B-v0.1', [], 140620634112, 39152031744, 'SOURCES.md: AIC mistralai--Mixtral-8x22B-v0.1; 141B total / 39B active. Grade A-.', { model_type: 'mixtral', hidden_size: 6144, intermediate_size: 16384, num_hidden_layers: 56, num_attention_heads: 48, num_key_value_heads: 8, num_local_experts: 8, num_experts_per_tok: 2, vocab_size: 32000, tie_word_embeddings: false }],
  ['qwen2.5-14b', 'Qwen/Qwen2.5-14B', ['Qwen/Qwen2.5-14B-Instruct'], 14770033664, undefined, 'SOURCES.md: PROF block "Qwen2.5-14B"; card 14.7B. Grade A-.', { model_type: 'qwen2', hidden_size: 5120, intermediate_size: 13824, num_hidden_layers: 48, num_attention_heads: 40, num_key_value_heads: 8, vocab_size: 152064, tie_word_embeddings: false }],
  ['qwen2.5-72b', 'Qwen/Qwen2.5-72B', ['Qwen/Qwen2.5-72B-Instruct'], 72706203648, undefined, 'SOURCES.md: no byte-identical copy, but every fine-tune copy agrees (80 layers, 8192, 29568, 64/8 heads, 152064) and the count equals the card’s 72.7B.', { model_type: 'qwen2', hidden_size: 8192, intermediate_size: 29568, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8, vocab_size: 152064, tie_word_embeddings: false }],
  ['qwen3-30b-a3b', 'Qwen/Qwen3-30B-A3B', [], 30532122624, 3353032704, 'SOURCES.md: AIC Qwen--Qwen3-30B-A3B = PROF; 30.5B / 3.3B. Grade A.', { model_type: 'qwen3_moe', hidden_size: 2048, intermediate_size: 6144, moe_intermediate_size: 768, num_hidden_layers: 48, num_attention_heads: 32, num_key_value_heads: 4, head_dim: 128, num_experts: 128, num_experts_per_tok: 8, decoder_sparse_step: 1, mlp_only_layers: [], vocab_size: 151936, tie_word_embeddings: false }],
  ['glm-4-9b', 'THUDM/glm-4-9b-chat', ['zai-org/glm-4-9b-chat'], 9399951360, undefined, 'SOURCES.md: official blame page at 731ca7fd (chatglm keys: num_layers 40, multi_query_group_num 2, kv_channels 128, padded_vocab_size 151552, ffn_hidden_size 13696). Grade A-.', { model_type: 'chatglm', num_layers: 40, hidden_size: 4096, ffn_hidden_size: 13696, kv_channels: 128, num_attention_heads: 32, multi_query_attention: true, multi_query_group_num: 2, padded_vocab_size: 151552, add_qkv_bias: true, add_bias_linear: false, rmsnorm: true, post_layer_norm: true }],
  ['gemma-2-27b', 'google/gemma-2-27b-it', ['google/gemma-2-27b'], 27227128320, undefined, 'SOURCES.md: google/gemma-2-27b-it history copy (893 bytes = 893) = MLC gemma2_27b; non-embedding 26,047,480,320 equals the paper. Grade A.', { model_type: 'gemma2', hidden_size: 4608, intermediate_size: 36864, num_hidden_layers: 46, num_attention_heads: 32, num_key_value_heads: 16, head_dim: 128, vocab_size: 256000, sliding_window: 4096 }],
  ['phi-3-mini', 'microsoft/Phi-3-mini-4k-instruct', [], 3821079552, undefined, 'SOURCES.md: "Duplicate from microsoft/Phi-3-mini-4k-instruct" (904 bytes = 904); card 3.8B. Grade A.', { model_type: 'phi3', hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32064, max_position_embeddings: 4096, sliding_window: 2047, tie_word_embeddings: false }],
  ['olmo-2-13b', 'allenai/OLMo-2-1124-13B', [], 13716198400, undefined, 'SOURCES.md: official page (623 bytes = 623) = MLC olmo2_13b. Grade A.', { model_type: 'olmo2', hidden_size: 5120, intermediate_size: 13824, num_hidden_layers: 40, num_attention_heads: 40, num_key_value_heads: 40, vocab_size: 100352, tie_word_embeddings: false }],
  ['falcon-40b', 'tiiuae/falcon-40b', [], 41835970560, undefined, 'SOURCES.md: the original RefinedWeb config (a GitHub mirror of tiiuae/falcon-40b); the shard index total_size 83,671,941,120 B is exactly 2 × this count. Grade A-.', { model_type: 'RefinedWeb', hidden_size: 8192, n_head: 128, n_head_kv: 8, n_layer: 60, vocab_size: 65024, parallel_attn: true, bias: false }],
  ['gpt3-175b', 'GPT-3 175B (paper)', [], 174604259328, undefined, 'Brown et al. 2020 Table 2.1 and Korthikanti et al. 2022: h 12,288, 96 layers, 96 heads, context 2,048, vocabulary 50,257, tied embeddings, learned positions.', { model_type: 'gpt2', n_embd: 12288, n_layer: 96, n_head: 96, n_positions: 2048, vocab_size: 50257 }],
];

const entries = [];
for (const [id, file, name, aliases, total, active, source] of FROM_FILES) {
  const raw = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  const config = Object.fromEntries(Object.entries(raw).filter(([k]) => ARCH_KEYS.has(k)));
  entries.push({ id, name, aliases, published: { total, ...(active ? { active } : {}) }, source: `${file} (shared/data/configs): ${source}`, config });
}
for (const [id, name, aliases, total, active, source, config] of BY_HAND) {
  entries.push({ id, name, aliases, published: { total, ...(active ? { active } : {}) }, source, config });
}

const body = `// Generated by scripts/presets-from-configs.mjs from shared/data/configs and the SOURCES.md rows
// quoted in each entry; edit that script, not this file. The unit tests read every config with
// readModelConfig and check its count against \`published\`.
import type { PresetConfig } from './presets';

export const PRESET_CONFIGS: readonly PresetConfig[] = ${JSON.stringify(entries, null, 2)};
`;
writeFileSync(join('src', 'core', 'models', 'presetConfigs.ts'), body);
console.log(`${entries.length} presets written to src/core/models/presetConfigs.ts`);
