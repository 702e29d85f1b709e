import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';

/**
 * Cases per property: 10,000 in `npm test`, FUZZ_RUNS (100,000 under `npm run fuzz`) otherwise.
 * FUZZ_SEED replays a failure fast-check reported.
 */
export const RUNS = Number(process.env.FUZZ_RUNS) || 10_000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** "Never hangs": no single case may take longer than this (a regex gone quadratic takes seconds). */
export const CASE_LIMIT_MS = 500;

/** What a run of a property saw, for the closing table `npm run fuzz` prints. */
interface Tally {
  property: string;
  cases: number;
  refused: number;
  slowestMs: number;
}
// Each test file is bundled with its own copy of this module; one list serves the whole run.
const tallies: Tally[] = ((globalThis as { llmNotesFuzzTallies?: Tally[] }).llmNotesFuzzTallies ??= []);
const firstCopy = tallies.length === 0 && !(globalThis as { llmNotesFuzzReport?: boolean }).llmNotesFuzzReport;
(globalThis as { llmNotesFuzzReport?: boolean }).llmNotesFuzzReport = true;

export class Counter {
  cases = 0;
  refused = 0;
  slowestMs = 0;
  constructor(
    readonly property: string,
    readonly limitMs = CASE_LIMIT_MS,
  ) {
    tallies.push(this);
  }
  /** Runs one case, timing it; a case over the limit fails the property. */
  time<T>(f: () => T): T {
    const t0 = performance.now();
    const result = f();
    this.note(performance.now() - t0);
    return result;
  }
  async timeAsync<T>(f: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const result = await f();
    this.note(performance.now() - t0);
    return result;
  }
  private note(ms: number): void {
    this.cases++;
    this.slowestMs = Math.max(this.slowestMs, ms);
    if (ms > this.limitMs) throw new Error(`one case took ${ms.toFixed(0)} ms (limit ${this.limitMs} ms)`);
  }
}

export function params<T>(runs = RUNS): fc.Parameters<T> {
  return { numRuns: runs, seed: SEED, endOnFailure: true };
}

/**
 * Calls `f`; a thrown error must be of the expected type and carry a sentence. Returns whether
 * the input was refused.
 */
export function refusedWith(f: () => unknown, type: new (...a: never[]) => Error, counter?: Counter): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (!(e instanceof type)) throw e;
    if (!e.message || e.message.length < 8) throw new Error(`refusal without a message: ${JSON.stringify(e.message)}`);
    if (counter) counter.refused++;
    return true;
  }
}

after(() => {
  if (!process.env.FUZZ_REPORT || !firstCopy) return;
  const rows = tallies.map((t) => `| ${t.property} | ${t.cases.toLocaleString('en-US')} | ${t.refused.toLocaleString('en-US')} | ${t.slowestMs.toFixed(1)} |`);
  console.log(['', '| property | cases | refused with a message | slowest case ms |', '|---|---:|---:|---:|', ...rows].join('\n'));
});

/** Characters that break naive text handling, mixed in with random code points. */
const HOSTILE = [
  '\u0000', '\r', '\n', '\r\n', '\t', '\u0085', '\u00A0', '\u3000', '\u2028', '\uD800', '\uDFFF', '\uDBFF\uDFFF', '\u0301', '\u0303\u0308', '\u202E', '\u200F', '\u200B', '\uFEFF',
  'مرحبا', 'שלום', '学习率', '显存', '问：', '答：', '：', '，', '🦙', '👩‍👩‍👧‍👦', '\\', '`', '```', '*', '_', '#', '> ', '- ', '[', '](', ')', '<', '>', '&', '"', "'",
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'vscode:extension/x', '<!-- c -->',
  '<|endoftext|>', '<|eot_id|>', '<s>', ' ', '  ', '0', '123', '1e309', 'NaN', '-1', '∞',
];

/** Random Unicode text: code units (lone surrogates included), hostile fragments and spaces. */
export const hostileText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength }).map((parts) => parts.join(''));

/** Well-formed Unicode only (no lone surrogates), for properties that need it. */
export const wellFormedText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...HOSTILE.map(wellFormed)), fc.string({ unit: 'binary', maxLength: 4 }).map(wellFormed)), { maxLength })
    .map((parts) => parts.join(''));

/** Lone surrogates replaced by U+FFFD, as String.prototype.toWellFormed does (ES2024). */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Every number in a result is finite (no NaN or Infinity reaches the user). */
export function assertFinite(value: unknown, path: string): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (typeof value === 'string') assert.doesNotMatch(value, /\bNaN\b|(?<![-/])\bInfinity\b|\bundefined\b/, `${path}: ${value}`); // ZeRO-Infinity is a name
  else if (Array.isArray(value)) value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
}
