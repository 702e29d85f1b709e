import { countsMarkdownTable, statsLine } from '../core/tokens/report';
import { DEFAULT_TOKENIZERS } from '../core/tokens/registry';
import { resolveTokenizer, TokenCounter, type CountReport, type TokenizerSpec } from '../core/tokens/tokenCounter';
import { boolFlag, wantsHelp, parseArgs, stringFlag, UsageError, type FlagSpec } from './args';
import type { CliIo } from './io';

export const TOKENS_USAGE = `usage: llm-notes tokens [--tokenizer ID,ID,…] [--bos] [--eos] [--json] [FILE… | -]

Counts tokens of each FILE (or standard input) with several tokenizers.
Tokenizer ids: o200k_base, cl100k_base, p50k_base, r50k_base, llama2, llama3, or the path of
a Hugging Face tokenizer.json. Default: ${DEFAULT_TOKENIZERS.join(',')}.`;

/** Node strings stop near 512 MiB; well before that a count would take minutes, so refuse clearly. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

interface Input {
  file?: string;
  text: string;
}

export const TOKENS_FLAGS: Record<string, FlagSpec> = { tokenizer: { value: true }, json: {}, bos: {}, eos: {}, help: {} };

export async function runTokens(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, TOKENS_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(TOKENS_USAGE + '\n');
    return 0;
  }
  const specs = parseTokenizers(stringFlag(args, 'tokenizer'));
  const inputs = await readInputs(args.positionals, io);
  const counter = new TokenCounter(async (path) => {
    try {
      return (await io.readFile(path)).toString('utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  });
  const options = { bos: boolFlag(args, 'bos'), eos: boolFlag(args, 'eos') };
  const reports: { input: Input; report: CountReport }[] = [];
  for (const input of inputs) reports.push({ input, report: await counter.count(input.text, specs, options) });

  const failed = reports.some((r) => r.report.counts.some((c) => c.error));
  if (boolFlag(args, 'json')) {
    const objects = reports.map(({ input, report }) => toJson(input, report, args.positionals.length > 1));
    io.stdout(JSON.stringify(objects.length === 1 && args.positionals.length <= 1 ? objects[0] : objects, null, 2) + '\n');
  } else {
    for (const { input, report } of reports) {
      if (inputs.length > 1 || input.file) io.stdout(`${input.file ?? '(stdin)'}\n`);
      io.stdout(`${statsLine(report)}\n\n${countsMarkdownTable(report)}\n\n`);
    }
  }
  for (const { report } of reports) for (const c of report.counts) if (c.error) io.stderr(`llm-notes: ${c.label}: ${c.error}\n`);
  return failed ? 1 : 0;
}

function parseTokenizers(value: string | undefined): TokenizerSpec[] {
  const ids = (value ?? DEFAULT_TOKENIZERS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) throw new UsageError('--tokenizer needs at least one id');
  return ids.map((id) => {
    const spec = resolveTokenizer(id);
    if (!spec) throw new UsageError(`unknown tokenizer "${id}" (known: o200k_base, cl100k_base, p50k_base, r50k_base, llama2, llama3, or a tokenizer.json path)`);
    return spec;
  });
}

async function readInputs(positionals: string[], io: CliIo): Promise<Input[]> {
  if (positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-')) {
    const data = await io.readStdin();
    if (data.length > MAX_INPUT_BYTES) throw new UsageError(`standard input is over ${MAX_INPUT_BYTES / 1048576} MiB; split it (e.g. split -C 32M) and count the parts`);
    return [{ text: data.toString('utf8') }];
  }
  const inputs: Input[] = [];
  for (const file of positionals) {
    let size: number;
    try {
      size = await io.fileSize(file);
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    if (size > MAX_INPUT_BYTES) {
      throw new UsageError(`${file} is ${(size / 1048576).toFixed(0)} MiB; llm-notes tokens reads at most ${MAX_INPUT_BYTES / 1048576} MiB at once — split it (e.g. split -C 32M) and count the parts`);
    }
    inputs.push({ file, text: (await io.readFile(file)).toString('utf8') });
  }
  return inputs;
}

function toJson(input: Input, report: CountReport, withFile: boolean): Record<string, unknown> {
  const tokens: Record<string, number | null> = {};
  const errors: Record<string, string> = {};
  for (const c of report.counts) {
    tokens[c.id] = c.tokens ?? null;
    if (c.error) errors[c.id] = c.error;
  }
  return {
    ...(withFile || input.file ? { file: input.file ?? '-' } : {}),
    chars: report.stats.chars,
    bytes: report.stats.bytes,
    tokens,
    ...(Object.keys(errors).length ? { errors } : {}),
  };
}
