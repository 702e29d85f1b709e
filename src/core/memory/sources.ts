import type { Translate } from '../l10n';

/** Where each figure's formula comes from, as the working shows it. */
export interface Sources {
  mixed: string;
  weightsTraining: string;
  weightsServing: string;
  gradients: string;
  optimizerStates: string;
  adam8bit: string;
  adafactor: string;
  zero: string;
  zero3Live: string;
  offload: string;
  lora: string;
  qlora: string;
  act: string;
  kv: string;
  mla: string;
  infer: string;
  quant: string;
  overhead: string;
}

/** The citations in the language of `t`. */
export function sources(t: Translate): Sources {
  return {
    mixed: t('Mixed-precision training: 16-bit weights and gradients, fp32 master copy (Rajbhandari et al. 2020, ZeRO §3: 2Ψ + 2Ψ + 12Ψ)'),
    weightsTraining: t('Weights in the training dtype'),
    weightsServing: t('Weights in the serving dtype'),
    gradients: t('Gradients in the training dtype'),
    optimizerStates: t('Optimizer states in the training dtype'),
    adam8bit: t('bitsandbytes 8-bit AdamW: m and v in 8 bits (Dettmers et al. 2022)'),
    adafactor: t('Adafactor: factored second moments, one row and one column statistic per matrix (Shazeer & Stern 2018)'),
    zero: t('ZeRO stages shard optimizer states (1), gradients (2) and parameters (3) over data-parallel ranks (Rajbhandari et al. 2020)'),
    zero3Live: t('DeepSpeed estimate_zero3_model_states_mem_needs: largest_layer_memory = 4 × largest_layer_params'),
    offload: t('DeepSpeed ZeRO-Offload/Infinity: fp32 master weights, optimizer states and fp32 gradients live on the host'),
    lora: t('LoRA: rank-r adapters A (r × in) and B (out × r) on each targeted linear layer (Hu et al. 2021); adapters trained in fp32'),
    qlora: t('QLoRA: NF4 base weights, 4.5 bits per parameter with fp32 block constants or 4.127 bits with double quantisation (Dettmers et al. 2023)'),
    act: t('Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models", Table 2 (GPT-style layer, 16-bit activations)'),
    kv: t('KV cache: 2 (K and V) × layers × kv_heads × head_dim × tokens × bytes; GQA caches kv_heads, not heads'),
    mla: t('Multi-head latent attention (DeepSeek-V2/V3): the cache holds the compressed latent (kv_lora_rank + qk_rope_head_dim) per token and layer'),
    infer: t('Inference workspace: one layer’s prefill intermediates at a time (MLP in/out and hidden states) plus last-position logits in fp32'),
    quant: t('Weight-only quantisation (GPTQ/AWQ style): 8 bits, or 4 bits plus a 16-bit scale per group of 128 (4.125 bits)'),
    overhead: t('Explicit overheads: CUDA context and caching-allocator reserve (both configurable)'),
  };
}
