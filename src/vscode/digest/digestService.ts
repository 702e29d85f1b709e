import * as vscode from 'vscode';
import { BUNDLED_DIGEST_FILES } from '../../core/digest/bundled';
import { globToRegExp } from '../../core/digest/glob';
import type { DigestEntry, ParseProblem } from '../../core/digest/model';
import { decodeNote } from '../../core/digest/noteFile';
import { parseNotes } from '../../core/digest/parser';
import { DigestIndex } from '../../core/digest/search';
import { runInSlices } from '../../core/digest/slices';
import type { Config } from '../config';

/** Notes read concurrently; parsing them then runs in ≤ 12 ms slices, so indexing never freezes the editor. */
const SLICE = 64;

/** A note as read: its bytes, or why there are none (none at all: it was deleted meanwhile). */
interface ReadNote {
  uri: vscode.Uri;
  bytes?: Uint8Array;
  tooLarge?: number;
  unreadable?: string;
}

export interface IndexState {
  bundled: number;
  notes: number;
  files: number;
  /** Set when the include globs match no file: the picker says so rather than staying silent. */
  noMatches?: string;
  indexing: boolean;
}

/**
 * Owns the digest index: the bundled digest (media/digest, read through the workspace file
 * system so the web build works too) and the user's notes, kept current by a watcher.
 */
