import type { Architecture } from './architecture';

/** A model preset: its published parameter count, its shape, and where the figures come from. */
export interface ModelPreset {
  id: string;
  name: string;
  totalParams: number;
  activeParams?: number;
  arch: Architecture;
  source: string;
}

/**
 * From shared/data/model-presets.json. Yi-34B and DeepSeek-LLM-67B are left out until their
 * figures are checked against the models' own config.json (they are marked unverified there);
 * the encoder-decoder T5 entries are left out because the architecture formula here is
 * decoder-only. A unit test recounts every total from its architecture.
 */
export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    "id": "llama2-7b",
    "name": "meta-llama/Llama-2-7b-hf",
    "totalParams": 6738415616,
    "arch": {
      "layers": 32,
      "hidden": 4096,
      "ffn": 11008,
      "heads": 32,
      "kvHeads": 32,
      "headDim": 128,
      "vocab": 32000,
      "tiedEmbeddings": false
    },
    "source": "HF config copies: furiousteabag/vram-calculator app/configurations.ts (NousResearch/Llama-2-7b-hf preset); copies of config.json in public repositories"
  },
  {
    "id": "llama2-13b",
    "name": "meta-llama/Llama-2-13b-hf",
    "totalParams": 13015864320,
    "arch": {
      "layers": 40,
      "hidden": 5120,
      "ffn": 13824,
      "heads": 40,
      "kvHeads": 40,
      "headDim": 128,
      "vocab": 32000,
      "tiedEmbeddings": false
    },
    "source": "furiousteabag/vram-calculator app/configurations.ts"
  },
  {
    "id": "llama2-70b",
    "name": "meta-llama/Llama-2-70b-hf",
    "totalParams": 68976648192,
    "arch": {
      "layers": 80,
      "hidden": 8192,
      "ffn": 28672,
      "heads": 64,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 32000,
      "tiedEmbeddings": false
    },
    "source": "furiousteabag/vram-calculator app/configurations.ts; cli99/llm-analysis llm_analysis/model_configs/upstage_Llama-2-70b-instruct-v2.json"
  },
  {
    "id": "llama3-8b",
    "name": "meta-llama/Meta-Llama-3-8B",
    "totalParams": 8030261248,
    "arch": {
      "layers": 32,
      "hidden": 4096,
      "ffn": 14336,
      "heads": 32,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 128256,
      "tiedEmbeddings": false
    },
    "source": "meta-llama/llama-models models/sku_list.py & models/llama3_1/api/sku_list.py (dim/n_layers/n_heads/n_kv_heads/vocab; ffn from ffn_dim_multiplier+multiple_of => 14336/28672/53248)"
  },
  {
    "id": "llama3-70b",
    "name": "meta-llama/Meta-Llama-3-70B",
    "totalParams": 70553706496,
    "arch": {
      "layers": 80,
      "hidden": 8192,
      "ffn": 28672,
      "heads": 64,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 128256,
      "tiedEmbeddings": false
    },
    "source": "meta-llama/llama-models models/sku_list.py & models/llama3_1/api/sku_list.py (dim/n_layers/n_heads/n_kv_heads/vocab; ffn from ffn_dim_multiplier+multiple_of => 14336/28672/53248)"
  },
  {
    "id": "llama3.1-405b",
    "name": "meta-llama/Meta-Llama-3.1-405B",
    "totalParams": 405853388800,
    "arch": {
      "layers": 126,
      "hidden": 16384,
      "ffn": 53248,
      "heads": 128,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 128256,
      "tiedEmbeddings": false
    },
    "source": "meta-llama/llama-models models/sku_list.py & models/llama3_1/api/sku_list.py (dim/n_layers/n_heads/n_kv_heads/vocab; ffn from ffn_dim_multiplier+multiple_of => 14336/28672/53248)"
  },
  {
    "id": "mistral-7b",
    "name": "mistralai/Mistral-7B-v0.1",
    "totalParams": 7241732096,
    "arch": {
      "layers": 32,
      "hidden": 4096,
      "ffn": 14336,
      "heads": 32,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 32000,
      "tiedEmbeddings": false
    },
    "source": "furiousteabag/vram-calculator app/configurations.ts (numParams 7.51 there is wrong; formula gives 7.24B)"
  },
  {
    "id": "mixtral-8x7b",
    "name": "mistralai/Mixtral-8x7B-v0.1",
    "totalParams": 46702792704,
    "arch": {
      "layers": 32,
      "hidden": 4096,
      "ffn": 14336,
      "heads": 32,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 32000,
      "tiedEmbeddings": false,
      "moe": {
        "experts": 8,
        "topK": 2,
        "expertFfn": 14336
      }
    },
    "source": "copies of config.json in public repositories)",
    "activeParams": 12879925248
  },
  {
    "id": "qwen2.5-7b",
    "name": "Qwen/Qwen2.5-7B",
    "totalParams": 7615616512,
    "arch": {
      "layers": 28,
      "hidden": 3584,
      "ffn": 18944,
      "heads": 28,
      "kvHeads": 4,
      "headDim": 128,
      "vocab": 152064,
      "tiedEmbeddings": false,
      "qkvBias": true
    },
    "source": "config.json copy in a test"
  },
  {
    "id": "qwen2.5-72b",
    "name": "Qwen/Qwen2.5-72B",
    "totalParams": 72706203648,
    "arch": {
      "layers": 80,
      "hidden": 8192,
      "ffn": 29568,
      "heads": 64,
      "kvHeads": 8,
      "headDim": 128,
      "vocab": 152064,
      "tiedEmbeddings": false,
      "qkvBias": true
    },
    "source": "config copies; 3250851890 states total 72.7B)"
  },
  {
    "id": "deepseek-v3",
    "name": "deepseek-ai/DeepSeek-V3",
    "totalParams": 671026419200,
    "arch": {
      "layers": 61,
      "hidden": 7168,
      "ffn": 18432,
      "heads": 128,
      "kvHeads": 128,
      "headDim": 192,
      "vocab": 129280,
      "tiedEmbeddings": false,
      "moe": {
        "experts": 256,
        "topK": 8,
        "expertFfn": 2048,
        "sharedExperts": 1,
        "denseLayers": 3,
        "routerBias": true
      },
      "mla": {
        "qLoraRank": 1536,
        "kvLoraRank": 512,
        "qkNopeHeadDim": 128,
        "qkRopeHeadDim": 64,
        "vHeadDim": 128
      }
    },
    "source": "deepseek-ai/DeepSeek-V3 inference/configs/config_671B.json as copied in fork Bobchenyx/DeepSeek-V3-tflsxyy (NOTE: forks wwwjn/* and Hansika-Prabodini/* have edited values - don't use); dims match secondary copy",
    "activeParams": 37552297472
  },
  {
    "id": "baichuan2-13b",
    "name": "baichuan-inc/Baichuan2-13B-Base",
    "totalParams": 13896668160,
    "arch": {
      "layers": 40,
      "hidden": 5120,
      "ffn": 13696,
      "heads": 40,
      "kvHeads": 40,
      "headDim": 128,
      "vocab": 125696,
      "tiedEmbeddings": false
    },
    "source": "config copies"
  },
  {
    "id": "glm-4-9b",
    "name": "THUDM/glm-4-9b-chat",
    "totalParams": 9399951360,
    "arch": {
      "layers": 40,
      "hidden": 4096,
      "ffn": 13696,
      "heads": 32,
      "kvHeads": 2,
      "headDim": 128,
      "vocab": 151552,
      "tiedEmbeddings": false,
      "qkvBias": true
    },
    "source": "glm-4-9b-chat config.json printed in a LLaMA-Factory log: multi_query_group_num 2, kv_channels 128, padded_vocab_size 151552, seq_length 131072"
  },
  {
    "id": "gpt3-175b",
    "name": "(paper)",
    "totalParams": 174604259328,
    "arch": {
      "layers": 96,
      "hidden": 12288,
      "ffn": 49152,
      "heads": 96,
      "kvHeads": 96,
      "headDim": 128,
      "vocab": 50257,
      "tiedEmbeddings": true,
      "style": "gpt",
      "maxPositions": 2048
    },
    "source": "Korthikanti et al. 2022 / Brown et al. 2020 (h=12288, a=96, L=96, s=2048); llm-analysis llm_analysis/model_configs/megatron-lm-175b.json uses vocab 50272"
  }
];

export function findModelPreset(id: string): ModelPreset | undefined {
  const key = id.toLowerCase();
  return MODEL_PRESETS.find((m) => m.id === key || m.name.toLowerCase() === key || m.name.toLowerCase().endsWith('/' + key));
}
