import * as vscode from 'vscode';
import type { QueryMatcher } from '../../core/digest/matches';
import type { DigestEntry } from '../../core/digest/model';
import { entryText, quoteMarkdown } from '../../core/digest/render';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { DigestService, type RealPath } from './digestService';
import { DigestEntryView } from './entryView';
import { DigestPicker, rememberRecent, type EntryAction } from './picker';

export interface DigestApi {
  service: DigestService;
  picker: DigestPicker;
  entryView: DigestEntryView;
}

/** A markdown link to an entry: its note and line, or a command link for the bundled digest. */
export function entryLink(entry: DigestEntry): string {
  const title = entry.title.replace(/[[\]]/g, '');
  if (entry.uri) {
    const uri = vscode.Uri.parse(entry.uri);
    return `[${title}](${vscode.workspace.asRelativePath(uri)}#L${entry.line})`;
  }
  return `[${title}](command:${CommandId.OpenDigestEntry}?${encodeURIComponent(JSON.stringify([entry.id]))})`;
}

export function activateDigest(context: vscode.ExtensionContext, config: Config, realpath?: RealPath): DigestApi {
  const service = new DigestService(context.extensionUri, config, realpath);
  const entryView = new DigestEntryView(context.extensionUri);
  // "Insert as Quote" from the entry view or the picker goes to the note the user was last in.
  let lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  const insertQuote = async (entry: DigestEntry) => {
    const editor = vscode.window.activeTextEditor ?? (lastEditor && !lastEditor.document.isClosed ? lastEditor : undefined);
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a note to insert the quote into.'));
      return;
    }
    const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    const at = shown.selection.active;
    const line = shown.document.lineAt(at.line);
    const prefix = line.text.trim() ? '\n\n' : '';
    await shown.edit((b) => b.insert(line.range.end, `${prefix}${quoteMarkdown(entry)}`));
  };

  const act = async (action: EntryAction, entry: DigestEntry, matcher?: QueryMatcher) => {
    if (action === 'open') {
      rememberRecent(context.globalState, entry.id);
      entryView.show(entry, matcher);
    } else if (action === 'quote') {
      await insertQuote(entry);
    } else {
      await vscode.env.clipboard.writeText(entryLink(entry));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Link copied.'), 3000);
    }
  };
  const picker = new DigestPicker(service, context.globalState, act);

  const byId = async (id: unknown): Promise<DigestEntry | undefined> => {
    await service.ready();
    const entry = typeof id === 'string' ? service.entry(id) : undefined;
    if (!entry) void vscode.window.showWarningMessage(vscode.l10n.t('That digest entry no longer exists.'));
    return entry;
  };

  context.subscriptions.push(
    service,
    entryView,
    vscode.window.onDidChangeActiveTextEditor((e) => e && (lastEditor = e)),
    // Settings and folders only matter once something was indexed; until then nothing is loaded.
    vscode.workspace.onDidChangeConfiguration((e) => config.affectsDigest(e) && service.loadedOnce && void service.reindex()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => service.loadedOnce && void service.reindex()),
    vscode.commands.registerCommand(CommandId.SearchDigest, (query?: string) => picker.show(typeof query === 'string' ? query : '')),
    vscode.commands.registerCommand(CommandId.OpenDigestEntry, async (id?: string) => {
      const entry = await byId(id);
      if (entry) await act('open', entry);
      return entry;
    }),
    vscode.commands.registerCommand(CommandId.InsertDigestQuote, async (id?: string) => {
      const entry = await byId(id);
      if (entry) await act('quote', entry);
    }),
    // The entry's own text, counted by every configured tokenizer: the seed's "3200 vs 4202 tokens" checked on the spot.
    vscode.commands.registerCommand(CommandId.CompareDigestEntryTokenizers, async (id?: string) => {
      const entry = await byId(id);
      if (!entry) return undefined;
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: entryText(entry) });
      const end = document.lineAt(document.lineCount - 1).range.end;
      return vscode.commands.executeCommand<string | undefined>(CommandId.CompareTokenizers, { uri: document.uri.toString(), range: [0, 0, end.line, end.character] }, 'open');
    }),
    vscode.commands.registerCommand(CommandId.ReindexNotes, async () => {
      await service.reindex();
      const s = service.state;
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Indexed {0} entries from {1} notes.', s.notes, s.files), 4000);
      return s;
    }),
  );
  return { service, picker, entryView };
}
