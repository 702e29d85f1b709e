import * as assert from 'node:assert/strict';
import { runCommand, useWorkbench, webviewFrame } from './workbench';

describe('GPU-memory calculator in the real VS Code UI', () => {
  const page = useWorkbench();

  it('fills the panel and reads the verdict as it updates', async () => {
    await runCommand(page(), 'LLM Notes: Open GPU Memory Calculator');
    const frame = webviewFrame(page());
    const verdict = frame.locator('#verdict');
    await verdict.waitFor({ timeout: 30000 });
    // 34B full fine-tune on one 80 GiB GPU: 544 GB of model states alone cannot fit.
    await frame.locator('#f-params').fill('34B');
    await frame.locator('#f-mode').selectOption('full');
    await frame.locator('#f-gpus').fill('1');
    await frame.locator('#f-gpu').selectOption('A100-80G');
    await frame.locator('.expression', { hasText: '34B full' }).waitFor({ timeout: 10000 });
    assert.match(await verdict.innerText(), /^✗ Does not fit/);
    // QLoRA of the same model with gradient checkpointing, as QLoRA is run, fits on the same GPU.
    await frame.locator('#f-mode').selectOption('qlora');
    await frame.locator('#f-recompute').selectOption('full');
    await frame.locator('.expression', { hasText: /34B qlora .*recompute/ }).waitFor({ timeout: 10000 });
    assert.match(await verdict.innerText(), /^✓ Fits: .* at the peak \((forward|loss|backward|optimizer step)\)/);
    // The bar shows the three readings: allocated, the allocator's cache, context and NCCL.
    assert.equal(await frame.locator('.readings-bar .seg').count(), 3);
    assert.match(await frame.locator('.phases').innerText(), /forward .* · loss .* · backward .* · optimizer step/);
    // Time beside memory: the step's summary and its bar, compute and recomputation at least.
    assert.match(await frame.locator('.time-summary').innerText(), /per step · [\d,]+ tokens\/s · MFU 0\.\d+/);
    assert.ok((await frame.locator('.time-bar .seg').count()) >= 2, 'the step bar has compute and recomputation');
    // A bad field gets a sentence next to it, not NaN.
    await frame.locator('#f-tp').fill('3');
    await frame.locator('#f-tp-error', { hasText: /Tensor|needs more GPUs/ }).waitFor({ timeout: 10000 });
    assert.doesNotMatch(await frame.locator('body').innerText(), /NaN|Infinity/);
  });
});
