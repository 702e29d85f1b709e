/**
 * Script of the GPU-memory calculator page. The extension estimates; this page keeps the form,
 * sends its fields on every change and lays out the result. DOM is built with textContent only.
 */
import type { Choice, ChoiceField, FieldGroup, FieldName, MemoryFields, MemoryFromWebview, MemoryPageState, MemoryPanelStrings, MemoryToWebview, RenderedPlans, RenderedResult, RenderedTime } from '../protocol/memoryPanel';

declare function acquireVsCodeApi(): { postMessage(m: MemoryFromWebview): void; setState(s: MemoryPageState): void; getState(): MemoryPageState | undefined };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let strings = {} as MemoryPanelStrings;
let fields: MemoryFields = {};
let timer: ReturnType<typeof setTimeout> | undefined;
const inputs = new Map<FieldName, HTMLInputElement | HTMLSelectElement>();
const errors = new Map<FieldName, HTMLElement>();
/** Checkboxes that start unticked (flash attention, LoRA dropout and double quantisation start ticked). */
const OFF_BY_DEFAULT = new Set<FieldName>(['sequenceParallel', 'tiedEmbeddings']);

type Field =
  | { key: FieldName; kind: 'select'; options: Choice[]; group: FieldGroup }
  | { key: FieldName; kind: 'text'; placeholder?: string; group: FieldGroup; inputmode?: string }
  | { key: FieldName; kind: 'check'; group: FieldGroup };

