import { UserError } from './errors';

/**
 * JSON.parse for files the user gave: a failure is a sentence naming the file and, where the
 * parser says it, the character — never the parser's own message, which quotes the file's bytes.
 */
export function parseJsonFile(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new UserError(`${source} is not valid JSON${at ? ` (at character ${at})` : ''}.`);
  }
}

/** A value as a sentence may quote it: JSON, cut to 40 characters (a file's long string is not echoed whole). */
export function quoteValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
