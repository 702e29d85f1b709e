import { closesFence, fenceOpening } from '../text/fences';
import type { DigestEntry, DigestTurn, ParsedNotes, ParseProblem } from './model';

/**
 * The one parser for the bundled digest and the user's notes. The format, also written by hand:
 *
 *   # or ## Heading            a section
 *   ### Heading                an entry (paper shares, curated Q&A); a ### followed directly by
 *                              another ### is a group heading for the entries under it
 *   Title: / ID: / Tags: / Summary:   the current entry's metadata (Tags split on , ， 、 ;)
 *   Q: / D: / 问:              starts a new entry (unless the current one has no question yet)
 *   Q1: / Q2-continue: / 追问: a follow-up question in the same entry
 *   A: / A1: / F2: / 研究员1： any other short label: an answer, speaker kept
 *   other lines                continue the previous turn; fenced code is never parsed
 *
 * Colons may be ASCII ":" or full-width "：". Nothing the user wrote is changed.
 */
const LABEL = /^\s*([A-Za-z][A-Za-z0-9_-]{0,31}|\p{Script=Han}[\p{Script=Han}A-Za-z0-9]{0,15})\s*[:：](?!\/\/)/u;
/**
 * Patterns run on a line's first characters only: a label or heading marker is short, and a
 * 10 MB line must cost no more than a short one (the whole-line regexes overflowed V8's stack).
 */
