import * as vscode from 'vscode';
import type { CommandId } from './commandIds';

/** One command: its id and what it does. Each lives in a file of its own. */
export interface Command {
  readonly id: CommandId;
  execute(...args: unknown[]): unknown;
}

/** Registers command units and disposes of them together (after the Markdown extension's CommandManager). */
export class CommandManager implements vscode.Disposable {
  private readonly registered = new Map<string, vscode.Disposable>();

  register<T extends Command>(command: T): T {
    if (this.registered.has(command.id)) throw new Error(`command ${command.id} registered twice`);
    this.registered.set(command.id, vscode.commands.registerCommand(command.id, command.execute, command));
    return command;
  }

  dispose(): void {
    for (const d of this.registered.values()) d.dispose();
    this.registered.clear();
  }
}
