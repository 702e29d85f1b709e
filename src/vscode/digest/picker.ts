import * as vscode from 'vscode';
import type { DigestEntry } from '../../core/digest/model';
import type { QueryMatcher } from '../../core/digest/matches';
import type { SearchHit } from '../../core/digest/search';
import type { DigestService } from './digestService';

export type EntryAction = 'open' | 'quote' | 'link';

export interface EntryItem extends vscode.QuickPickItem {
  entryId?: string;
  /** What the query matched, so the entry opens with its matches marked. */
  matcher?: QueryMatcher;
  /** Items that are messages rather than entries: "no notes matched", "no results". */
  info?: 'settings' | 'none';
}

const RECENT_KEY = 'llmNotes.digest.recent';
const RECENT_MAX = 20;

const BUTTONS: Record<EntryAction, vscode.QuickInputButton> = {
  open: { iconPath: new vscode.ThemeIcon('book'), tooltip: vscode.l10n.t('Open entry') },
  quote: { iconPath: new vscode.ThemeIcon('quote'), tooltip: vscode.l10n.t('Insert as quote into the current note') },
  link: { iconPath: new vscode.ThemeIcon('link'), tooltip: vscode.l10n.t('Copy link') },
};

export function rememberRecent(state: vscode.Memento, id: string): void {
  const list = state.get<string[]>(RECENT_KEY, []).filter((x) => x !== id);
  void state.update(RECENT_KEY, [id, ...list].slice(0, RECENT_MAX));
}

function item(entry: DigestEntry, detail: string): EntryItem {
  return {
    label: entry.title,
    description: `${entry.section} · ${entry.source}${entry.origin === 'note' ? `:${entry.line}` : ''}`,
    detail,
    entryId: entry.id,
    alwaysShow: true,
    buttons: [BUTTONS.open, BUTTONS.quote, BUTTONS.link],
  };
}

/**
 * The digest search picker. Items come from our own index (CJK-aware, typo-tolerant, ranked), so
 * every item is `alwaysShow`: VS Code's label filter must not hide a Chinese entry found by an
 * English query.
 */
export class DigestPicker {
  /** The open picker, for tests. */
  current: vscode.QuickPick<EntryItem> | undefined;

  constructor(
    private readonly service: DigestService,
    private readonly state: vscode.Memento,
    private readonly act: (action: EntryAction, entry: DigestEntry, matcher?: QueryMatcher) => Promise<void>,
  ) {}

  async show(initial = ''): Promise<vscode.QuickPick<EntryItem>> {
    const qp = vscode.window.createQuickPick<EntryItem>();
    this.current = qp;
    qp.title = vscode.l10n.t('Search Q&A Digest');
    qp.placeholder = vscode.l10n.t('Search questions and answers in English or Chinese, e.g. "learning rate" or 学习率');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    qp.value = initial;
    const update = () => (qp.items = this.items(qp.value));
    qp.onDidChangeValue(update);
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!chosen) return;
      if (chosen.info === 'settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'llmNotes.digest.include');
        return;
      }
      const entry = chosen.entryId ? this.service.entry(chosen.entryId) : undefined;
      if (!entry) return;
      qp.hide();
      void this.act('open', entry, chosen.matcher);
    });
    qp.onDidTriggerItemButton((e) => {
      const entry = e.item.entryId ? this.service.entry(e.item.entryId) : undefined;
      if (!entry) return;
      const action = (Object.keys(BUTTONS) as EntryAction[]).find((k) => BUTTONS[k] === e.button) ?? 'open';
      if (action !== 'link') qp.hide();
      void this.act(action, entry, e.item.matcher);
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (this.current === qp) this.current = undefined;
    });
    const stateChanged = this.service.onDidChange(update);
    qp.onDidHide(() => stateChanged.dispose());
    qp.show();
    await this.service.ready();
    qp.busy = false;
    update();
    return qp;
  }

  items(query: string): EntryItem[] {
    const items: EntryItem[] = [];
    const { noMatches, indexing } = this.service.state;
    if (noMatches !== undefined) {
      items.push({
        label: `$(info) ${vscode.l10n.t('No notes match llmNotes.digest.include ({0}); only the bundled digest is searched.', noMatches)}`,
        detail: vscode.l10n.t('Select to change the setting.'),
        info: 'settings',
        alwaysShow: true,
      });
    }
    for (const message of this.service.badGlobs) {
      items.push({ label: `$(warning) ${message}`, detail: vscode.l10n.t('Select to change the setting.'), info: 'settings', alwaysShow: true });
    }
    if (indexing) items.push({ label: `$(sync~spin) ${vscode.l10n.t('Indexing your notes…')}`, info: 'none', alwaysShow: true });
    if (!query.trim()) {
      const recent = this.state.get<string[]>(RECENT_KEY, []).map((id) => this.service.entry(id)).filter((e): e is DigestEntry => !!e);
      if (recent.length) {
        items.push({ label: vscode.l10n.t('Recently opened'), kind: vscode.QuickPickItemKind.Separator });
        items.push(...recent.map((e) => item(e, e.summary ?? e.turns[0]?.text.slice(0, 120) ?? '')));
        items.push({ label: vscode.l10n.t('All entries'), kind: vscode.QuickPickItemKind.Separator });
      }
      const seen = new Set(recent.map((e) => e.id));
      items.push(...this.service.index.all().filter((e) => !seen.has(e.id)).slice(0, 500).map((e) => item(e, e.summary ?? e.turns[0]?.text.replace(/\s+/g, ' ').slice(0, 120) ?? '')));
      return items;
    }
    const hits: SearchHit[] = this.service.index.search(query, 100);
    if (!hits.length) {
      items.push({ label: `$(search) ${vscode.l10n.t('No entry matches “{0}”.', query)}`, info: 'none', alwaysShow: true });
      return items;
    }
    items.push(...hits.map((h) => ({ ...item(h.entry, h.snippet), matcher: h.matcher })));
    return items;
  }
}
