/**
 * Typed messages between the GPU-memory calculator page (src/webview/memoryPanel.ts) and the
 * extension (src/vscode/memory/panel.ts): the one file both sides import. Type imports only, so
 * the page bundles none of the core.
 */
import type { FieldName, MemoryFields } from '../core/memory/fields';
import type { RenderedEstimate as RenderedResult, RenderedTime } from '../core/time/render';
import type { LineKey } from '../core/memory/types';
import type { PlanFormat } from '../core/plan/formats';
import type { RenderedPlan, RenderedPlans } from '../core/plan/render';

export type { FieldName, MemoryFields, PlanFormat, RenderedPlan, RenderedPlans, RenderedResult, RenderedTime };

export interface Choice {
  id: string;
  label: string;
  /** A heading the option is listed under (the model picker groups presets, the cache, the settings). */
  group?: string;
}

/** The fields the page shows as selects; their options come from the extension (the vocabulary). */
export type ChoiceField = 'model' | 'gpu' | 'mode' | 'dtype' | 'optimizer' | 'zero' | 'offloadOptimizer' | 'offloadParams' | 'recompute' | 'kvCacheBits' | 'crossEntropy';

export type FieldGroup = 'model' | 'training' | 'parallel' | 'hardware' | 'workload' | 'overheads' | 'architecture' | 'time';

/** Every string the page shows, translated by the extension. */
export type MemoryPanelStrings = Record<
  | 'customSize'
  | `group.${FieldGroup}`
  | `field.${FieldName}`
  | `key.${LineKey}`
  | 'capacity'
  | 'item'
  | 'memory'
  | 'working'
  | 'total'
  | 'hostRam'
  | 'changes'
  | 'allocated'
  | 'reserved'
  | 'device'
  | 'aliveAtPeak'
  | 'readings'
  | 'phases'
  | 'publishedFormulas'
  | 'timeSection'
  | 'runSection'
  | 'flopsSection'
  | 'copyMarkdown'
  | 'insertIntoNote'
  | 'plansSection'
  | 'planning'
  | 'plan'
  | 'gpus'
  | 'step'
  | 'tokensPerSecond'
  | 'applyPlan'
  | 'elsewhere'
  | `copy.${PlanFormat}`,
  string
>;

/** What the page keeps with setState, and the serializer hands back after a reload. */
export interface MemoryPageState {
  fields: MemoryFields;
}

export type MemoryToWebview =
  | { type: 'init'; fields: MemoryFields; preferSaved: boolean; choices: Record<ChoiceField, Choice[]>; strings: MemoryPanelStrings }
  | { type: 'result'; fields: MemoryFields; result: RenderedResult }
  | { type: 'invalid'; fields: MemoryFields; field: FieldName; message: string }
  /** The planner's result for these fields, sent after the estimate once the search's slices finish. */
  | { type: 'plans'; fields: MemoryFields; plans: RenderedPlans };

export type MemoryFromWebview =
  | { type: 'ready' }
  | { type: 'update'; fields: MemoryFields }
  | { type: 'copyMarkdown' }
  | { type: 'insertIntoNote' }
  /** Copies plan `index` (of the last plans sent) as an engine's config. */
  | { type: 'copyPlan'; index: number; format: PlanFormat }
  /** Inserts plan `index` into the note: its expression and the configs it can be written as. */
  | { type: 'insertPlan'; index: number };
