/**
 * Text shown inside markdown that VS Code renders (hovers, tooltips): every character that could
 * start markup that does something is escaped, so a label or a path written by someone else stays
 * text — no link or image (`[x](command:…)`, `![x](https://…)`), no HTML or autolink (`<…>`), no
 * theme icon (`$(…)`), no table cell break, no code span or emphasis. Line breaks become spaces.
 * Underscores, dots and dashes are left alone: inside words they are plain text already.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*[\]<>|$!~]/g, (c) => `\\${c}`);
}