/** The form: the options of every select come from the extension. */
function layout(choices: Record<ChoiceField, Choice[]>): Field[] {
  const select = (key: ChoiceField, group: FieldGroup, custom = false): Field => ({ key, kind: 'select', options: custom ? [...choices[key], { id: '', label: strings.customSize }] : choices[key], group });
  return [
    select('model', 'model', true),
    { key: 'params', kind: 'text', placeholder: '34B, 6.7e9', group: 'model' },
    select('mode', 'training'),
    select('dtype', 'training'),
    select('optimizer', 'training'),
    { key: 'loraRank', kind: 'text', group: 'training', inputmode: 'numeric' },
    { key: 'loraTargets', kind: 'text', placeholder: 'all-linear, q,v, q,k,v,o,head', group: 'training' },
    { key: 'loraDropout', kind: 'check', group: 'training' },
    { key: 'doubleQuant', kind: 'check', group: 'training' },
    select('zero', 'parallel'),
    select('offloadOptimizer', 'parallel'),
    select('offloadParams', 'parallel'),
    { key: 'tp', kind: 'text', group: 'parallel', inputmode: 'numeric' },
    { key: 'pp', kind: 'text', group: 'parallel', inputmode: 'numeric' },
    { key: 'sequenceParallel', kind: 'check', group: 'parallel' },
    { key: 'stage3MaxLiveParameters', kind: 'text', placeholder: '1e9', group: 'parallel' },
    { key: 'stage3MaxReuseDistance', kind: 'text', placeholder: '1e9', group: 'parallel' },
    { key: 'stage3PrefetchBucketSize', kind: 'text', placeholder: '5e7', group: 'parallel' },
    { key: 'reduceBucketSize', kind: 'text', placeholder: '5e8', group: 'parallel' },
    select('gpu', 'hardware', true),
    { key: 'gpuMem', kind: 'text', placeholder: '80GiB', group: 'hardware' },
    { key: 'gpus', kind: 'text', group: 'hardware', inputmode: 'numeric' },
    { key: 'gpusPerNode', kind: 'text', group: 'hardware', inputmode: 'numeric' },
    { key: 'batch', kind: 'text', group: 'workload', inputmode: 'numeric' },
    { key: 'seq', kind: 'text', placeholder: '4096, 32k', group: 'workload' },
    select('recompute', 'workload'),
    { key: 'flashAttention', kind: 'check', group: 'workload' },
    select('kvCacheBits', 'workload'),
    select('crossEntropy', 'workload'),
    { key: 'layers', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'hidden', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'ffn', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'heads', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'kvHeads', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'headDim', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'vocab', kind: 'text', group: 'architecture', inputmode: 'numeric' },
    { key: 'tiedEmbeddings', kind: 'check', group: 'architecture' },
    { key: 'mlp', kind: 'text', placeholder: 'gated, plain', group: 'architecture' },
    { key: 'tokens', kind: 'text', placeholder: '1.4T, 300B', group: 'time' },
    { key: 'globalBatch', kind: 'text', placeholder: '512, 4M', group: 'time' },
    { key: 'mfu', kind: 'text', placeholder: '0.4', group: 'time' },
    { key: 'price', kind: 'text', placeholder: '2.5', group: 'time' },
    { key: 'goodput', kind: 'text', placeholder: '1', group: 'time' },
    { key: 'networkGbps', kind: 'text', placeholder: '400', group: 'time' },
    { key: 'hostMemoryGBs', kind: 'text', placeholder: '50', group: 'time' },
    { key: 'cudaContextGiB', kind: 'text', group: 'overheads' },
    { key: 'allocatorReservePct', kind: 'text', group: 'overheads' },
  ];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function readForm(): MemoryFields {
  const out: Record<string, unknown> = {};
  for (const [key, input] of inputs) {
    if (input instanceof HTMLInputElement && input.type === 'checkbox') out[key] = input.checked;
    else if (input.value.trim() !== '') out[key] = input.value.trim();
  }
  // A custom size replaces the preset choice; an empty custom box falls back to the preset.
  if (out.params !== undefined) delete out.model;
  if (out.gpuMem !== undefined) delete out.gpu;
  return out as MemoryFields;
}

function send(): void {
  fields = readForm();
  vscode.setState({ fields });
  vscode.postMessage({ type: 'update', fields });
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(send, 120);
}

function buildForm(choices: Record<ChoiceField, Choice[]>): HTMLElement {
  const form = el('form', 'inputs');
  form.addEventListener('submit', (e) => e.preventDefault());
  const groups = new Map<FieldGroup, HTMLFieldSetElement>();
  for (const f of layout(choices)) {
    let set = groups.get(f.group);
    if (!set) {
      set = el('fieldset');
      set.append(el('legend', undefined, strings[`group.${f.group}`] ?? f.group));
      groups.set(f.group, set);
      form.append(set);
    }
    const id = `f-${f.key}`;
    const row = el('div', `row ${f.kind}`);
    const label = el('label', undefined, strings[`field.${f.key}`] ?? f.key);
    label.htmlFor = id;
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.kind === 'select') {
      const select = el('select');
      const groups = new Map<string, HTMLOptGroupElement>();
      for (const o of f.options) {
        if (o.group === undefined) {
          select.append(new Option(o.label, o.id));
          continue;
        }
        let g = groups.get(o.group);
        if (!g) {
          g = el('optgroup');
          g.label = o.group;
          groups.set(o.group, g);
          select.append(g);
        }
        g.append(new Option(o.label, o.id));
      }
      input = select;
    } else {
      input = el('input');
      input.type = f.kind === 'check' ? 'checkbox' : 'text';
      if (f.kind === 'text') {
        if (f.placeholder) input.placeholder = f.placeholder;
        if (f.inputmode) input.inputMode = f.inputmode;
        input.spellcheck = false;
      }
    }
    input.id = id;
    input.name = f.key;
    input.addEventListener(f.kind === 'text' ? 'input' : 'change', () => {
      linkChoices(f.key);
      schedule();
    });
    const err = el('div', 'field-error');
    err.id = `${id}-error`;
    err.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', err.id);
    inputs.set(f.key, input);
    errors.set(f.key, err);
    if (f.kind === 'check') row.append(input, label, err);
    else row.append(label, input, err);
    set.append(row);
  }
  return form;
}

