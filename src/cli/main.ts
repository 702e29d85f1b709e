import { isUserError } from '../core/errors';
import { bundledVocabularies } from '../node/vocabularies';
import { FileRefused, readRegularFile, readStreamBounded } from '../node/files';
import { hfCacheDirs } from '../node/hfCache';
import { UsageError } from './args';
import type { CliIo } from './io';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MEM_USAGE, runMem } from './mem';
import { DATASET_USAGE, runDataset } from './dataset';
import { PLAN_USAGE, runPlan } from './plan';
import { runSearch, SEARCH_USAGE } from './search';
import { runTokens, TOKENS_USAGE } from './tokens';

const VERSION = process.env.LLM_NOTES_VERSION ?? '0.0.0';

interface Subcommand {
  summary: string;
  usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  tokens: { summary: 'count tokens with several tokenizers side by side', usage: TOKENS_USAGE, run: runTokens },
  mem: { summary: 'estimate GPU memory for training or inference (and DeepSpeed’s ZeRO tables)', usage: MEM_USAGE, run: runMem },
  plan: { summary: 'every configuration that fits, ranked by time, and the engines’ config files', usage: PLAN_USAGE, run: runPlan },
  search: { summary: 'search the Q&A digest and your notes, in English or Chinese', usage: SEARCH_USAGE, run: runSearch },
  dataset: { summary: 'tokens per record of a training set (JSONL, CSV, Parquet, text) on all cores', usage: DATASET_USAGE, run: runDataset },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((k) => k.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`);
  return `llm-notes ${VERSION} — token counts, GPU-memory estimates and Q&A search for LLM-training notes

usage: llm-notes <command> [options]

commands:
${lines.join('\n')}

Run "llm-notes <command> --help" for a command's options. Exit codes: 0 ok, 1 failed, 2 usage error.
`;
}

/**
 * `llm-notes help [COMMAND]`: the overview, or one command's usage. Anything else is a usage
 * mistake, --json included (help is text only).
 */
function help(args: readonly string[]): string {
  if (args.length === 0) return helpText();
  const [first, ...more] = args;
  if (first === '--json') throw new UsageError('help prints text, not JSON');
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first} for help`);
  if (!Object.hasOwn(SUBCOMMANDS, first)) throw new UsageError(`unknown command "${first}" (commands: ${Object.keys(SUBCOMMANDS).join(', ')})`);
  if (more.length) throw new UsageError(`help takes one command, not "${more.join(' ')}"`);
  return SUBCOMMANDS[first].usage + '\n';
}

/** Runs the CLI; returns the exit code. Usage and input errors print one line to stderr. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const sub = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(help(rest));
      return 0;
    }
    if (name === '--version') {
      if (rest.length) throw new UsageError(`--version takes nothing after it, not "${rest[0]}"`);
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (!sub) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(SUBCOMMANDS).join(', ')}); see llm-notes --help`);
    return await sub.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || isUserError(e) || e instanceof FileRefused) {
      // One line, whatever a message quotes.
      io.stderr(`llm-notes${sub ? ` ${name}` : ''}: ${e.message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
      return 2;
    }
    io.stderr(`llm-notes: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: (maxBytes) => readStreamBounded(process.stdin, maxBytes, 'standard input'),
  readFile: (p, maxBytes) => readRegularFile(p, maxBytes),
  cwd: process.cwd(),
  hfCacheDirs: hfCacheDirs(process.env),
  digestDir: findDigestDir(__dirname),
  datasetWorker: join(__dirname, 'datasetWorker.js'),
  readVocabulary: bundledVocabularies(join(__dirname, 'vocab')),
  stderrIsTTY: process.stderr.isTTY,
  onInterrupt(handler) {
    process.once('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
};

/** media/digest next to dist/ (installed package or checkout), found by walking up from here. */
function findDigestDir(from: string): string {
  for (let dir = from, i = 0; i < 5; i++, dir = join(dir, '..')) {
    const candidate = join(dir, 'media', 'digest');
    if (existsSync(candidate)) return candidate;
  }
  return join(from, '..', 'media', 'digest');
}