const HEAD_CHARS = 256;
const NEW_ENTRY = /^(q|d|问|问题|讨论)$/i;
const FOLLOW_UP = /^(q\d+|q\d*-?continue[d]?|追问)$/i;
const META = /^(title|id|tags|summary|标题|标签|摘要)$/i;
const URL = /https?:\/\/[^\s<>"'，。、；（）()【】《》]+/g;

export function slug(text: string): string {
  return text
    .slice(0, 240)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function linksIn(text: string): string[] {
  return [...text.matchAll(URL)].map((m) => trimEndChars(m[0], '.,;:!?*'));
}

interface Draft {
  entry: DigestEntry;
  /** Whether a Q:/D: line has opened the entry's thread (a second one starts a new entry). */
  hasQuestion: boolean;
  empty: boolean;
  explicitTitle: boolean;
}

/**
 * A turn's text as it grows: its lines are kept in a list and joined once when the entry ends.
 * Appending to one string and asking it `endsWith('\n')` per line flattened the whole entry on
 * every line (quadratic: a 100,000-line entry took 14 s).
 */
class TurnText {
  private readonly chunks: string[] = [];
  private empty: boolean;
  private endsWithNewline = false;

  constructor(
    readonly turn: DigestTurn,
    first: string,
  ) {
    this.chunks.push(first);
    this.empty = first === '';
  }

  blankLine(): void {
    this.chunks.push('\n');
    this.empty = false;
    this.endsWithNewline = true;
  }

  line(raw: string): void {
    if (!this.empty && !this.endsWithNewline) {
      this.chunks.push('\n');
      this.endsWithNewline = true;
    }
    if (raw === '') return;
    this.chunks.push(raw);
    this.empty = false;
    this.endsWithNewline = false;
  }

  /** The text without trailing white space (trimEnd is linear; /\s+$/ was quadratic on long runs). */
  done(): string {
    return this.chunks.join('').trimEnd();
  }
}

/** Lines parsed between two yields of parseNoteSteps: a few milliseconds of work. */
const LINES_PER_STEP = 4096;

export function parseNotes(text: string, file: string, origin: DigestEntry['origin'] = 'note'): ParsedNotes {
  const steps = parseNoteSteps(text, file, origin);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The parser as steps: it yields every few thousand lines, so a big note can be parsed in slices
 * that leave the editor responsive (slices.ts drains it under a time budget); `parseNotes` runs
 * it to the end at once. Linear in the note's length.
 */
export function* parseNoteSteps(text: string, file: string, origin: DigestEntry['origin'] = 'note'): Generator<void, ParsedNotes> {
  const lines = text.split(/\r\n|\r|\n/);
  const entries: DigestEntry[] = [];
  const problems: ParseProblem[] = [];
  let section = '';
  let group = '';
  let draft: Draft | undefined;
  let turn: TurnText | undefined;
  let texts: TurnText[] = [];
  let fence: string | undefined;

  const report = (line: number, message: string) => problems.push({ file, line, message });

  const finish = (endLine: number) => {
    if (!draft) return;
    const e = draft.entry;
    e.endLine = Math.max(e.line, endLine);
    for (const t of texts) t.turn.text = t.done();
    if (draft.empty && !e.summary) {
      report(e.line, `Entry "${e.title}" has no question, answer or text.`);
    } else {
      if (!e.title) e.title = titleFrom(e);
      const links = new Set<string>();
      for (const t of e.turns) for (const link of linksIn(t.text)) links.add(link);
      e.links = [...links];
      entries.push(e);
    }
    draft = undefined;
    turn = undefined;
    texts = [];
  };

  const start = (line: number, heading?: string) => {
    finish(line - 1);
    const sectionName = group ? `${section} › ${group}` : section;
    draft = {
      entry: { id: '', title: shorten(heading ?? ''), section: shorten(sectionName), source: file, origin, line, endLine: line, tags: [], turns: [], links: [], heading: heading === undefined ? undefined : shorten(heading) },
      hasQuestion: false,
      empty: true,
      explicitTitle: false,
    };
  };

  const openTurn = (label: string, role: DigestTurn['role'], first: string, line: number) => {
    const t: DigestTurn = { label, role, text: '', line };
    draft!.entry.turns.push(t);
    draft!.empty = false;
    turn = new TurnText(t, first);
    texts.push(turn);
  };

  const appendText = (rawLine: string, lineNo: number) => {
    if (turn) turn.line(rawLine);
    else if (draft) openTurn('', 'text', rawLine, lineNo);
    // Prose outside entries is ordinary note text, not a digest block: nothing to index or report.
  };

  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && i % LINES_PER_STEP === 0) yield;
    const raw = lines[i];
    const lineNo = i + 1;
    const trimmed = raw.trim();

    if (fence) {
      if (closesFence(raw, fence)) fence = undefined;
      appendText(raw, lineNo);
      continue;
    }
    const fenceOpen = fenceOpening(raw);
    if (fenceOpen) {
      fence = fenceOpen.marker;
      appendText(raw, lineNo);
      continue;
    }

    const heading = parseHeading(raw);
    if (heading) {
      const level = heading[1].length;
      if (level <= 2) {
        finish(lineNo - 1);
        section = shorten(heading[2]);
        group = '';
      } else {
        // A ### right after another ### with nothing between makes the first one a group heading.
        if (draft && draft.empty && !draft.entry.summary && draft.entry.heading !== undefined && draft.entry.turns.length === 0 && !draft.explicitTitle && draft.entry.tags.length === 0) {
          group = draft.entry.heading;
          draft = undefined;
        }
        start(lineNo, heading[2]);
      }
      continue;
    }

    if (!trimmed) {
      turn?.blankLine();
      continue;
    }

    const label = LABEL.exec(raw.length > HEAD_CHARS ? raw.slice(0, HEAD_CHARS) : raw);
    if (label) {
      const name = label[1];
      let restAt = label[0].length;
      while (raw[restAt] === ' ' || raw[restAt] === '\t') restAt++;
      const rest = raw.slice(restAt);
      if (META.test(name)) {
        if (!draft) {
          report(lineNo, `"${name}:" is outside any entry; put it under a ### heading or after a Q: line.`);
          continue;
        }
        const key = name.toLowerCase();
        if (key === 'title' || key === '标题') {
          draft.entry.title = shorten(rest.trim());
          draft.explicitTitle = true;
        } else if (key === 'id') draft.entry.id = rest.trim();
        else if (key === 'tags' || key === '标签') draft.entry.tags = rest.split(/[,，、;；]/).map((t) => t.trim()).filter(Boolean);
        else draft.entry.summary = rest.trim();
        turn = undefined;
        continue;
      }
      if (NEW_ENTRY.test(name) && (!draft || draft.hasQuestion || draft.entry.turns.length > 0)) start(lineNo);
      if (!draft) {
        report(lineNo, `"${name}:" answers no question: start the entry with "Q:" or a ### heading.`);
        continue;
      }
      const role: DigestTurn['role'] = NEW_ENTRY.test(name) || FOLLOW_UP.test(name) ? 'question' : 'answer';
      if (role === 'question' && !rest.trim()) report(lineNo, `"${name}:" has no text.`);
      if (NEW_ENTRY.test(name)) draft.hasQuestion = true;
      openTurn(name, role, rest, lineNo);
      continue;
    }
    appendText(raw, lineNo);
  }
  finish(lines.length);
  assignIds(entries, file);
  return { entries, problems };
}

/** Titles and sections are labels in lists: a 10 MB heading shows its first 200 characters. */
const LABEL_CHARS = 200;
function shorten(text: string): string {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/**
 * An ATX heading: ["### Title ##", "###", "Title"]. A closing run of # needs a space before it
 * (CommonMark), so "### C#" keeps its "#". Linear in the line's length.
 */
function parseHeading(raw: string): [string, string, string] | undefined {
  const open = /^(#{1,6})[ \t]/.exec(raw.slice(0, 8)) ?? /^(#{1,6})$/.exec(raw.slice(0, 8));
  if (!open) return undefined;
  let text = raw.slice(open[1].length).trim();
  const withoutHashes = trimEndChars(text, '#');
  if (withoutHashes === '' || /\s$/.test(withoutHashes)) text = withoutHashes.trimEnd();
  return [raw, open[1], text];
}

/** `text` without a trailing run of the given characters, in linear time (a /[…]+$/ regex is quadratic on long runs). */
function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

function titleFrom(e: DigestEntry): string {
  const first = e.turns.find((t) => t.role === 'question') ?? e.turns[0];
  const text = (first?.text ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || e.section || 'Untitled';
}

function assignIds(entries: DigestEntry[], file: string): void {
  const stem = slug(file.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '')) || 'note';
  const seen = new Set<string>();
  for (const e of entries) {
    let id = e.id || `${stem}-${e.line}`;
    if (seen.has(id)) id = `${id}-${e.line}`;
    seen.add(id);
    e.id = id;
  }
}
