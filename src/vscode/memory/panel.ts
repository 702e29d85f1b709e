import * as vscode from 'vscode';
import { errorMessage, isUserError } from '../../core/errors';
import { describeInput } from '../../core/memory/describe';
import { checkedFields, type FieldName, type MemoryFields } from '../../core/memory/fields';
import { GPU_PRESETS } from '../../core/memory/gpus';
import { buildInput, canonicalFields } from '../../core/memory/input';
import { renderInputEstimate, type RenderedEstimate as RenderedResult } from '../../core/time/render';
import { estimateMarkdown } from '../../core/time/report';
import { estimateRun } from '../../core/time/estimateRun';
import { panelChoices } from '../../core/memory/vocabulary';
import type { MemoryInput } from '../../core/memory/types';
import { isPlanFormat, planConfigText } from '../../core/plan/formats';
import { planNoteMarkdown, renderPlans, shownPlans } from '../../core/plan/render';
import { planSteps, type Plan } from '../../core/plan/search';
import { finishInSlices } from '../../core/slices';
import type { Choice, ChoiceField, MemoryFromWebview, MemoryPageState, MemoryToWebview } from '../../protocol/memoryPanel';
import { webviewOptions, webviewPage } from '../shared/webviewHtml';
import type { CatalogGroup, ModelCatalog } from './modelCatalog';
import { memoryStrings, panelStrings, translate } from './strings';

const GROUP_LABELS: Record<CatalogGroup, () => string> = {
  preset: memoryStrings.groupPresets,
  cache: memoryStrings.groupCache,
  settings: memoryStrings.groupSettings,
  editor: memoryStrings.groupEditor,
};

export const MEMORY_VIEW_TYPE = 'llmNotes.memoryCalculator';

/**
 * The calculator panel: one at a time, state kept by the page (setState) and restored after a
 * reload through the serializer, which hands back the page's last fields.
 */
