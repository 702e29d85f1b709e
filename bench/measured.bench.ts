/**
 * `npm run bench:measured`: the calculator against published measured peak memory
 * (bench/data/measured-memory.json: 23 cases and 3 fit/OOM outcomes, each with its source, its
 * configuration, how the figure was read and the llm-notes command that reproduces it). Each case
 * is compared in the reading it was measured in — allocated (torch.cuda.max_memory_allocated),
 * reserved (max_memory_reserved) or device (nvidia-smi, system charts) — with the ratio and
 * |ln ratio|, then the median and the worst per kind of case. A benchmark, not a test: the physics
 * is tuned until it generalises; nothing here is fitted per case.
 */
import { testVocabularies } from '../test/unit/vocabularies';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import type { CliIo } from '../src/cli/io';

interface Case {
  id: string;
  category: string;
  kind: 'allocated' | 'reserved' | 'system' | 'nvidia-smi';
  measured_bytes: number;
  command: string;
  quality: string;
}
interface FitCheck {
  id: string;
  command: string;
  published: 'trains' | 'OOM';
}

const data = JSON.parse(readFileSync(join(__dirname, '..', '..', 'bench', 'data', 'measured-memory.json'), 'utf8')) as { cases: Case[]; fit_checks: FitCheck[] };

/** The words of a shell command line: "quoted strings" stay one word. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]).slice(1); // drop "llm-notes"
}

async function run(command: string): Promise<{ json?: Record<string, unknown>; error?: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => Buffer.alloc(0),
    readFile: async () => {
      throw new Error('no files');
    },
    cwd: '/',
    hfCacheDirs: [],
    digestDir: '/nonexistent',
    datasetWorker: '',
    readVocabulary: testVocabularies,
  };
  const argv = words(command);
  if (!argv.includes('--json')) argv.push('--json');
  const code = await main(argv, io);
  return code === 0 ? { json: JSON.parse(out) } : { error: err.trim() };
}

const GiB = 2 ** 30;
const reading = (kind: Case['kind']) => (kind === 'allocated' ? 'allocated' : kind === 'reserved' ? 'reserved' : 'device');

async function bench(): Promise<void> {
  console.log('## Predicted reading vs measured peak, per case\n');
  console.log('| case | reading | measured GiB | predicted GiB | ratio | \\|ln r\\| | peak phase |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  const byCategory = new Map<string, number[]>();
  const all: number[] = [];
  for (const c of data.cases) {
    const r = await run(c.command);
    const kind = reading(c.kind);
    if (!r.json) {
      console.log(`| ${c.id} | ${kind} | ${(c.measured_bytes / GiB).toFixed(2)} | refused: ${r.error} | — | — | — |`);
      continue;
    }
    const readings = r.json.readings as Record<string, number> | undefined;
    const predicted = readings?.[kind] ?? (r.json.perGpu as { total: number }).total;
    const ratio = predicted / c.measured_bytes;
    const err = Math.abs(Math.log(ratio));
    all.push(err);
    byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), err]);
    const phase = (r.json.peak as { phase?: string } | undefined)?.phase ?? '—';
    console.log(`| ${c.id} | ${kind} | ${(c.measured_bytes / GiB).toFixed(2)} | ${(predicted / GiB).toFixed(2)} | ${ratio.toFixed(3)} | ${err.toFixed(3)} | ${phase} |`);
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  console.log('\n## Per kind of case: |ln ratio|\n');
  console.log('| kind | cases | median | worst |');
  console.log('|---|---:|---:|---:|');
  for (const [category, errs] of byCategory) console.log(`| ${category} | ${errs.length} | ${median(errs).toFixed(3)} | ${Math.max(...errs).toFixed(3)} |`);
  console.log(`| **all** | ${all.length} | **${median(all).toFixed(3)}** | **${Math.max(...all).toFixed(3)}** |`);

  console.log('\n## Fit or OOM, as published\n');
  console.log('| case | published | device GiB | capacity GiB | says | right |');
  console.log('|---|---|---:|---:|---|---|');
  for (const f of data.fit_checks) {
    const r = await run(f.command);
    if (!r.json) {
      console.log(`| ${f.id} | ${f.published} | refused: ${r.error} | | | ✗ |`);
      continue;
    }
    const readings = r.json.readings as Record<string, number> | undefined;
    const device = readings?.device ?? (r.json.perGpu as { total: number }).total;
    const fits = r.json.fits as boolean;
    const right = fits === (f.published === 'trains');
    console.log(`| ${f.id} | ${f.published} | ${(device / GiB).toFixed(2)} | ${((r.json.capacity as number) / GiB).toFixed(2)} | ${fits ? 'fits' : 'does not fit'} | ${right ? '✓' : '✗'} |`);
  }
}

void bench();
