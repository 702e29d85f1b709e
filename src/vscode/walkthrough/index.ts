import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';

/** Text the walkthrough's steps use when no examples/ note is in the workspace. */
const SAMPLE_TOKENS = `# Why LLaMA and GPT count differently

LLaMA splits numbers into single digits: 21996 becomes 2 1 9 9 6, while GPT-style tokenizers
keep runs of up to three digits together. 同一段中文，不同分词器的 token 数也不一样。
`;

/**
 * The Get Started walkthrough's buttons. Each does its step on the examples/ notes when they are
 * open (the README's "npm start" workspace) and on a scratch document otherwise, so a step always
 * shows something real.
 */
export function activateWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.WalkthroughCountTokens, async () => {
      const doc = (await exampleNote('tokenization.md')) ?? (await vscode.workspace.openTextDocument({ content: SAMPLE_TOKENS, language: 'markdown' }));
      const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      const at = doc.getText().indexOf('21996');
      editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + 5));
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand(CommandId.ShowTokenBoundaries);
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
    vscode.commands.registerCommand(CommandId.WalkthroughCheckFit, () =>
      vscode.commands.executeCommand(CommandId.OpenMemoryCalculator, '34B full bf16 adamw zero3 on 4xA100-80G'),
    ),
    vscode.commands.registerCommand(CommandId.WalkthroughSearchDigest, () => vscode.commands.executeCommand(CommandId.SearchDigest, '学习率')),
    vscode.commands.registerCommand(CommandId.WalkthroughWriteNote, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'Q&A entry' });
    }),
  );
}

/** An examples/ note by name, when the workspace has one. */
async function exampleNote(name: string): Promise<vscode.TextDocument | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  const [uri] = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 1);
  return uri ? vscode.workspace.openTextDocument(uri) : undefined;
}