export class MemoryCalculatorPanel {
  private panel: vscode.WebviewPanel | undefined;
  private fields: MemoryFields = {};
  /** The note that was active when the panel opened: "Insert into Note" writes there. */
  private note: vscode.Uri | undefined;
  /** The last estimate (result or invalid) the page was sent, for tests. */
  lastMessage: MemoryToWebview | undefined;
  /** The last plans the page was sent, for tests. */
  lastPlans: Extract<MemoryToWebview, { type: 'plans' }> | undefined;
  private readonly changed = new vscode.EventEmitter<MemoryToWebview>();
  readonly onDidPost = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly defaults: () => MemoryFields,
    private readonly catalog: ModelCatalog,
    /** The settings the form does not hold (a price for its GPU), applied before estimating. */
    private readonly settle: (fields: MemoryFields) => MemoryFields = (f) => f,
    /** Host RAM per node for offloaded state (llmNotes.plan.hostMemoryPerNodeGiB), bytes. */
    private readonly hostRamPerNode: () => number | undefined = () => undefined,
  ) {}

  /** The plans last sent to the page, in the page's order: copyPlan and insertPlan index these. */
  private shown: Plan[] = [];
  /** Bumped by every estimate: a search still slicing for older fields stops at its next slice. */
  private planRun = 0;
  /** Settles when the search started by the last estimate has posted its plans (or was superseded), for tests. */
  planned: Promise<void> = Promise.resolve();

  show(given?: MemoryFields): void {
    const fields = given === undefined ? undefined : checkedFields(given);
    const active = vscode.window.activeTextEditor?.document;
    if (active && active.uri.scheme !== 'output') this.note = active.uri;
    this.fields = { ...this.defaults(), ...canonicalFields(fields ?? {}) };
    if (fields?.params !== undefined || fields?.layers !== undefined) delete this.fields.model;
    if (fields?.gpuMem !== undefined) delete this.fields.gpu;
    if (this.panel) {
      this.panel.reveal();
      if (fields) this.post({ type: 'init', ...this.initPayload(true) });
      return;
    }
    const panel = vscode.window.createWebviewPanel(MEMORY_VIEW_TYPE, memoryStrings.panelTitle(), vscode.ViewColumn.Beside, webviewOptions(this.extensionUri));
    this.attach(panel, !!fields);
  }

  /** Restores a panel after a window reload with the fields the page saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = checkedFields((state as Partial<MemoryPageState> | undefined)?.fields);
    this.fields = { ...this.defaults(), ...(saved ?? {}) };
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, false);
  }

  /**
   * Handles one message as if the page sent it; the page and the tests both come through here.
   * The message is checked first (its type, and fields by name and type): anything else is ignored.
   */
  async handle(raw: MemoryFromWebview): Promise<void> {
    const message = checkedMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        await this.catalog.ready();
        this.post({ type: 'init', ...this.initPayload(this.forceFields) });
        this.forceFields = false;
        return;
      case 'update':
        this.fields = message.fields;
        this.compute();
        return;
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(this.markdown());
        void vscode.window.setStatusBarMessage(memoryStrings.copied(), 3000);
        return;
      case 'insertIntoNote':
        await this.insertIntoNote(this.markdown());
        return;
      case 'copyPlan': {
        const plan = this.shown[message.index];
        if (!plan) return;
        await vscode.env.clipboard.writeText(planConfigText(plan.input, message.format, translate));
        void vscode.window.setStatusBarMessage(memoryStrings.planCopied(panelStrings()[`copy.${message.format}`].replace(/^\S+\s/, '')), 3000);
        return;
      }
      case 'insertPlan': {
        const plan = this.shown[message.index];
        if (plan) await this.insertIntoNote(planNoteMarkdown(plan, translate));
        return;
      }
    }
  }

  /** The page as last set, and the webview's options, for the tests that check every CSP. */
  get webview(): { html: string; options: vscode.WebviewOptions } | undefined {
    return this.panel && { html: this.panel.webview.html, options: this.panel.webview.options };
  }

  dispose(): void {
    this.panel?.dispose();
    this.changed.dispose();
  }

  /** Markdown for "Copy as Markdown" and "Insert into Note": the fit expression, then the breakdown. */
  markdown(): string {
    const result = estimateRun(buildInput(this.settle(this.fields), translate, this.catalog.resolve), true, translate);
    return `\`\`\`llm-mem\n${describeInput(result.input)}\n\`\`\`\n\n${estimateMarkdown(result, translate)}\n`;
  }

  /** True when the page must take this.fields over what it saved (opened pre-filled from a note). */
  private forceFields = false;

  private attach(panel: vscode.WebviewPanel, forceFields: boolean): void {
    this.panel = panel;
    this.forceFields = forceFields;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewPage({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      title: memoryStrings.panelTitle(),
      styles: ['memory.css'],
      script: 'memoryPanel.js',
      body: '<main id="root"></main>',
      lang: vscode.env.language,
    });
    panel.webview.onDidReceiveMessage((m: MemoryFromWebview) => void this.handle(m));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  /** `force` makes the page take these fields over what it saved (a note's "open in calculator"). */
  private initPayload(force: boolean) {
    const options = (values: string[]): Choice[] => values.map((id) => ({ id, label: id }));
    const vocabulary = panelChoices();
    const choices: Record<ChoiceField, Choice[]> = {
      model: this.catalog.entries().map((e) => ({ id: e.id, label: e.error ? `${e.id} ⚠` : e.id, group: GROUP_LABELS[e.group]() })),
      gpu: GPU_PRESETS.map((g) => ({ id: g.id, label: `${g.id} (${g.note.split(';')[0]})` })),
      mode: options(vocabulary.mode),
      dtype: options(vocabulary.dtype),
      optimizer: options(vocabulary.optimizer),
      zero: options(vocabulary.zero),
      offloadOptimizer: options(vocabulary.offloadOptimizer),
      offloadParams: options(vocabulary.offloadParams),
      recompute: options(vocabulary.recompute),
      kvCacheBits: options(vocabulary.kvCacheBits),
      crossEntropy: options(vocabulary.crossEntropy),
    };
    return { fields: this.fields, preferSaved: !force, choices, strings: panelStrings() };
  }

  private compute(): RenderedResult | undefined {
    const run = ++this.planRun;
    try {
      const input = buildInput(this.settle(this.fields), translate, this.catalog.resolve);
      const result = renderInputEstimate(input, translate);
      this.post({ type: 'result', fields: this.fields, result });
      this.planned = this.plan(input, this.fields, run);
      return result;
    } catch (e) {
      if (!isUserError(e)) throw e;
      this.post({ type: 'invalid', fields: this.fields, field: (e.field as FieldName | undefined) ?? 'model', message: errorMessage(e) });
      return undefined;
    }
  }

  /**
   * Searches the plans for these fields in slices (each well under 50 ms: bench:plan), yielding to
   * the event loop between them, and posts them unless a newer estimate has started meanwhile.
   */
  private async plan(input: MemoryInput, fields: MemoryFields, run: number): Promise<void> {
    const hostRamPerNode = this.hostRamPerNode();
    // Start after the estimate's message has gone out, then slice: the host never blocks long.
    await new Promise((r) => setTimeout(r, 0));
    const search = await finishInSlices(planSteps(input, hostRamPerNode !== undefined ? { hostRamPerNode } : {}, translate), 12, () => run !== this.planRun);
    if (!search || run !== this.planRun) return;
    this.shown = shownPlans(search);
    this.post({ type: 'plans', fields, plans: renderPlans(search, translate) });
  }

  private post(message: MemoryToWebview): void {
    if (message.type === 'plans') this.lastPlans = message;
    else this.lastMessage = message;
    this.changed.fire(message);
    void this.panel?.webview.postMessage(message);
  }

  private async insertIntoNote(markdown: string): Promise<void> {
    const uri = this.note;
    if (!uri) {
      void vscode.window.showWarningMessage(memoryStrings.noNote());
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const at = editor.selection.active;
    await editor.edit((b) => b.insert(new vscode.Position(at.line, document.lineAt(at.line).text.length), `\n\n${markdown}`));
  }
}

/** A message from the page, if it is one the protocol knows, with checked fields. */
function checkedMessage(raw: unknown): MemoryFromWebview | undefined {
  const type = (raw as { type?: unknown } | null)?.type;
  if (type === 'ready' || type === 'copyMarkdown' || type === 'insertIntoNote') return { type };
  if (type === 'copyPlan' || type === 'insertPlan') {
    const { index, format } = raw as { index?: unknown; format?: unknown };
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return undefined;
    if (type === 'insertPlan') return { type, index };
    return isPlanFormat(format) ? { type, index, format } : undefined;
  }
  if (type === 'update') {
    const fields = checkedFields((raw as { fields?: unknown }).fields);
    return fields && { type, fields };
  }
  return undefined;
}
