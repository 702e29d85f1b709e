import MarkdownIt from 'markdown-it';
import type { DigestEntry } from './model';

/**
 * Links an entry may carry: the web, nothing else (no javascript:, data:, vscode: or command:
 * links, not even ours: a note's author should not be able to make a click run a command).
 */
export function isAllowedLink(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}

let md: InstanceType<typeof MarkdownIt> | undefined;

/**
 * What a render noticed (markdown-it skips what is nested past its limit without a word), and the
 * matches to mark: `mark` gives a text's [start, end) ranges; `marked` counts the marks made.
 */
type RenderEnv = Record<PropertyKey, unknown> & { dropped?: boolean; mark?: (text: string) => [number, number][]; marked?: number };

/** markdown-it with raw HTML off, URLs linkified, links limited to http(s), images as links. */
function renderer(): InstanceType<typeof MarkdownIt> {
  if (md) return md;
  md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
  md.validateLink = isAllowedLink;
  // Images would be fetched from the web: an image is shown as a link to it instead.
  md.disable('image');
  // markdown-it stops reading blocks and inline content nested deeper than maxNesting and drops it;
  // the render remembers that it did, so the view can say so.
  type Tokenize = (state: { level: number; env: RenderEnv; md: { options: { maxNesting: number } } }, ...rest: number[]) => void;
  for (const parser of [md.block, md.inline] as unknown as { tokenize: Tokenize }[]) {
    const tokenize = parser.tokenize.bind(parser);
    parser.tokenize = (state, ...rest) => {
      if (state.level >= state.md.options.maxNesting) state.env.dropped = true;
      tokenize(state, ...rest);
    };
  }
  // Text is escaped as markdown-it does, with the search's matches in <mark>; the first is #match-1.
  md.renderer.rules.text = (tokens, idx, _options, given) => {
    const env = (given ?? {}) as RenderEnv;
    const text = tokens[idx].content;
    const ranges = env.mark?.(text) ?? [];
    if (!ranges.length) return escapeHtmlText(text);
    let out = '';
    let at = 0;
    for (const [a, b] of ranges) {
      env.marked = (env.marked ?? 0) + 1;
      out += `${escapeHtmlText(text.slice(at, a))}<mark${env.marked === 1 ? ' id="match-1"' : ''}>${escapeHtmlText(text.slice(a, b))}</mark>`;
      at = b;
    }
    return out + escapeHtmlText(text.slice(at));
  };
  const defaultOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = String(token.attrGet('href') ?? '');
    if (/^https?:/i.test(href)) token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('title', href);
    return defaultOpen(tokens, idx, options, env, self);
  };
  return md;
}

/** Where an entry lives, for display: "media/digest/05-short-qa.md:92". */
export function sourceLabel(e: DigestEntry): string {
  return `${e.source}:${e.line}`;
}

/**
 * The entry view shows an entry's first 50,000 characters: markdown-it needs tens of seconds for
 * 10 MB of brackets or emphasis marks, and nobody reads that in a side panel.
 */
export const SHOWN_CHARS = 50_000;

/** Tags shown at most; a 5 MB Tags line made 39 MB of HTML. */
const SHOWN_TAGS = 50;

/** The entry as display markdown: title, original heading, summary, tags, then each turn with its speaker. */
export function entryMarkdown(e: DigestEntry): string {
  const out = [`# ${escapeInline(e.title)}`, ''];
  if (e.heading && e.heading !== e.title) out.push(`*${escapeInline(e.heading)}*`, '');
  out.push(`${escapeInline(e.section)} · \`${sourceLabel(e).replace(/`/g, "'")}\``, '');
  // One budget for everything shown: the summary and the tags are parts of the entry like its turns.
  let budget = SHOWN_CHARS;
  let hidden = 0;
  const take = (text: string) => {
    const shown = text.length > budget ? text.slice(0, Math.max(0, budget)) : text;
    hidden += text.length - shown.length;
    budget -= shown.length;
    return shown;
  };
  if (e.summary) out.push(take(e.summary), '');
  if (e.tags.length) {
    const tags = e.tags.slice(0, SHOWN_TAGS).map((t) => `\`${take(t).replace(/`/g, "'")}\``);
    hidden += e.tags.slice(SHOWN_TAGS).reduce((n, t) => n + t.length, 0);
    out.push(tags.join(' '), '');
  }
  out.push('---', '');
  for (const t of e.turns) {
    if (budget <= 0) {
      hidden += t.text.length;
      continue;
    }
    const text = take(t.text);
    out.push(t.label ? `**${escapeInline(t.label)}:** ${text}` : text, '');
  }
  if (hidden) out.push('', `*… ${hidden.toLocaleString('en-US')} more characters: open the note to read the whole entry.*`);
  return out.join('\n');
}

/**
 * Safe HTML of an entry: raw HTML escaped, unsafe links left as text; with `mark`, the text it
 * finds (a search's matches) in <mark>, the first with id "match-1".
 */
export function renderEntryHtml(e: DigestEntry, mark?: (text: string) => [number, number][]): string {
  const env: RenderEnv = mark ? { mark } : {};
  let html = renderer().render(entryMarkdown(e), env);
  if (env.dropped) {
    html += `<p><em>${escapeHtmlText(`… part of this entry is nested deeper than the viewer renders (${renderer().options.maxNesting} levels) and is not shown: open the note to read it.`)}</em></p>\n`;
  }
  return html;
}

function escapeHtmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A blockquote of the entry with a source line, for "Insert as Quote". */
export function quoteMarkdown(e: DigestEntry): string {
  const lines: string[] = [];
  for (const t of e.turns) {
    const text = t.text.trimEnd();
    const body = t.label ? `**${t.label}:** ${text}` : text;
    // A loop, not push(...): an entry of 200,000 lines overflowed the stack.
    for (const line of body.split('\n')) lines.push(line);
    lines.push('');
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.push('', `— ${e.title} (${e.section}, ${sourceLabel(e)})`);
  return lines.map((l) => (l ? `> ${l}` : '>')).join('\n') + '\n';
}

function escapeInline(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** The entry's own words — its title and each turn's text — as plain text, for counting its tokens. */
export function entryText(e: DigestEntry): string {
  const parts = [e.title];
  for (const t of e.turns) parts.push(t.text.trimEnd());
  return parts.join('\n\n') + '\n';
}
