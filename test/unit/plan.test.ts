import * as assert from 'node:assert/strict';
import { UserError } from '../../src/core/errors';
import { breakdown } from '../../src/core/memory/breakdown';
import type { MemoryFields } from '../../src/core/memory/fields';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import { buildInput } from '../../src/core/memory/input';
import type { MemoryInput } from '../../src/core/memory/types';
import { accelerateConfig, readAccelerateConfig } from '../../src/core/plan/accelerateConfig';
import { deepSpeedConfig, readDeepSpeedConfig } from '../../src/core/plan/deepspeedConfig';
import { megatronArgs } from '../../src/core/plan/megatronArgs';
import { planJson, planSentence } from '../../src/core/plan/report';
import { searchPlans, type Plan } from '../../src/core/plan/search';
import { planFields } from '../../src/core/plan/fields';
import { planNoteMarkdown, renderPlans, shownPlans } from '../../src/core/plan/render';
import { main } from '../../src/cli/main';
import { fakeIo } from './fakeIo';

const input = (expression: string) => buildInput(parseFitExpression(expression));
const device = (i: MemoryInput) => breakdown(i).readings.device;

/** What an engine's config does not carry and the model side does: the model, its sequence, recomputation, the GPUs. */
function modelSide(p: MemoryInput): MemoryFields {
  const f = parseFitExpression(searchExpression(p));
  return { model: f.model, params: f.params, seq: String(p.seq), recompute: p.recompute, flashAttention: p.flashAttention, gpu: p.gpu.id, gpus: String(p.gpus), gpusPerNode: String(p.gpusPerNode), mode: p.mode, optimizer: p.optimizer, loraRank: String(p.loraRank), tp: String(p.tp), pp: String(p.pp), sequenceParallel: p.sequenceParallel };
}

function searchExpression(p: MemoryInput): string {
  return `${p.model.preset ?? p.model.name} on ${p.gpus}x${p.gpu.id}`;
}

