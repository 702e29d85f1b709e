/**
 * Markdown code fences (CommonMark §4.5), the one rule for every reader of notes: the digest
 * parser never reads a fence's content as Q&A, and the fit-expression scanner reads only its own
 * ```llm-mem fences. Linear in the line's length.
 */
export interface FenceOpening {
  /** The run that opened it: "```", "~~~~". */
  marker: string;
  /** The info string after the marker ("llm-mem", "python"), trimmed. */
  info: string;
}

/** The fence a line opens, or undefined. A backtick fence's info string may not contain a backtick. */
export function fenceOpening(line: string): FenceOpening | undefined {
  const m = /^\s*(`{3,}|~{3,})/.exec(line.length > 256 ? line.slice(0, 256) : line);
  if (!m) return undefined;
  const info = line.slice(m[0].length).trim();
  if (m[1][0] === '`' && info.includes('`')) return undefined;
  return { marker: m[1], info };
}

/** Whether a line closes a fence opened with `marker`: the same character, at least as many, nothing after. */
export function closesFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < marker.length || trimmed[0] !== marker[0]) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== marker[0]) return false;
  return true;
}
