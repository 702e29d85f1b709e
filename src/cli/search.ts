import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { BUNDLED_DIGEST_FILES } from '../core/digest/bundled';
import { compileGlob, type Glob } from '../core/digest/glob';
import type { ParseProblem } from '../core/digest/model';
import { DEFAULT_MAX_NOTE_BYTES, decodeNote } from '../core/digest/noteFile';
import { FileRefused } from '../node/files';
import { parseNotes } from '../core/digest/parser';
import { loadPinyin } from '../core/digest/pinyin';
import { DigestIndex } from '../core/digest/search';
import { boolFlag, wantsHelp, listFlag, parseArgs, stringFlag, UsageError, type FlagSpec } from './args';
import type { CliIo } from './io';

export const SEARCH_USAGE = `usage: llm-notes search QUERY [--json] [--limit N] [--include GLOB…]

Searches the bundled Q&A digest, and notes matching each --include glob (relative to the
current folder, e.g. --include "notes/**/*.md"), in English or Chinese.
With --json: an array of {"id","title","section","source","line","score","snippet"}, best first.`;

/** The walk stops after this many folder entries, matching or not, and says so. */
export const MAX_WALK_ENTRIES = 200_000;

interface FoundNotes {
  files: string[];
  /** Set when the walk stopped at MAX_WALK_ENTRIES. */
  truncated: boolean;
}

/**
 * Files under `root` whose relative path matches one of the globs; node_modules and .git are
 * skipped. Links are followed only while they stay inside the root (by real path), each folder is
 * read once (a link loop ends), and the walk is bounded by entries visited, not by matches.
 */
function findNotes(root: string, globs: Glob[]): FoundNotes {
  const out: string[] = [];
  const seen = new Set<string>();
  const realRoot = realpathSync(root);
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  let visited = 0;
  let truncated = false;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (++visited > MAX_WALK_ENTRIES) {
        truncated = true;
        return;
      }
      if (name === 'node_modules' || name === '.git') continue;
      const path = join(dir, name);
      let st;
      let real;
      try {
        st = statSync(path);
        real = realpathSync(path);
      } catch {
        continue; // deleted while walking, or a broken link
      }
      if (!inside(real)) continue; // a link out of the folder (root -> /)
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue; // a symlink loop
      seen.add(id);
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && globs.some((g) => g.matches(relative(root, path).split(sep).join('/')))) out.push(path);
      if (truncated) return;
    }
  };
  walk(root);
  return { files: out.sort(), truncated };
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

  const index = new DigestIndex(await loadPinyin());
  const problems: ParseProblem[] = [];
  for (const name of BUNDLED_DIGEST_FILES) {
    const source = `digest/${name}`;
    index.setSource(source, parseNotes(readFileSync(join(io.digestDir, name), 'utf8'), source, 'digest').entries);
  }
  const includes = listFlag(args, 'include');
  if (includes.length) {
    const globs = includes.map((g) => compileGlob(g));
    const { files, truncated } = findNotes(io.cwd, globs);
    if (truncated) io.stderr(`llm-notes search: stopped walking ${io.cwd} after ${MAX_WALK_ENTRIES.toLocaleString('en-US')} entries; give a narrower --include\n`);
    if (!files.length) io.stderr(`llm-notes search: no file matches ${includes.join(', ')} under ${io.cwd}; searching the bundled digest only\n`);
    for (const file of files) {
      const label = relative(io.cwd, file).split(sep).join('/');
      let bytes: Buffer;
      try {
        bytes = await io.readFile(file, DEFAULT_MAX_NOTE_BYTES);
      } catch (e) {
        if (!(e instanceof FileRefused)) throw e;
        if (e.reason === 'missing') continue; // deleted since the walk
        // Over the limit: said, and not read (a 1.5 GB note was read whole before).
        problems.push(e.reason === 'too-large' && e.size !== undefined ? (decodeNote(new Uint8Array(0), label, DEFAULT_MAX_NOTE_BYTES, e.size) as { problem: ParseProblem }).problem : { file: label, line: 1, message: `Not indexed: ${e.message}` });
        continue;
      }
      const decoded = decodeNote(bytes, label);
      if ('problem' in decoded) {
        problems.push(decoded.problem);
        continue;
      }
      const parsed = parseNotes(decoded.text, label, 'note');
      for (const p of parsed.problems) problems.push(p);
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
