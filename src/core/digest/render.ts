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

/** markdown-it with raw HTML off, URLs linkified, links limited to http(s), images as links. */
function renderer(): InstanceType<typeof MarkdownIt> {
  if (md) return md;
  md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
  md.validateLink = isAllowedLink;
  // Images would be fetched from the web: an image is shown as a link to it instead.
  md.disable('image');
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

/** The entry as display markdown: title, original heading, summary, tags, then each turn with its speaker. */
export function entryMarkdown(e: DigestEntry): string {
  const out = [`# ${escapeInline(e.title)}`, ''];
  if (e.heading && e.heading !== e.title) out.push(`*${escapeInline(e.heading)}*`, '');
  out.push(`${escapeInline(e.section)} · \`${sourceLabel(e).replace(/`/g, "'")}\``, '');
  if (e.summary) out.push(e.summary, '');
  if (e.tags.length) out.push(e.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' '), '');
  out.push('---', '');
  let budget = SHOWN_CHARS;
  let hidden = 0;
  for (const t of e.turns) {
    if (budget <= 0) {
      hidden += t.text.length;
      continue;
    }
    const text = t.text.length > budget ? t.text.slice(0, budget) : t.text;
    hidden += t.text.length - text.length;
    budget -= text.length;
    out.push(t.label ? `**${escapeInline(t.label)}:** ${text}` : text, '');
  }
  if (hidden) out.push('', `*… ${hidden.toLocaleString('en-US')} more characters: open the note to read the whole entry.*`);
  return out.join('\n');
}

/** Safe HTML of an entry: raw HTML escaped, unsafe links left as text. */
export function renderEntryHtml(e: DigestEntry): string {
  return renderer().render(entryMarkdown(e));
}

/** A blockquote of the entry with a source line, for "Insert as Quote". */
export function quoteMarkdown(e: DigestEntry): string {
  const lines: string[] = [];
  for (const t of e.turns) {
    const text = t.text.replace(/\s+$/, '');
    const body = t.label ? `**${t.label}:** ${text}` : text;
    lines.push(...body.split('\n'), '');
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.push('', `— ${e.title} (${e.section}, ${sourceLabel(e)})`);
  return lines.map((l) => (l ? `> ${l}` : '>')).join('\n') + '\n';
}

function escapeInline(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}
