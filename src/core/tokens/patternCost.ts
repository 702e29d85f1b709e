/**
 * A tokenizer.json carries regular expressions (pre-tokenizer Split patterns, normalizer Replace
 * patterns) that run on every text counted. One with a quantifier over a group that itself repeats
 * without bound, `(a+)+$`, backtracks exponentially: 30 characters took 10 s and froze counting.
 * The tokenizers models ship never nest unbounded quantifiers (GPT-2, LLaMA-3, Qwen, DeepSeek and
 * Mistral patterns were checked), so such a pattern, or a back-reference, is refused when the file
 * loads; the worker's deadline (src/counting/workerBackend.ts) stops what this check cannot see.
 */
export function patternHazard(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return 'a back-reference';
  // One frame per open group: whether something inside repeats without bound.
  const stack: boolean[] = [false];
  let i = 0;
  const unboundedAt = (at: number): { unbounded: boolean; length: number } => {
    const c = pattern[at];
    if (c === '*' || c === '+') return { unbounded: true, length: 1 };
    if (c === '?') return { unbounded: false, length: 1 };
    if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(at, at + 24));
      if (m) return { unbounded: m[2] !== undefined && m[3] === '', length: m[0].length };
    }
    return { unbounded: false, length: 0 };
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
      const q = unboundedAt(i);
      if (q.unbounded) stack[stack.length - 1] = true;
      i += q.length;
      continue;
    }
    if (c === '[') {
      // A character class is one atom: skip to its closing bracket (escapes and a leading ] allowed).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j + 1;
      const q = unboundedAt(i);
      if (q.unbounded) stack[stack.length - 1] = true;
      i += q.length;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      const inner = stack.length > 1 ? stack.pop()! : false;
      i++;
      const q = unboundedAt(i);
      if (q.unbounded && inner) return 'a group that repeats without bound around something that also does';
      if (q.unbounded || inner) stack[stack.length - 1] = true;
      i += q.length;
      continue;
    }
    i++;
    const q = unboundedAt(i);
    if (q.unbounded) stack[stack.length - 1] = true;
    i += q.length;
  }
  return undefined;
}

/** Every regular-expression pattern in a tokenizer.json ({"Regex": "…"} anywhere in it). */
export function tokenizerPatterns(json: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 32 || !json || typeof json !== 'object') return out;
  if (Array.isArray(json)) {
    for (const item of json) tokenizerPatterns(item, out, depth + 1);
    return out;
  }
  for (const [key, value] of Object.entries(json)) {
    if (key === 'Regex' && typeof value === 'string') out.push(value);
    else if (key !== 'vocab' && key !== 'merges' && key !== 'added_tokens') tokenizerPatterns(value, out, depth + 1);
  }
  return out;
}
