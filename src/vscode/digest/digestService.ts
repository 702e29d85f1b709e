import * as vscode from 'vscode';
import { BUNDLED_DIGEST_FILES } from '../../core/digest/bundled';
import { tryCompileGlob, type Glob } from '../../core/digest/glob';
import type { DigestEntry, ParseProblem } from '../../core/digest/model';
import { decodeNote } from '../../core/digest/noteFile';
import { parseNoteSteps, parseNotes } from '../../core/digest/parser';
import { loadPinyin } from '../../core/digest/pinyin';
import { DigestIndex } from '../../core/digest/search';
import { runInSlices } from '../../core/slices';
import type { Config } from '../config';

/** Notes read concurrently; parsing them then runs in ≤ 12 ms slices, so indexing never freezes the editor. */
const SLICE = 64;

/** findFiles stops after this many matches: the walk is bounded whatever the workspace holds. */
export const MAX_NOTES = 100_000;

/** The real path of a file (desktop), to keep notes reached through links outside the workspace out. */
export type RealPath = (fsPath: string) => Promise<string>;

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
  /** Exclude globs as compiled for the watcher (the same syntax findFiles reads). */
  private excludes: Glob[] = [];
  /** Globs from the settings that could not be read, each with its sentence; shown in the picker. */
  badGlobs: string[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly config: Config,
    private readonly realpath?: RealPath,
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
    this.index.usePinyin(await loadPinyin());
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
    const { include: includes, exclude } = this.globs();
    const excludeGlob = exclude.length ? `{${exclude.join(',')}}` : undefined;
    const uris = new Map<string, vscode.Uri>();
    for (const pattern of includes) {
      for (const uri of await vscode.workspace.findFiles(pattern, excludeGlob, MAX_NOTES)) uris.set(uri.toString(), uri);
    }
    for (const [key, uri] of uris) if (!(await this.insideWorkspace(uri))) uris.delete(key);
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
          await runInSlices(read, (note) => this.indexNote(note), 12, () => generation !== this.generation);
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
    await runInSlices([await this.read(uri)], (note) => this.indexNote(note));
  }

  /**
   * Include and exclude globs from the settings, checked with the same compiler the watcher uses:
   * a glob that cannot be read (an unbalanced brace) is left out and said once in the picker,
   * rather than thrown on every file event.
   */
  private globs(): { include: string[]; exclude: string[] } {
    const bad: string[] = [];
    const keep = (list: string[]) =>
      list.filter((g) => {
        const compiled = tryCompileGlob(g);
        if ('error' in compiled) bad.push(compiled.error);
        return !('error' in compiled);
      });
    const include = keep(this.config.digestInclude);
    const exclude = keep(this.config.digestExclude);
    this.excludes = exclude.map((g) => tryCompileGlob(g) as Glob);
    this.badGlobs = bad;
    return { include, exclude };
  }

  /**
   * Whether a found note really lives in a workspace folder: findFiles follows links (the
   * search.followSymlinks default), and a link to / would index the whole disk. Where real paths
   * cannot be known (the web), what findFiles returns is kept.
   */
  private async insideWorkspace(uri: vscode.Uri): Promise<boolean> {
    if (!this.realpath || uri.scheme !== 'file') return true;
    let real: string;
    try {
      real = await this.realpath(uri.fsPath);
    } catch {
      return true; // gone (a deletion to apply) or unreadable: the read says which
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const root = await this.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
      const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
      if (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
    }
    return false;
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

  /** Indexes one note as steps (a big note is parsed across slices); a problem is reported, not thrown. */
  private *indexNote({ uri, bytes, tooLarge, unreadable }: ReadNote): Generator<void, void> {
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
    const parsed = yield* parseNoteSteps(decoded.text, label, 'note');
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
    const { include } = this.globs();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const pattern of include) {
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
      const inside = await Promise.all(read.map((note) => this.insideWorkspace(note.uri)));
      await runInSlices(
        read.filter((_, i) => inside[i]),
        (note) => this.indexNote(note),
        12,
        () => generation !== this.generation,
      );
    }
    this.flushing = undefined;
    this.settle();
  }

  /** The watcher sees every match of the include glob; the exclude globs are applied here. */
  private excluded(uri: vscode.Uri): boolean {
    const path = vscode.workspace.asRelativePath(uri, false);
    return this.excludes.some((g) => g.matches(path));
  }

  private settle(): void {
    this.state = { ...this.state, notes: this.index.size - this.state.bundled, noMatches: undefined };
    this.changed.fire();
  }
}
