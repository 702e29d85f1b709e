import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { globToRegExp } from '../core/digest/glob';
import type { ParseProblem } from '../core/digest/model';
import { decodeNote } from '../core/digest/noteFile';
import { parseNotes } from '../core/digest/parser';
import { DigestIndex } from '../core/digest/search';
import { boolFlag, wantsHelp, listFlag, parseArgs, stringFlag, UsageError, type FlagSpec } from './args';
import type { CliIo } from './io';

export const SEARCH_USAGE = `usage: llm-notes search QUERY [--json] [--limit N] [--include GLOB…]

Searches the bundled Q&A digest, and notes matching each --include glob (relative to the
current folder, e.g. --include "notes/**/*.md"), in English or Chinese.
With --json: an array of {"id","title","section","source","line","score","snippet"}, best first.`;

const MAX_FILES = 100_000;

/** Files under `root` whose relative path matches one of the globs; node_modules and .git are skipped. */
function findNotes(root: string, globs: RegExp[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= MAX_FILES) return;
      if (name === 'node_modules' || name === '.git') continue;
      const path = join(dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue; // deleted while walking, or a broken link
      }
      const real = `${st.dev}:${st.ino}`;
      if (seen.has(real)) continue; // a symlink loop
      seen.add(real);
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && globs.some((g) => g.test(relative(root, path).split(sep).join('/')))) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

export const SEARCH_FLAGS: Record<string, FlagSpec> = { json: {}, limit: { value: true }, include: { value: true, repeat: true }, help: {} };

export async function runSearch(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, SEARCH_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(SEARCH_USAGE + '\n');
    return 0;
  }
  const query = args.positionals.join(' ').trim();
  if (!query) throw new UsageError('give a query, e.g. llm-notes search "learning rate"');
  const limitText = stringFlag(args, 'limit') ?? '10';
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 10000) throw new UsageError(`--limit must be a whole number from 1 to 10000, not "${limitText}"`);
  const limit = Number(limitText);

  const index = new DigestIndex();
  const problems: ParseProblem[] = [];
  const digestDir = io.digestDir;
  for (const name of readdirSync(digestDir).filter((f) => f.endsWith('.md')).sort()) {
    const source = `digest/${name}`;
    index.setSource(source, parseNotes(readFileSync(join(digestDir, name), 'utf8'), source, 'digest').entries);
  }
  const includes = listFlag(args, 'include');
  if (includes.length) {
    const files = findNotes(io.cwd, includes.map(globToRegExp));
    if (!files.length) io.stderr(`llm-notes search: no file matches ${includes.join(', ')} under ${io.cwd}; searching the bundled digest only\n`);
    for (const file of files) {
      const label = relative(io.cwd, file).split(sep).join('/');
      let bytes: Buffer;
      try {
        bytes = await io.readFile(file);
      } catch {
        continue; // deleted since the walk
      }
      const decoded = decodeNote(bytes, label);
      if ('problem' in decoded) {
        problems.push(decoded.problem);
        continue;
      }
      const parsed = parseNotes(decoded.text, label, 'note');
      problems.push(...parsed.problems);
      index.setSource(label, parsed.entries);
    }
  }
  for (const p of problems) io.stderr(`${p.file}:${p.line}: ${p.message}\n`);

  const hits = index.search(query, limit);
  if (boolFlag(args, 'json')) {
    const rows = hits.map((h) => ({ id: h.entry.id, title: h.entry.title, section: h.entry.section, source: h.entry.source, line: h.entry.line, score: Number(h.score.toFixed(4)), snippet: h.snippet }));
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
  } else if (!hits.length) {
    io.stdout(`No entry matches "${query}".\n`);
  } else {
    hits.forEach((h, i) => io.stdout(`${i + 1}. ${h.entry.title}\n   ${h.entry.section} · ${h.entry.source}:${h.entry.line}\n   ${h.snippet}\n\n`));
  }
  return 0;
}