export class DigestService implements vscode.Disposable {
  readonly index = new DigestIndex();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('llmNotes.digest');
  private loaded: Promise<void> | undefined;
  private generation = 0;
  private watchers: vscode.Disposable[] = [];
  private readonly queued = new Map<string, vscode.Uri>();
  private flushing: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  state: IndexState = { bundled: 0, notes: 0, files: 0, indexing: false };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly config: Config,
  ) {}

  /** Whether anything has been loaded yet (settings changes before that need no re-index). */
  get loadedOnce(): boolean {
    return this.loaded !== undefined;
  }

  /** Loads on first use; the same promise serves every caller. */
  ready(): Promise<void> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /** Drops the user's notes and indexes them again (settings changed, or the user asked). */
  async reindex(): Promise<void> {
    if (!this.loaded) return this.ready(); // first time: load and index once
    await this.loaded;
    this.watch();
    await this.indexNotes();
  }

  entry(id: string): DigestEntry | undefined {
    return this.index.get(id);
  }

  dispose(): void {
    this.generation++;
    for (const w of this.watchers) w.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }

  private async load(): Promise<void> {
    await this.loadBundled();
    this.watch();
    await this.indexNotes();
  }

  private async loadBundled(): Promise<void> {
    const dir = vscode.Uri.joinPath(this.extensionUri, 'media', 'digest');
    let count = 0;
    for (const name of BUNDLED_DIGEST_FILES) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name));
      const source = `digest/${name}`;
      const parsed = parseNotes(new TextDecoder().decode(bytes), source, 'digest');
      this.index.setSource(source, parsed.entries);
      count += parsed.entries.length;
    }
    this.state = { ...this.state, bundled: count };
  }

  /** Finds every note the include globs match and indexes them in slices, with progress. */
  private async indexNotes(): Promise<void> {
    const generation = ++this.generation;
    for (const source of this.index.sources()) if (!source.startsWith('digest/')) this.index.removeSource(source);
    this.diagnostics.clear();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const include = this.config.digestInclude;
    if (!folders.length || !include.length) {
      this.state = { ...this.state, notes: 0, files: 0, indexing: false, noMatches: folders.length ? include.join(', ') || '(empty)' : undefined };
      this.changed.fire();
      return;
    }
    this.state = { ...this.state, indexing: true };
    this.changed.fire();
    const exclude = this.config.digestExclude;
    const excludeGlob = exclude.length ? `{${exclude.join(',')}}` : undefined;
    const uris = new Map<string, vscode.Uri>();
    for (const pattern of include) {
      for (const uri of await vscode.workspace.findFiles(pattern, excludeGlob)) uris.set(uri.toString(), uri);
    }
    const list = [...uris.values()];
    if (!list.length) {
      this.state = { ...this.state, notes: 0, files: 0, indexing: false, noMatches: include.join(', ') };
      this.changed.fire();
      return;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Indexing notes') },
      async (progress) => {
        for (let i = 0; i < list.length; i += SLICE) {
          if (generation !== this.generation) return; // a newer indexing run took over
          const batch = list.slice(i, i + SLICE);
          const read = await Promise.all(batch.map((uri) => this.read(uri)));
          await runInSlices(read, (note) => this.indexBytes(note), 12, () => generation !== this.generation);
          progress.report({ message: `${Math.min(i + SLICE, list.length)} / ${list.length}` });
        }
      },
    );
    if (generation !== this.generation) return;
    this.state = { ...this.state, files: list.length, notes: this.index.size - this.state.bundled, indexing: false, noMatches: undefined };
    this.changed.fire();
  }

  /** Reads and parses one note; a deleted, unreadable, binary or oversized file is reported, not thrown. */
  async indexFile(uri: vscode.Uri): Promise<void> {
    this.indexBytes(await this.read(uri));
  }

  /**
   * Reads a note, unless it is over the size limit (then only its size is known: a 50 MB file is
   * never read into memory). A file deleted meanwhile is dropped; any other failure is reported.
   */
  private async read(uri: vscode.Uri): Promise<ReadNote> {
    try {
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size > this.config.digestMaxFileBytes) return { uri, tooLarge: size };
      return { uri, bytes: await vscode.workspace.fs.readFile(uri) };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { uri };
      return { uri, unreadable: e instanceof Error ? e.message : String(e) };
    }
  }

  private indexBytes({ uri, bytes, tooLarge, unreadable }: ReadNote): void {
    const source = uri.toString();
    const label = vscode.workspace.asRelativePath(uri);
    if (tooLarge !== undefined || unreadable !== undefined) {
      this.index.removeSource(source);
      const message = unreadable !== undefined ? vscode.l10n.t('Not indexed: the file could not be read ({0}).', unreadable) : undefined;
      const problem = message ? { file: label, line: 1, message } : (decodeNote(new Uint8Array(0), label, this.config.digestMaxFileBytes, tooLarge) as { problem: ParseProblem }).problem;
      this.report(uri, [problem], vscode.DiagnosticSeverity.Information);
      return;
    }
    if (!bytes) {
      this.index.removeSource(source);
      this.diagnostics.delete(uri);
      return;
    }
    const decoded = decodeNote(bytes, label, this.config.digestMaxFileBytes);
    if ('problem' in decoded) {
      this.index.removeSource(source);
      this.report(uri, [decoded.problem], vscode.DiagnosticSeverity.Information);
      return;
    }
    const parsed = parseNotes(decoded.text, label, 'note');
    this.index.setSource(source, parsed.entries.map((e) => ({ ...e, uri: source })));
    this.report(uri, parsed.problems, vscode.DiagnosticSeverity.Warning);
  }

  private report(uri: vscode.Uri, problems: ParseProblem[], severity: vscode.DiagnosticSeverity): void {
    if (!problems.length) {
      this.diagnostics.delete(uri);
      return;
    }
    this.diagnostics.set(
      uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(new vscode.Range(p.line - 1, 0, p.line - 1, 1000), p.message, severity);
        d.source = 'LLM Notes digest';
        return d;
      }),
    );
  }

  /** Keeps the index current on save, create, rename (delete + create) and delete. */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const pattern of this.config.digestInclude) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, pattern));
        const update = (uri: vscode.Uri) => {
          if (!this.excluded(uri)) this.enqueue(uri);
        };
        watcher.onDidChange(update);
        watcher.onDidCreate(update);
        // Deletions queue like changes, so a read of the same file still in flight cannot
        // re-add it after it was removed: the queue handles each file in order.
        watcher.onDidDelete(update);
        this.watchers.push(watcher);
      }
    }
  }

  /**
   * Changed files wait here and are indexed like a full run, in batches and ≤ 12 ms slices: a
   * burst of 10,000 created files (a git checkout, an unzip) then costs no long block either.
   */
  private enqueue(uri: vscode.Uri): void {
    this.queued.set(uri.toString(), uri);
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    await new Promise((r) => setTimeout(r, 50)); // let the rest of a burst arrive
    while (this.queued.size) {
      const batch = [...this.queued.values()].slice(0, SLICE);
      for (const uri of batch) this.queued.delete(uri.toString());
      const generation = this.generation;
      const read = await Promise.all(batch.map((uri) => this.read(uri)));
      // A full re-index started meanwhile reads every file itself; these reads may be older.
      if (generation !== this.generation) continue;
      await runInSlices(read, (note) => this.indexBytes(note), 12, () => generation !== this.generation);
    }
    this.flushing = undefined;
    this.settle();
  }

  /** The watcher sees every match of the include glob; the exclude globs are applied here. */
  private excluded(uri: vscode.Uri): boolean {
    const path = vscode.workspace.asRelativePath(uri, false);
    return this.config.digestExclude.some((g) => globToRegExp(g).test(path));
  }

  private settle(): void {
    this.state = { ...this.state, notes: this.index.size - this.state.bundled, noMatches: undefined };
    this.changed.fire();
  }
}
