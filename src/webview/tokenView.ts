/**
 * Script of the token-boundary view. Builds DOM with textContent only (never innerHTML), so the
 * user's text cannot become markup.
 */
import type { TokenColumn, TokenViewFromWebview, TokenViewToWebview } from '../protocol/tokenView';

declare function acquireVsCodeApi(): { postMessage(m: TokenViewFromWebview): void; setState(s: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

/** Makes whitespace visible while keeping line breaks as breaks. */
function visible(text: string): string {
  return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r/g, '␍').replace(/\n/g, '↵\n');
}

function select(choices: { id: string; label: string }[], value: string, allowNone: string | undefined, onChange: (v: string) => void) {
  const el = document.createElement('select');
  if (allowNone !== undefined) el.append(new Option(allowNone, ''));
  for (const c of choices) el.append(new Option(c.label, c.id, false, c.id === value));
  el.value = value;
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

function column(col: TokenColumn, msg: TokenViewToWebview): HTMLElement {
  const section = document.createElement('section');
  section.className = 'column';
  section.dataset.tokenizer = col.id;
  const head = document.createElement('h2');
  head.textContent = col.tokens !== undefined ? `${col.label} — ${col.tokens.toLocaleString()} ${msg.strings.tokens}` : col.label;
  section.append(head);
  if (col.error) {
    const err = document.createElement('p');
    err.className = 'error';
    err.textContent = col.error;
    section.append(err);
    return section;
  }
  const pre = document.createElement('pre');
  pre.className = 'tokens';
  col.segments.forEach((seg, i) => {
    const span = document.createElement('span');
    span.className = `tok tok${i % 2}`;
    span.textContent = visible(seg.text);
    span.title = `${msg.strings.idsTitle} ${seg.ids.join(' ')}`;
    span.tabIndex = -1;
    pre.append(span);
  });
  section.append(pre);
  return section;
}

function render(msg: TokenViewToWebview) {
  vscode.setState(msg);
  root.replaceChildren();
  const bar = document.createElement('div');
  bar.className = 'toolbar';
  const source = document.createElement('span');
  source.className = 'source';
  source.textContent = msg.source;
  let left = msg.left;
  let right = msg.right;
  const send = () => vscode.postMessage({ type: 'setTokenizers', left, right });
  const label = document.createElement('label');
  label.textContent = msg.strings.compareWith;
  bar.append(
    source,
    select(msg.choices, left, undefined, (v) => ((left = v), send())),
    label,
    select(msg.choices, right, msg.strings.none, (v) => ((right = v), send())),
  );
  root.append(bar);
  if (msg.shownChars !== undefined) {
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = msg.strings.truncated;
    root.append(note);
  }
  const cols = document.createElement('div');
  cols.className = `columns n${msg.columns.length}`;
  for (const col of msg.columns) cols.append(column(col, msg));
  root.append(cols);
}

window.addEventListener('message', (event: MessageEvent<TokenViewToWebview>) => {
  if (event.data?.type === 'render') render(event.data);
});
const saved = vscode.getState() as TokenViewToWebview | undefined;
if (saved?.type === 'render') render(saved);
vscode.postMessage({ type: 'ready' });
