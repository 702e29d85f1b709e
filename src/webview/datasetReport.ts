/**
 * Script of the dataset report: draws the table and a histogram per tokenizer from the report the
 * extension sends (textContent only, bars as widths), and sends the buttons' clicks back.
 */
import type { DatasetFromWebview, DatasetToWebview, RenderedDataset } from '../protocol/datasetReport';

declare function acquireVsCodeApi(): { postMessage(m: DatasetFromWebview): void };
const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render(r: RenderedDataset): void {
  root.replaceChildren(el('h2', undefined, r.title));
  if (r.partial) root.append(el('p', 'partial', r.partial));
  const table = el('table', 'counts');
  const head = el('tr');
  r.columns.forEach((c, i) => head.append(el('th', i ? 'num' : undefined, c)));
  table.append(head);
  for (const row of r.rows) {
    const tr = el('tr');
    row.forEach((c, i) => tr.append(el('td', i ? 'num' : undefined, c)));
    table.append(tr);
  }
  root.append(table);
  for (const n of r.notes) root.append(el('p', 'note', n));
  for (const h of r.histograms) {
    root.append(el('h3', undefined, `${r.strings.histogram}: ${h.label}`));
    const most = Math.max(1, ...h.buckets.map((b) => b.records));
    const chart = el('div', 'histogram');
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', h.buckets.map((b) => `${b.label}: ${b.text}`).join(', '));
    for (const b of h.buckets) {
      const row = el('div', 'bucket');
      const bar = el('span', 'bar');
      bar.style.width = `${(100 * b.records) / most}%`;
      const track = el('span', 'track');
      track.append(bar);
      row.append(el('span', 'label', b.label), track, el('span', 'count', b.text));
      chart.append(row);
    }
    root.append(chart);
  }
  if (r.skipped.length) {
    root.append(el('h3', undefined, r.strings.skipped));
    const list = el('ul', 'skipped');
    for (const s of r.skipped) list.append(el('li', undefined, s));
    root.append(list);
  }
  const actions = el('div', 'actions');
  for (const [type, label] of [
    ['copyMarkdown', r.strings.copyMarkdown],
    ['insertIntoNote', r.strings.insertIntoNote],
    ['estimateTime', r.strings.estimateTime],
  ] as const) {
    const b = el('button', undefined, label);
    b.type = 'button';
    b.addEventListener('click', () => vscode.postMessage({ type }));
    actions.append(b);
  }
  root.append(actions);
}

window.addEventListener('message', (event: MessageEvent<DatasetToWebview>) => {
  if (event.data?.type === 'report') render(event.data.report);
});
vscode.postMessage({ type: 'ready' });
