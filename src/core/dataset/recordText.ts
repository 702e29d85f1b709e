/**
 * The text of one training record. A record's text is the field the user names (a dot path,
 * `--field meta.body`); by default `text`, else the contents of `messages` (OpenAI/TRL chat) or
 * `conversations` (ShareGPT: `value`) summed message by message — no chat template is applied,
 * so the count is the contents' alone, and the report says so.
 */

export type RecordShape = 'field' | 'text' | 'messages' | 'conversations' | 'templated';

/** A chat turn as chat templates take it. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** The texts to count, and for a chat its messages (what a chat template renders). */
export type RecordText = { texts: string[]; shape: RecordShape; messages?: ChatMessage[] } | { skip: string };

/** ShareGPT's speakers in the roles chat templates expect. */
const SHAREGPT_ROLES: Record<string, string> = { human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', system: 'system', tool: 'tool', function_call: 'assistant', observation: 'tool' };

/** Path segments of a dot path; `a.0.b` indexes arrays. */
export function fieldPath(path: string): string[] {
  return path.split('.').filter((s) => s !== '');
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A message's text: a string `content`/`value`, or the text parts of a content array. */
function messageText(m: unknown): string | undefined {
  if (m === null || typeof m !== 'object') return undefined;
  const o = m as Record<string, unknown>;
  const c = o.content ?? o.value;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    const parts = c.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && typeof (p as Record<string, unknown>).text === 'string' ? ((p as Record<string, unknown>).text as string) : undefined));
    if (parts.every((p) => p !== undefined)) return parts.join('');
  }
  if (c === null || c === undefined) return ''; // an assistant turn with tool calls only
  return undefined;
}

function messages(list: unknown, key: string): RecordText {
  if (!Array.isArray(list)) return { skip: `"${key}" is not a list` };
  const texts: string[] = [];
  const chat: ChatMessage[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = messageText(list[i]);
    if (t === undefined) return { skip: `${key}[${i}] has no text content` };
    texts.push(t);
    const o = list[i] as Record<string, unknown>;
    const speaker = typeof o.role === 'string' ? o.role : typeof o.from === 'string' ? o.from : 'user';
    chat.push({ role: Object.hasOwn(SHAREGPT_ROLES, speaker) ? SHAREGPT_ROLES[speaker] : speaker, content: t });
  }
  return { texts, shape: (key === 'messages' || key === 'conversations' ? key : 'field') as RecordShape, messages: chat };
}

/** The texts to count for a parsed JSON record (several for a chat, summed), or why it is skipped. */
export function recordText(record: unknown, field?: readonly string[]): RecordText {
  if (field) {
    const v = at(record, field);
    if (typeof v === 'string') return { texts: [v], shape: 'field' };
    if (v === undefined) return { skip: `no field "${field.join('.')}"` };
    if (Array.isArray(v)) return messages(v, field.join('.'));
    return { skip: `field "${field.join('.')}" is ${v === null ? 'null' : typeof v}, not text` };
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return { skip: 'not a JSON object' };
  const o = record as Record<string, unknown>;
  if (typeof o.text === 'string') return { texts: [o.text], shape: 'text' };
  if (o.messages !== undefined) return messages(o.messages, 'messages');
  if (o.conversations !== undefined) return messages(o.conversations, 'conversations');
  return { skip: 'no "text", "messages" or "conversations" field (name one with --field)' };
}
