import type { EncodeOptions, TokenEngine } from './engines';

export interface TokenSegment {
  /** The text this run of tokens stands for. */
  text: string;
  /** Usually one id; several when a character's UTF-8 bytes are split across tokens (🦙 in LLaMA). */
  ids: number[];
}

const REPLACEMENT = '\uFFFD';

/**
 * Splits text into the pieces each token stands for. A token holding part of a multi-byte
 * character cannot be shown alone, so such tokens are grouped until their bytes decode cleanly.
 */
export function tokenSegments(engine: TokenEngine, text: string, options?: EncodeOptions): TokenSegment[] {
  const ids = engine.encode(text, options);
  const out: TokenSegment[] = [];
  let pending: number[] = [];
  for (const id of ids) {
    pending.push(id);
    const piece = engine.decode(pending);
    // A trailing U+FFFD means an incomplete UTF-8 sequence; wait for more bytes (at most 4).
    if (piece.endsWith(REPLACEMENT) && pending.length < 4 && !endsWithRealReplacement(engine, pending)) continue;
    out.push({ text: piece, ids: pending });
    pending = [];
  }
  if (pending.length) out.push({ text: engine.decode(pending), ids: pending });
  return out;
}

/** True when the last token on its own already decodes to text ending in U+FFFD (the user wrote one). */
function endsWithRealReplacement(engine: TokenEngine, ids: number[]): boolean {
  return ids.length === 1 && engine.encode(REPLACEMENT).length === 1 && engine.encode(REPLACEMENT)[0] === ids[0];
}
