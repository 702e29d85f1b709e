/**
 * `npm run bench:hostile`: what hostile and huge input costs. Long runs of letters (one BPE piece)
 * through our encoder and the alternatives; 10 MB lines through the notes parser, the search
 * index and the entry renderer, beside markdown-it on the whole line (what the cap avoids).
 */
import { getEncoding } from 'js-tiktoken';
import MarkdownIt from 'markdown-it';
import { performance } from 'node:perf_hooks';
import { get_encoding } from 'tiktoken';
import { parseNotes } from '../src/core/digest/parser';
import { renderEntryHtml } from '../src/core/digest/render';
import { DigestIndex } from '../src/core/digest/search';
import { loadBuiltinEngine } from '../src/core/tokens/engines';

const time = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
const MB = 1024 * 1024;

async function longPieces(): Promise<void> {
  console.log('## One BPE piece of n letters ("aaaa…"), o200k_base, ms\n');
  console.log('| n | ours (heap merge) | tiktoken (Rust/WASM) | js-tiktoken | js-tiktoken ÷ ours |');
  console.log('|---:|---:|---:|---:|---:|');
  const ours = await loadBuiltinEngine('o200k_base');
  const wasm = get_encoding('o200k_base');
  const js = getEncoding('o200k_base');
  for (const n of [10_000, 20_000, 40_000, 1_000_000]) {
    const text = 'a'.repeat(n);
    const a = time(() => ours.encode(text));
    let b = 'crashed (RuntimeError: unreachable)';
    try {
      b = time(() => wasm.encode_ordinary(text)).toFixed(0);
    } catch {
      // tiktoken's WASM build aborts on a piece this long
    }
    // js-tiktoken is quadratic here: 19 s at 10,000 letters, 279 s at 40,000 (measured once).
    const c = n <= 10_000 ? time(() => js.encode(text)) : NaN;
    console.log(`| ${n.toLocaleString('en-US')} | ${a.toFixed(0)} | ${b} | ${Number.isNaN(c) ? 'not run' : c.toFixed(0)} | ${Number.isNaN(c) ? '—' : `${(c / a).toFixed(0)}×`} |`);
  }
  try {
    wasm.free();
  } catch {
    // already broken by the crash above
  }
}

function notes(): void {
  console.log('\n## A note with one 10 MB line, ms\n');
  console.log('| line | parse | index | search | render (first 50,000 chars) | markdown-it on the first 1 MB, for scale |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const md = new MarkdownIt({ html: false, linkify: true });
  const cases: Record<string, string> = {
    'words and 学习率': 'word 学习率 '.repeat(MB),
    '"["': '['.repeat(10 * MB),
    '"*_"': '*_'.repeat(5 * MB),
    '"<"': '<'.repeat(10 * MB),
    '<script>…': '<script>alert(1)</script><img src=x onerror=alert(2)>'.repeat((10 * MB) / 56),
  };
  for (const [name, line] of Object.entries(cases)) {
    const text = `Q: what is this?\nA: ${line}`;
    let entries: ReturnType<typeof parseNotes>['entries'] = [];
    const parse = time(() => (entries = parseNotes(text, 'big.md').entries));
    const index = new DigestIndex();
    const indexMs = time(() => index.setSource('big.md', entries));
    const search = time(() => index.search('学习率 word'));
    const render = time(() => entries.forEach((e) => renderEntryHtml(e)));
    const full = time(() => md.render(line.slice(0, MB)));
    console.log(`| ${name} | ${parse.toFixed(0)} | ${indexMs.toFixed(0)} | ${search.toFixed(0)} | ${render.toFixed(0)} | ${full.toFixed(0)} |`);
  }
}

void longPieces().then(notes);