/** A custom size and a preset exclude each other: typing one clears the other. */
function linkChoices(key: FieldName): void {
  const pairs: [FieldName, FieldName][] = [
    ['params', 'model'],
    ['gpuMem', 'gpu'],
  ];
  for (const [custom, preset] of pairs) {
    const customInput = inputs.get(custom) as HTMLInputElement;
    const presetInput = inputs.get(preset) as HTMLSelectElement;
    if (key === custom && customInput.value.trim()) presetInput.value = '';
    if (key === preset && presetInput.value) customInput.value = '';
  }
}

function fill(values: MemoryFields): void {
  for (const [key, input] of inputs) {
    const v = values[key];
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === undefined ? !OFF_BY_DEFAULT.has(key) : !!v;
    else input.value = v === undefined || typeof v === 'boolean' ? (input instanceof HTMLSelectElement ? input.options[0]?.value ?? '' : '') : String(v);
  }
  if (values.params !== undefined) (inputs.get('model') as HTMLSelectElement).value = '';
  if (values.gpuMem !== undefined) (inputs.get('gpu') as HTMLSelectElement).value = '';
}

const output = el('section', 'output');
output.setAttribute('aria-live', 'polite');

/** A breakdown table: label, amount, working (its source as the tooltip), and an optional total row. */
function table(rows: readonly { label: string; amount: string; formula: string; source: string }[], total?: [string, string], header = true): HTMLTableElement {
  const t = el('table', 'breakdown');
  if (header) {
    const head = el('tr');
    for (const h of [strings.item, strings.memory, strings.working]) head.append(el('th', undefined, h));
    t.append(head);
  }
  for (const l of rows) {
    const tr = el('tr');
    const working = el('td', 'formula', l.formula);
    working.title = l.source;
    tr.append(el('td', undefined, l.label), el('td', 'num', l.amount), working);
    t.append(tr);
  }
  if (total) {
    const tr = el('tr', 'total');
    tr.append(el('td', undefined, total[0]), el('td', 'num', total[1]), el('td'));
    t.append(tr);
  }
  return t;
}

