import { countsMarkdownTable, statsLine } from '../core/tokens/report';
import { decodeUtf8, FileRefused, readTokenizerFile } from '../node/files';
import { BUILTIN_TOKENIZER_IDS, DEFAULT_TOKENIZERS } from '../core/tokens/registry';
import { resolveTokenizer, TokenCounter, type CountReport, type TokenizerSpec } from '../core/tokens/tokenCounter';
import { boolFlag, wantsHelp, parseArgs, stringFlag, UsageError, type FlagSpec } from './args';
import type { CliIo } from './io';

export const TOKENS_USAGE = `usage: llm-notes tokens [--tokenizer ID,ID,…] [--bos] [--eos] [--json] [FILE… | -]

Counts tokens of each FILE (or standard input) with several tokenizers.
Tokenizer ids: ${BUILTIN_TOKENIZER_IDS.join(', ')},
or the path of a Hugging Face tokenizer.json. Default: ${DEFAULT_TOKENIZERS.join(',')}.`;

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
  const counter = new TokenCounter((path) => readTokenizerFile(path, io.readFile), io.readVocabulary);
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

export function parseTokenizers(value: string | undefined): TokenizerSpec[] {
  const ids = (value ?? DEFAULT_TOKENIZERS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) throw new UsageError('--tokenizer needs at least one id');
  return ids.map((id) => {
    const spec = resolveTokenizer(id, [], { paths: true });
    if (!spec) throw new UsageError(`unknown tokenizer "${id}" (known: ${BUILTIN_TOKENIZER_IDS.join(', ')}, or a tokenizer.json path)`);
    return spec;
  });
}

/**
 * The texts to count: each FILE, and standard input for "-" (alone or among files, once) or when
 * there is no FILE. Each is checked before it is read (a regular file, at most 32 MiB; stdin stops
 * reading at the limit) and decoded strictly as UTF-8, a leading byte-order mark dropped as
 * editors drop it.
 */
async function readInputs(positionals: string[], io: CliIo): Promise<Input[]> {
  const names = positionals.length ? positionals : ['-'];
  if (names.filter((n) => n === '-').length > 1) throw new UsageError('"-" (standard input) can be read once');
  const split = `llm-notes tokens reads at most ${MAX_INPUT_BYTES / 1048576} MiB at once — split it (e.g. split -C 32M) and count the parts`;
  const inputs: Input[] = [];
  for (const name of names) {
    if (name === '-') {
      let data: Buffer;
      try {
        data = await io.readStdin(MAX_INPUT_BYTES);
      } catch (e) {
        if (e instanceof FileRefused && e.reason === 'too-large') throw new UsageError(`standard input is over ${MAX_INPUT_BYTES / 1048576} MiB; ${split}`);
        throw e;
      }
      inputs.push({ file: positionals.length > 1 ? '-' : undefined, text: decodeUtf8(data, 'standard input') });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await io.readFile(name, MAX_INPUT_BYTES);
    } catch (e) {
      if (e instanceof FileRefused && e.reason === 'too-large' && e.size !== undefined) throw new UsageError(`${name} is ${(e.size / 1048576).toFixed(0)} MiB; ${split}`);
      if (e instanceof FileRefused && e.reason === 'missing') throw new UsageError(`cannot read ${name}: no such file`);
      if (e instanceof FileRefused) throw new UsageError(e.message.replace(/\.$/, ''));
      throw e;
    }
    inputs.push({ file: name, text: decodeUtf8(bytes, name) });
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
