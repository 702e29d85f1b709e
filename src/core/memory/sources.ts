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
  savedActivations: string;
  recomputedLayer: string;
  backwardWorking: string;
  qloraDequant: string;
  mainGrads: string;
  gradPartitions: string;
  fp32GradStep: string;
  foreachAdam: string;
  zero3Buffers: string;
  zero12Buffers: string;
  fsdpPipeline: string;
  fsdpUnits: string;
  deepspeedMaster: string;
  ddp: string;
  phases: string;
  allocator: string;
  nccl: string;
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
    quant: t('Weight-only quantisation (GPTQ/AWQ style): the blocks’ linear layers in 8 bits, or 4 bits plus a 16-bit scale per group of 128 (4.125 bits); embeddings, output head and norms stay 16-bit'),
    overhead: t('Explicit overheads: CUDA context and caching-allocator reserve (both configurable)'),
    savedActivations: t('Tensors autograd saves for backward in eager PyTorch (Hugging Face, litgpt, torchtitan): norm inputs (RMSNorm in fp32), inputs of linear layers whose weights train or that are 4-bit (bitsandbytes MatMul4Bit), LoRA dropout outputs and masks, q/k/v and the attention output, SwiGLU’s gate, SiLU and up outputs'),
    recomputedLayer: t('Activation checkpointing recomputes a layer’s forward just before its backward: for that moment the layer holds everything it would have saved'),
    backwardWorking: t('A layer’s backward: the gradients of its widest intermediates and of the residual stream exist together'),
    qloraDequant: t('bitsandbytes 4-bit matmul: the weight is dequantised to 16 bits for each matmul (dequantize_4bit)'),
    mainGrads: t('Megatron-LM accumulates gradients in an fp32 main_grad buffer (18 B per parameter; 6 + 12/d with the distributed optimizer); PyTorch AMP keeps fp32 gradients of fp32 parameters'),
    gradPartitions: t('DeepSpeed ZeRO-3 allocates its gradient partitions once (grad_partitions_flat_buffer); FSDP keeps sharded gradients'),
    fp32GradStep: t('DeepSpeed ZeRO converts the 16-bit gradient partition to fp32 for the optimizer step (ZeRO-3 one sub_group_size at a time)'),
    foreachAdam: t('torch.optim.AdamW with foreach (PyTorch’s default on CUDA) computes √v for every parameter at once'),
    zero3Buffers: t('DeepSpeed ZeRO-3: stage3_max_live_parameters (1e9), stage3_prefetch_bucket_size (5e7) and reduce_bucket_size (5e8) elements, DeepSpeed’s defaults'),
    zero12Buffers: t('DeepSpeed ZeRO-1/2: gradients copied into a reduce_bucket_size bucket (contiguous_gradients); with optimizer offload, a largest-parameter staging buffer'),
    fsdpPipeline: t('FSDP with pipeline parallel does not reshard between micro-batches (reshard_after_forward=False, as torchtitan sets it)'),
    fsdpUnits: t('PyTorch FSDP: one wrapped unit (a transformer layer) gathered in use and the next prefetched, the root unit (embeddings, head) gathered throughout; each unit’s gradients reduce-scattered when its backward ends'),
    deepspeedMaster: t('DeepSpeed’s ZeRO optimizer keeps fp32 master weights and fp32 optimizer states for 16-bit parameters whatever the precision setting (fp32_partitioned_groups_flat, single_partition_of_fp32_groups)'),
    ddp: t('torch DistributedDataParallel keeps gradient buckets beside the gradients (gradient_as_bucket_view=False by default)'),
    phases: t('The step’s phases: the peak is the largest set of tensors alive at one moment'),
    allocator: t('PyTorch’s caching allocator keeps freed blocks and splits for reuse: max_memory_reserved exceeds max_memory_allocated (allocator reserve, configurable)'),
    nccl: t('NCCL allocates its buffers outside PyTorch’s allocator: NCCL_BUFFSIZE (4 MiB) per channel, send and receive'),
  };
}