function renderResult(r: RenderedResult): void {
  output.replaceChildren();
  output.classList.remove('stale');
  const verdict = el('p', `verdict ${r.fits ? 'fits' : 'nofit'}`, r.verdict);
  verdict.id = 'verdict';
  output.append(el('p', 'expression', r.expression), verdict, el('p', 'min-gpus', r.minGpusText));

  // The three readings against the GPU: allocated, then the allocator's cache, then context and NCCL.
  const bar = el('div', 'bar readings-bar');
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', `${strings.allocated} ${r.readings.allocatedText}, ${strings.reserved} ${r.readings.reservedText}, ${strings.device} ${r.readings.deviceText} / ${r.capacityText}`);
  const scale = Math.max(r.readings.device, r.capacity);
  const parts: [string, number, string][] = [
    ['allocated', r.readings.allocated, `${strings.allocated}: ${r.readings.allocatedText}`],
    ['reserved', r.readings.reserved - r.readings.allocated, `${strings.reserved}: ${r.readings.reservedText}`],
    ['device', r.readings.device - r.readings.reserved, `${strings.device}: ${r.readings.deviceText}`],
  ];
  for (const [key, bytes, title] of parts) {
    if (bytes <= 0) continue;
    const seg = el('span', `seg seg-${key}`);
    seg.style.width = `${(100 * bytes) / scale}%`;
    seg.title = title;
    bar.append(seg);
  }
  const cap = el('span', 'capacity');
  cap.style.left = `${(100 * r.capacity) / scale}%`;
  cap.title = `${strings.capacity}: ${r.capacityText}`;
  bar.append(cap);
  const legend = el('div', 'legend');
  for (const [key, , title] of parts) {
    const item = el('span', 'legend-item');
    item.append(el('span', `swatch seg-${key}`), document.createTextNode(title));
    legend.append(item);
  }
  const phases = el('p', 'phases');
  phases.append(document.createTextNode(`${strings.phases}: `));
  r.phases.forEach((p, i) => {
    if (i) phases.append(document.createTextNode(' · '));
    phases.append(p.peak ? el('strong', undefined, `${p.label} ${p.amount}`) : document.createTextNode(`${p.label} ${p.amount}`));
  });
  output.append(bar, legend, phases);
  plansSection.replaceChildren(el('h3', undefined, strings.plansSection), el('p', 'planning', strings.planning));
  output.append(plansSection);

  output.append(el('h3', undefined, strings.aliveAtPeak.replace('{0}', r.peakLabel)), table(r.peakTerms, [strings.allocated, r.readings.allocatedText]));
  output.append(el('h3', undefined, strings.readings), table(r.readingSteps, [strings.device, r.readings.deviceText]));
  if (r.time) renderTime(r.time);
  output.append(el('h3', undefined, strings.publishedFormulas), table(r.lines, [strings.total, r.totalText]));

  if (r.host.length) {
    output.append(el('h3', undefined, `${strings.hostRam}: ${r.hostTotalText}`));
    const hostTable = el('table', 'breakdown');
    for (const l of [...r.host, ...r.nvme]) {
      const tr = el('tr');
      tr.append(el('td', undefined, l.label), el('td', 'num', l.amount), el('td', 'formula', l.formula));
      hostTable.append(tr);
    }
    output.append(hostTable);
  }
  if (r.suggestions.length) {
    output.append(el('h3', undefined, strings.changes));
    const list = el('ul', 'suggestions');
    for (const s of r.suggestions) {
      const li = el('li', s.fits ? 'fits' : 'nofit');
      const button = el('button', 'link', s.label);
      button.type = 'button';
      button.addEventListener('click', () => {
        fill({ ...fields, ...s.change });
        send();
      });
      li.append(button, document.createTextNode(` — ${s.amount} ${s.fits ? '✓' : '✗'}`));
      list.append(li);
    }
    output.append(list);
  }
  for (const n of r.notes) output.append(el('p', 'note', n));
  const actions = el('div', 'actions');
  const copy = el('button', undefined, strings.copyMarkdown);
  copy.type = 'button';
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
  const insert = el('button', undefined, strings.insertIntoNote);
  insert.type = 'button';
  insert.addEventListener('click', () => vscode.postMessage({ type: 'insertIntoNote' }));
  actions.append(copy, insert);
  output.append(actions);
}

/** The planner's section, filled when its search (run in slices by the extension) is done. */
const plansSection = el('section', 'plans');
plansSection.id = 'plans';

function renderPlans(r: RenderedPlans): void {
  plansSection.replaceChildren(el('h3', undefined, strings.plansSection), el('p', 'plan-summary', r.summary));
  if (r.plans.length) {
    const t = el('table', 'breakdown plan-table');
    const head = el('tr');
    for (const h of [strings.plan, strings.gpus, strings.device, strings.step, strings.tokensPerSecond, '']) head.append(el('th', undefined, h));
    t.append(head);
    r.plans.forEach((p, index) => {
      const tr = el('tr', p.elsewhere ? 'elsewhere' : '');
      const apply = el('button', 'link', p.label);
      apply.type = 'button';
      apply.title = `${strings.applyPlan}: ${p.expression}`;
      apply.addEventListener('click', () => {
        const next: MemoryFields = { ...fields, ...p.fields };
        delete next.nodes;
        fill(next);
        send();
      });
      const name = el('td');
      name.append(apply);
      if (p.marks.length) name.append(el('span', 'marks', ` (${p.marks.join(', ')})`));
      if (p.elsewhere) name.title = strings.elsewhere;
      const actions = el('td', 'plan-actions');
      for (const f of p.formats) {
        const b = el('button', 'secondary', strings[`copy.${f.format}`]);
        b.type = 'button';
        b.disabled = f.reason !== undefined;
        if (f.reason !== undefined) b.title = f.reason;
        b.addEventListener('click', () => vscode.postMessage({ type: 'copyPlan', index, format: f.format }));
        actions.append(b);
      }
      const insert = el('button', 'secondary', strings.insertIntoNote);
      insert.type = 'button';
      insert.addEventListener('click', () => vscode.postMessage({ type: 'insertPlan', index }));
      actions.append(insert);
      tr.append(name, el('td', 'num', String(p.gpus)), el('td', 'num', p.deviceText), el('td', 'num', p.stepText), el('td', 'num', p.tokensText), actions);
      t.append(tr);
    });
    plansSection.append(t);
  }
  plansSection.append(el('p', 'note', r.rule));
}

