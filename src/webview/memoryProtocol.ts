/** Typed messages between the GPU-memory calculator page and the extension. No vscode or Node imports. */
import type { MemoryFields } from '../core/memory/input';
import type { RenderedResult } from '../core/memory/render';

export type { RenderedResult };

export interface Choice {
  id: string;
  label: string;
}

export type MemoryToWebview =
  | { type: 'init'; fields: MemoryFields; preferSaved: boolean; models: Choice[]; gpus: Choice[]; strings: Record<string, string> }
  | { type: 'result'; fields: MemoryFields; result: RenderedResult }
  | { type: 'invalid'; fields: MemoryFields; field: string; message: string };

export type MemoryFromWebview =
  | { type: 'ready' }
  | { type: 'update'; fields: MemoryFields }
  | { type: 'copyMarkdown' }
  | { type: 'insertIntoNote' };
