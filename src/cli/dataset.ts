import { availableParallelism } from 'node:os';
import { fieldPath } from '../core/dataset/recordText';
import { datasetJson, datasetMarkdown, datasetSummary, histogramText } from '../core/dataset/report';
import { DEFAULT_CONTEXT_WINDOWS } from '../core/tokens/contextWindows';
import { TokenCounter, type TokenizerSpec } from '../core/tokens/tokenCounter';
import { chatTemplateOf, compileChatTemplate, type ChatTemplateSource } from '../core/dataset/chatTemplate';
import { dirname, join } from 'node:path';
import { countDataset } from '../node/dataset/countDataset';
import { decodeUtf8, readTokenizerFile } from '../node/files';
import { boolFlag, parseArgs, stringFlag, UsageError, wantsHelp, type FlagSpec } from './args';
import type { CliIo } from './io';
import { parseTokenizers } from './tokens';

export const DATASET_USAGE = `usage: llm-notes dataset FILE… [--tokenizer ID,…] [--field PATH] [--lines] [--template] [--jobs N] [--windows N,…] [--json]

Counts the tokens of each record of a training set, with several tokenizers side by side:
records, total tokens, min / p50 / p90 / p99 / max per record, records over each context window,
and a histogram of lengths.

  JSONL (.jsonl, .ndjson, .json; .gz too): a record's text is --field (a dot path), by default
        "text", else the contents of "messages" or "conversations" summed (no chat template).
  CSV / TSV: the column --field names (default "text"); the first row is the header.
  Parquet: the column --field names (default text, messages or conversations), row group by row group.
  Text: the whole file is a record, or each line with --lines.

--template renders each chat record with its tokenizer's chat template (tokenizer_config.json beside
each tokenizer.json; no generation prompt) and counts the result, special tokens one each, as
apply_chat_template does; records that are not chats are counted as they are.

A line that is not JSON, not UTF-8, over 64 MiB, or has no such field is skipped and reported
with its file and line. --jobs N counts on N worker threads (default: the machine's cores, ${availableParallelism()} here);
the result is the same for any N. Ctrl-C stops and prints what was counted, marked partial.
--windows sets the context windows (default ${DEFAULT_CONTEXT_WINDOWS.join(',')}).
With --json: {"records", "partial", "skipped": [{"file", "line", "reason"}], "skippedTotal", "shapes",
"tokenizers": {ID: {"records", "total", "min", "p50", "p90", "p99", "max", "over": {"4096": n, …}, "histogram": [{"from", "to", "records"}]}}}.`;

export const DATASET_FLAGS: Record<string, FlagSpec> = { tokenizer: { value: true }, field: { value: true }, lines: {}, template: {}, jobs: { value: true }, windows: { value: true }, json: {}, help: {} };

/** The chat template of each tokenizer.json (from the tokenizer_config.json beside it), for --template. */
async function chatTemplates(specs: readonly TokenizerSpec[], io: CliIo): Promise<ChatTemplateSource[]> {
  const out: ChatTemplateSource[] = [];
  for (const spec of specs) {
    if (!spec.path) throw new UsageError(`--template: ${spec.label} is a built-in encoding with no chat template; give a tokenizer.json whose folder holds its tokenizer_config.json`);
    const configPath = join(dirname(spec.path), 'tokenizer_config.json');
    const text = decodeUtf8(await io.readFile(configPath, 16 * 1024 * 1024), configPath);
    const template = chatTemplateOf(text, configPath);
    if (!template) throw new UsageError(`--template: ${configPath} has no chat_template`);
    compileChatTemplate(template, configPath); // a template that does not parse is said now, not per record
    out.push(template);
  }
  return out;
}

export async function runDataset(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, DATASET_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(DATASET_USAGE + '\n');
    return 0;
  }
  const files = args.positionals;
  if (!files.length) throw new UsageError('give the dataset’s files, e.g. llm-notes dataset train.jsonl');
  const specs = parseTokenizers(stringFlag(args, 'tokenizer'));
  const fieldText = stringFlag(args, 'field');
  const field = fieldText !== undefined ? fieldPath(fieldText) : undefined;
  if (field && !field.length) throw new UsageError(`--field needs a field name or dot path, not "${fieldText}"`);
  const jobsText = stringFlag(args, 'jobs');
  if (jobsText !== undefined && (!/^\d+$/.test(jobsText) || Number(jobsText) < 1 || Number(jobsText) > 256)) throw new UsageError(`--jobs must be a whole number from 1 to 256, not "${jobsText}"`);
  const jobs = jobsText !== undefined ? Number(jobsText) : availableParallelism();
  const windowsText = stringFlag(args, 'windows');
  const windows = windowsText === undefined ? DEFAULT_CONTEXT_WINDOWS : windowsText.split(',').map((w) => w.trim());
  if (windows.some((w) => !/^\d+$/.test(String(w)) || Number(w) < 1)) throw new UsageError(`--windows takes whole numbers, e.g. 4096,8192, not "${windowsText}"`);

  const templates = boolFlag(args, 'template') ? await chatTemplates(specs, io) : undefined;
  const counter = new TokenCounter((path) => readTokenizerFile(path, io.readFile), io.readVocabulary);
  let stop = false;
  const removeInterrupt = io.onInterrupt?.(() => (stop = true));
  let lastProgress = 0;
  const started = Date.now();
  let bytesRead = 0;
  const progress = (records: number) => {
    if (!io.stderrIsTTY || Date.now() - lastProgress < 250) return;
    lastProgress = Date.now();
    const seconds = (Date.now() - started) / 1000;
    io.stderr(`\r${records.toLocaleString('en-US')} records · ${(bytesRead / 1048576 / Math.max(seconds, 0.001)).toFixed(1)} MB/s · ${(bytesRead / 1048576).toFixed(0)} MB read  `);
  };
  let result;
  try {
    result = await countDataset(files, specs, {
      jobs,
      workerPath: io.datasetWorker,
      engines: () => Promise.all(specs.map((s) => counter.engine(s))),
      ...(field ? { field } : {}),
      lines: boolFlag(args, 'lines'),
      stopped: () => stop,
      onBytes: (b) => (bytesRead = b),
      onRecords: progress,
      ...(templates ? { templates } : {}),
    });
  } finally {
    removeInterrupt?.();
    if (io.stderrIsTTY && lastProgress) io.stderr('\r\x1b[K');
  }
  const summary = datasetSummary(result, specs, windows.map(Number));
  if (boolFlag(args, 'json')) io.stdout(JSON.stringify(datasetJson(summary), null, 2) + '\n');
  else {
    io.stdout(`${files.join(', ')}\n\n${datasetMarkdown(summary)}\n`);
    for (const t of summary.tokenizers) if (t.stats.records) io.stdout(`\n${t.label}, tokens per record:\n${histogramText(t.stats)}\n`);
  }
  if (result.partial) return 130;
  return 0;
}