/** Where each part of a step goes in the time bar: compute, recomputation, communication, bubble, offload. */
const TIME_GROUP: Record<RenderedTime['lines'][number]['key'], string> = {
  compute: 'compute',
  recompute: 'recompute',
  tensorParallel: 'comm',
  dataParallel: 'comm',
  zero3: 'comm',
  bubble: 'bubble',
  offload: 'offload',
  cpuOptimizer: 'offload',
};

function renderTime(time: RenderedTime): void {
  output.append(el('h3', undefined, strings.timeSection), el('p', 'time-summary', time.summary));
  if (time.stepSeconds !== undefined && time.stepSeconds > 0) {
    const bar = el('div', 'bar time-bar');
    bar.setAttribute('role', 'img');
    bar.setAttribute('aria-label', time.summary);
    for (const l of time.lines) {
      if (l.seconds <= 0) continue;
      const seg = el('span', `seg seg-time-${TIME_GROUP[l.key]}`);
      seg.style.width = `${(100 * l.seconds) / time.stepSeconds}%`;
      seg.title = `${l.label}: ${l.amount}`;
      bar.append(seg);
    }
    const legend = el('div', 'legend');
    const shown = new Set<string>();
    for (const l of time.lines) {
      const group = TIME_GROUP[l.key];
      if (l.seconds <= 0 || shown.has(group)) continue;
      shown.add(group);
      const item = el('span', 'legend-item');
      item.append(el('span', `swatch seg-time-${group}`), document.createTextNode(l.label));
      legend.append(item);
    }
    output.append(bar, legend);
  }
  if (time.lines.length) output.append(table(time.lines, undefined, false));
  output.append(el('h3', undefined, strings.flopsSection), table(time.flops.map((f) => ({ ...f, amount: f.text })), undefined, false));
  if (time.run.length) output.append(el('h3', undefined, strings.runSection), table(time.run.map((f) => ({ ...f, amount: f.text })), undefined, false));
}

function showInvalid(field: FieldName, message: string): void {
  for (const e of errors.values()) e.textContent = '';
  // A field without an input of its own (nodes) is reported under the model.
  const key = errors.has(field) ? field : 'model';
  const slot = errors.get(key)!;
  slot.textContent = message;
  for (const [k, input] of inputs) input.setAttribute('aria-invalid', String(k === key));
  output.classList.add('stale');
}

window.addEventListener('message', (event: MessageEvent<MemoryToWebview>) => {
  const msg = event.data;
  if (msg.type === 'init') {
    strings = msg.strings;
    const saved = vscode.getState()?.fields;
    fields = (msg.preferSaved && saved) || msg.fields;
    root.replaceChildren(buildForm(msg.choices), output);
    fill(fields);
    send();
  } else if (msg.type === 'result') {
    for (const e of errors.values()) e.textContent = '';
    for (const input of inputs.values()) input.setAttribute('aria-invalid', 'false');
    renderResult(msg.result);
  } else if (msg.type === 'plans') {
    renderPlans(msg.plans);
  } else if (msg.type === 'invalid') {
    showInvalid(msg.field, msg.message);
  }
});

vscode.postMessage({ type: 'ready' });
