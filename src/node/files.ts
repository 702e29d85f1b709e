import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Why a file was not read, with a sentence that names it (never its contents). */
export class FileRefused extends Error {
  override name = 'FileRefused';
  constructor(
    message: string,
    readonly reason: 'missing' | 'directory' | 'special' | 'too-large' | 'unreadable',
    /** The size it stats as, when that was the reason. */
    readonly size?: number,
  ) {
    super(message);
  }
}

const MiB = 1024 * 1024;

/** A path as a sentence shows it: quoted when it holds control characters or edge spaces, so the sentence stays one line. */
export function shownPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]|^\s|\s$/.test(path) ? JSON.stringify(path) : path;
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;
}

/** The stat of a regular file, or a sentence: missing, unreadable, a directory, a device, FIFO or socket. */
export async function regularFile(path: string): Promise<Stats> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileRefused(`${shownPath(path)}: no such file.`, 'missing');
    throw new FileRefused(`${shownPath(path)} cannot be read (${code ?? 'error'}).`, 'unreadable');
  }
  if (info.isDirectory()) throw new FileRefused(`${shownPath(path)} is a directory, not a file.`, 'directory');
  if (!info.isFile()) throw new FileRefused(`${shownPath(path)} is not a regular file (a device, FIFO or socket), so it is not read.`, 'special');
  return info;
}

/**
 * Reads a regular file of at most `maxBytes`, checked before anything is opened: a directory, a
 * device (/dev/zero reads without end and stats as size 0), a FIFO (opening it waits for a writer)
 * or a socket is refused, and so is a file over the limit. The read itself stops at the limit too,
 * in case the file grows meanwhile.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const info = await regularFile(path);
  if (info.size > maxBytes) throw new FileRefused(`${shownPath(path)} is ${mib(info.size)}, over the ${mib(maxBytes)} read at most.`, 'too-large', info.size);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new FileRefused(`${shownPath(path)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, 'unreadable');
  }
  try {
    // One byte more than the size it stats as, so the end is seen; grown when the size was not true
    // (files under /proc stat as empty), never past the limit.
    let buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw new FileRefused(`${shownPath(path)} grew past ${mib(maxBytes)} while it was read.`, 'too-large');
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a stream (standard input) up to `maxBytes`; past that it stops reading and refuses, so
 * `cat /dev/zero | llm-notes tokens` ends at once instead of filling memory.
 */
export async function readStreamBounded(stream: AsyncIterable<Buffer | string>, maxBytes: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += b.length;
    if (length > maxBytes) throw new FileRefused(`${name} is over ${mib(maxBytes)}; split it (e.g. split -C ${Math.floor(maxBytes / MiB)}M) and count the parts.`, 'too-large');
    chunks.push(b);
  }
  return Buffer.concat(chunks, length);
}

/** Text of UTF-8 bytes, strictly: a leading byte-order mark is dropped (as editors do), bad bytes are refused. */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileRefused(`${shownPath(name)} is not valid UTF-8 text (the first bad byte is at offset ${firstBadByte(bytes)}).`, 'unreadable');
  }
}

/** The offset where the first invalid UTF-8 sequence starts (RFC 3629 ranges), or the length when none. */
function firstBadByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0 || i + more >= b.length) return i;
    // The second byte's range excludes overlong forms and surrogates.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= more; k++) {
      const d = b[i + k];
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return b.length;
}

/** The largest tokenizer.json read (Gemma's is 33 MB); past that it is not a tokenizer worth the wait. */
export const MAX_TOKENIZER_BYTES = 64 * 1024 * 1024;

/** A tokenizer.json's text for TokenCounter: undefined when missing, a FileRefused sentence when it may not be read. */
export async function readTokenizerFile(path: string, read: (path: string, maxBytes: number) => Promise<Buffer> = readRegularFile): Promise<string | undefined> {
  try {
    return decodeUtf8(await read(path, MAX_TOKENIZER_BYTES), path);
  } catch (e) {
    if (e instanceof FileRefused && e.reason === 'missing') return undefined;
    throw e;
  }
}