describe('the planner', () => {
  it('Qwen2.5-72B LoRA on 8×H100 does not fit as written; the verdict names the fastest plan that does', () => {
    const base = input('qwen2.5-72b lora on 8xH100');
    assert.ok(device(base) > base.gpu.bytes);
    const search = searchPlans(base);
    assert.ok(search.fastest, 'a plan fits on the same GPUs');
    assert.ok(search.fastest.readings.device <= base.gpu.bytes);
    assert.equal(search.fastest.input.gpus, 8);
    assert.match(planSentence(search)!, /^Fits with .+: \d+\.\d\d GiB per GPU, .+\/step — `qwen2\.5-72b lora /);
    // Fastest first; the Pareto front only keeps plans no other beats on both memory and speed.
    for (let i = 1; i < search.plans.length; i++) assert.ok(search.plans[i - 1].secondsPerToken <= search.plans[i].secondsPerToken);
    for (const p of search.pareto) assert.ok(!search.plans.some((q) => q.readings.device < p.readings.device && q.secondsPerToken < p.secondsPerToken));
  });

  it('serving on 4×H100 splits by tensor parallel as the engines do: Llama-3-70B at 128k fits', () => {
    const base = input('llama3-70b inference ctx 128k on 4xH100');
    assert.equal(base.tp, 4);
    assert.ok(base.notes?.some((n) => /tensor parallel 4/.test(n)));
    assert.ok(device(base) <= base.gpu.bytes);
    const written = input('llama3-70b inference tp1 ctx 128k on 4xH100');
    assert.equal(written.tp, 1, 'tp1 written keeps one copy per GPU');
  });

  it('“4×A100 80G 能 full parameter 训 34B 吗”: a plan, with its memory and step time', () => {
    const search = searchPlans(input('34B full bf16 adamw on 4xA100-80G'));
    assert.ok(search.fastest && search.fastest.input.gpus === 4);
    assert.ok(search.fastest.time!.stepSeconds! > 0);
  });

  it('when nothing fits, the smallest cluster that does, never “no GPU count fits”', () => {
    const search = searchPlans(input('llama3.1-405b full bf16 adamw on 1xA100-80G'));
    assert.equal(search.plans.length, 0);
    assert.ok(search.none?.minGpus && search.none.minGpus > 1, JSON.stringify(search.none));
    assert.ok(search.elsewhere.length && search.elsewhere.every((p) => p.input.gpus === search.none!.minGpus));
    assert.match(planSentence(search)!, /the smallest cluster that does is \d+ GPUs\. Fastest there: /);
  });

  it('every plan’s expression reproduces its readings with llm-notes mem', () => {
    const search = searchPlans(input('llama3-8b full bf16 adamw ctx 4096 on 8xH100'));
    assert.ok(search.plans.length > 5);
    for (const p of [...search.plans, ...search.elsewhere]) assert.equal(device(input(p.expression)), p.readings.device, p.expression);
    const json = planJson(search) as { plans: { expression: string; readings: { device: number } }[]; fastest: number };
    assert.equal(json.plans[json.fastest].expression, search.fastest!.expression);
  });
});

describe('the engines’ configs, written from a plan and read back', () => {
  const search = searchPlans(input('llama3-8b full bf16 adamw ctx 4096 gbs 64 on 2 nodes x 8 H100'));
  const all: Plan[] = [...search.plans, ...search.elsewhere];

  it('DeepSpeed: train_batch_size = micro × accumulation × data-parallel size, and it re-estimates to the plan', () => {
    const ds = all.filter((p) => p.input.sharding === 'deepspeed');
    assert.ok(ds.length > 3);
    for (const p of ds) {
      const cfg = deepSpeedConfig(p.input) as { train_batch_size: number; train_micro_batch_size_per_gpu: number; gradient_accumulation_steps: number; zero_optimization: { stage: number } };
      const dp = p.input.gpus / (p.input.tp * p.input.pp);
      assert.equal(cfg.train_batch_size, cfg.train_micro_batch_size_per_gpu * cfg.gradient_accumulation_steps * dp);
      assert.equal(cfg.zero_optimization.stage, p.input.zero);
      const read = readDeepSpeedConfig(JSON.stringify(cfg), 'ds_config.json', dp);
      const back = buildInput({ ...modelSide(p.input), ...read.fields });
      assert.equal(device(back), p.readings.device, p.expression);
    }
  });

  it('accelerate: FSDP, DeepSpeed, Megatron-LM or DDP, and it re-estimates to the plan', () => {
    let checked = 0;
    for (const p of all) {
      let yaml: string;
      try {
        yaml = accelerateConfig(p.input);
      } catch (e) {
        assert.ok(e instanceof UserError);
        continue;
      }
      const read = readAccelerateConfig(yaml, 'accelerate.yaml');
      const back = buildInput({ ...modelSide(p.input), ...read.fields, globalBatch: String(p.input.time.globalBatch ?? p.input.batch * (p.input.gpus / (p.input.tp * p.input.pp))), batch: String(p.input.batch) });
      assert.equal(device(back), p.readings.device, `${p.expression}\n${yaml}`);
      checked++;
    }
    assert.ok(checked > 5);
  });

  it('Megatron-LM: --global-batch-size = micro × accumulation × data-parallel size; FSDP and ZeRO-3 plans are refused with a reason', () => {
    let checked = 0;
    for (const p of all) {
      let args: string[];
      try {
        args = megatronArgs(p.input);
      } catch (e) {
        assert.ok(e instanceof UserError && /Megatron-LM/.test(e.message), String(e));
        continue;
      }
      const get = (flag: string) => Number(args.find((a) => a.startsWith(`${flag} `))?.split(' ')[1]);
      const dp = p.input.gpus / (get('--tensor-model-parallel-size') * get('--pipeline-model-parallel-size'));
      assert.equal(get('--global-batch-size') % (get('--micro-batch-size') * dp), 0);
      assert.equal(get('--global-batch-size'), p.input.time.globalBatch ?? p.input.batch * dp);
      checked++;
    }
    assert.ok(checked > 0);
  });
});

describe('reading engines’ configs: their own complaints, in a sentence', () => {
  const ds = (c: unknown, gpus?: number) => readDeepSpeedConfig(JSON.stringify(c), 'ds.json', gpus);
  it('batch sizes that do not multiply out get DeepSpeed’s assertion', () => {
    assert.throws(() => ds({ train_batch_size: 33, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 2 }, 4), /Check batch related parameters\. train_batch_size is not equal to micro_batch_per_gpu \* gradient_acc_step \* world_size 33 != 4 \* 2 \* 4/);
    assert.equal(ds({ train_batch_size: 32, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 2 }).fields.gpus, '4');
  });
  it('an unknown stage, both bf16 and fp16, a bad device', () => {
    assert.throws(() => ds({ zero_optimization: { stage: 4 } }), /not a valid ZeroStageEnum/);
    assert.throws(() => ds({ bf16: { enabled: true }, fp16: { enabled: true } }), /cannot be simultaneously enabled/);
    assert.throws(() => ds({ zero_optimization: { stage: 3, offload_param: { device: 'gpu' } } }), /offload_param\.device "gpu" is not cpu, nvme or none/);
    assert.throws(() => readDeepSpeedConfig('{ "zero', 'ds.json', 1), /ds\.json is not valid JSON/);
  });
  it('“auto” values (Hugging Face’s) are said, not guessed', () => {
    const r = ds({ zero_optimization: { stage: 3, reduce_bucket_size: 'auto' }, train_micro_batch_size_per_gpu: 'auto' });
    assert.equal(r.fields.zero, '3');
    assert.ok(r.notes.some((n) => /reduce_bucket_size is "auto"/.test(n)));
  });
  it('accelerate: not YAML, a strategy it does not know, processes that do not split over machines', () => {
    assert.throws(() => readAccelerateConfig('a: [1, 2\n', 'acc.yaml'), /acc\.yaml is not valid YAML/);
    assert.throws(() => readAccelerateConfig('distributed_type: FSDP\nfsdp_config:\n  fsdp_sharding_strategy: QUARTER_SHARD\n', 'acc.yaml'), /"QUARTER_SHARD" is not FULL_SHARD/);
    assert.throws(() => readAccelerateConfig('distributed_type: FSDP\nnum_processes: 6\nnum_machines: 4\n', 'acc.yaml'), /num_processes 6 does not split over num_machines 4/);
    const hybrid = readAccelerateConfig('distributed_type: FSDP\nnum_processes: 16\nnum_machines: 2\nmixed_precision: bf16\nfsdp_config:\n  fsdp_sharding_strategy: HYBRID_SHARD\n  fsdp_activation_checkpointing: true\n', 'acc.yaml');
    assert.deepEqual(hybrid.fields, { gpus: '16', gpusPerNode: '8', dtype: 'bf16', zero: 'hybrid-shard', recompute: 'full' });
  });
  it('the engines’ words in fit expressions: fsdp full_shard, shard_grad_op, hybrid_shard, distributed-optimizer', () => {
    assert.equal(input('llama3-8b full fsdp full_shard on 8xH100').sharding, 'fsdp');
    assert.equal(input('llama3-8b full shard_grad_op on 8xH100').zero, 2);
    const hybrid = input('llama3-8b full hybrid_shard on 2 nodes x 8 H100');
    assert.equal(hybrid.sharding, 'fsdp-hybrid');
    const mega = input('llama3-70b full distributed-optimizer tp8 pp2 on 4 nodes x 8 H100');
    assert.equal(mega.sharding, 'megatron');
    assert.equal(mega.zero, 1);
  });
});

describe('a plan applied to the fields it came from', () => {
  it('reproduces the plan’s readings, whatever the fields said before (nodes, offload, recompute)', () => {
    for (const expr of ['llama3-8b full bf16 adamw ctx 4096 gbs 64 on 2 nodes x 8 H100', '34B full bf16 adamw zero3 offload recompute on 4xA100-80G', 'qwen2.5-72b lora on 8xH100', 'llama3-70b inference ctx 128k on 4xH100']) {
      const fields = parseFitExpression(expr);
      const search = searchPlans(input(expr));
      for (const p of [...search.plans, ...search.elsewhere]) {
        const applied = buildInput({ ...fields, ...planFields(p.input) });
        assert.equal(device(applied), p.readings.device, `${expr} → ${p.expression}`);
      }
    }
  });

  it('the panel’s rows: formats an engine cannot run carry its reason; a note gets the expression and the configs', () => {
    const search = searchPlans(input('llama3-8b full bf16 adamw ctx 4096 gbs 64 on 2 nodes x 8 H100'));
    const rendered = renderPlans(search);
    assert.equal(rendered.plans.length, shownPlans(search).length);
    const fsdp = rendered.plans.find((p) => /FSDP/.test(p.label));
    assert.ok(fsdp);
    assert.match(fsdp.formats.find((f) => f.format === 'megatron')!.reason!, /Megatron-LM shards the optimizer only/);
    assert.equal(fsdp.formats.find((f) => f.format === 'accelerate')!.reason, undefined);
    const hybrid = planNoteMarkdown(shownPlans(search).find((p) => p.input.sharding === 'fsdp-hybrid')!);
    assert.match(hybrid, /```llm-mem\n.+ hybrid-shard .+\n```/);
    assert.match(hybrid, /```yaml\n[^`]*fsdp_sharding_strategy: HYBRID_SHARD/);
    assert.doesNotMatch(hybrid, /```json|```sh/);
    const zero = planNoteMarkdown(shownPlans(search).find((p) => p.input.sharding === 'deepspeed' && p.input.zero > 0)!);
    assert.match(zero, /```json\n\{\n {2}"train_batch_size": 64/);
  });
});

describe('llm-notes plan', () => {
  it('--json: plans with expressions mem reproduces, the marks as indices, the rule', async () => {
    const io = fakeIo();
    assert.equal(await main(['plan', 'qwen2.5-72b', 'lora', 'on', '8xH100', '--json'], io), 0, io.err);
    const json = JSON.parse(io.out) as { plans: { expression: string; gpus: number; fits: boolean; readings: { device: number }; changes: string[] }[]; fastest: number; pareto: number[]; none: unknown; evaluated: number; rule: string };
    assert.ok(json.plans.filter((p) => p.gpus === 8).length > 5 && json.plans.every((p) => p.fits && p.gpus <= 8));
    assert.equal(json.none, null);
    assert.ok(json.pareto.every((i) => Number.isInteger(i) && i >= 0 && i < json.plans.length));
    const mem = fakeIo();
    assert.equal(await main(['mem', json.plans[json.fastest].expression, '--json'], mem), 0, mem.err);
    assert.equal((JSON.parse(mem.out) as { readings: { device: number } }).readings.device, json.plans[json.fastest].readings.device);
  });

  it('--format: the fastest plan the engine can run; a format no engine has, or a plan out of range, is a usage error', async () => {
    let io = fakeIo();
    assert.equal(await main(['plan', 'qwen2.5-72b', 'lora', 'on', '8xH100', '--format', 'accelerate'], io), 0, io.err);
    assert.match(io.out, /^compute_environment: LOCAL_MACHINE\n[^]*num_processes: 8\n/);
    io = fakeIo();
    assert.equal(await main(['plan', 'llama3-8b', 'full', 'gbs', '64', 'on', '8xH100', '--format', 'deepspeed'], io), 0, io.err);
    const ds = JSON.parse(io.out) as { train_batch_size: number; train_micro_batch_size_per_gpu: number; gradient_accumulation_steps: number };
    assert.equal(ds.train_batch_size, 64);
    assert.equal(ds.train_micro_batch_size_per_gpu * ds.gradient_accumulation_steps * 8, 64);
    io = fakeIo();
    assert.equal(await main(['plan', 'llama3-8b', 'full', 'on', '8xH100', '--format', 'bash'], io), 2);
    assert.match(io.err, /--format takes deepspeed, accelerate or megatron, not "bash"/);
    io = fakeIo();
    assert.equal(await main(['plan', 'llama3-8b', 'full', 'on', '8xH100', '--host-ram', 'lots'], io), 2);
    assert.equal(io.err.trim().split('\n').length, 1);
  });

  it('mem --deepspeed: the batch sizes multiply out with the data-parallel size (GPUs ÷ TP × PP)', async () => {
    const ds = JSON.stringify({ train_batch_size: 64, train_micro_batch_size_per_gpu: 2, gradient_accumulation_steps: 4, bf16: { enabled: true }, zero_optimization: { stage: 1 } });
    let io = fakeIo({ 'ds.json': ds });
    assert.equal(await main(['mem', 'llama3-8b', 'full', 'tp2', 'on', '16xH100', '--deepspeed', 'ds.json'], io), 0, io.err);
    io = fakeIo({ 'ds.json': ds });
    assert.equal(await main(['mem', 'llama3-8b', 'full', 'on', '16xH100', '--deepspeed', 'ds.json'], io), 2);
    assert.match(io.err, /ds\.json: Check batch related parameters\. .* 64 != 2 \* 4 \* 16/);
  });
});
