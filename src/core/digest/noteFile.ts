import type { ParseProblem } from './model';

export const DEFAULT_MAX_NOTE_BYTES = 5 * 1024 * 1024;

/**
 * Turns a note's bytes into text, or says why it is not indexed: too large (`size`, when the
 * file was not read because of it), binary (a NUL byte in its first 8 KB), or not UTF-8. The
 * file itself is never touched.
 */
export function decodeNote(bytes: Uint8Array, file: string, maxBytes = DEFAULT_MAX_NOTE_BYTES, size = bytes.length): { text: string } | { problem: ParseProblem } {
  if (size > maxBytes) {
    return { problem: { file, line: 1, message: `Not indexed: ${(size / 1048576).toFixed(1)} MB is over the ${(maxBytes / 1048576).toFixed(0)} MB limit for notes (setting llmNotes.digest.maxFileSizeMB).` } };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { problem: { file, line: 1, message: 'Not indexed: this looks like a binary file (it contains NUL bytes).' } };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { problem: { file, line: 1, message: 'Not indexed: the file is not valid UTF-8 text.' } };
  }
}
