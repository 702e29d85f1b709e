import * as assert from 'node:assert/strict';
import { estimate } from '../../src/core/memory/estimate';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import { buildInput } from '../../src/core/memory/input';
import { decodeNote } from '../../src/core/digest/noteFile';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_DIGEST_FILES } from '../../src/core/digest/bundled';
import { parseNotes } from '../../src/core/digest/parser';
import { entryMarkdown, quoteMarkdown, renderEntryHtml } from '../../src/core/digest/render';
import { DigestIndex, searchTokens } from '../../src/core/digest/search';
import { matchRanges } from '../../src/core/digest/matches';
import { loadPinyin, splitSyllables } from '../../src/core/digest/pinyin';

const ROOT = join(__dirname, '..', '..', '..');
// A copy of shared/seed/000_0539afbd4c4ba448.txt, the source the digest was curated from.
const SEED = join(ROOT, 'test', 'fixtures', 'seed-digest.txt');
const DIGEST_DIR = join(ROOT, 'media', 'digest');
const seedText = readFileSync(SEED, 'utf8');
const digestFiles = readdirSync(DIGEST_DIR).filter((f) => f.endsWith('.md')).sort();

function bundledIndex(): DigestIndex {
  const index = new DigestIndex();
  for (const f of digestFiles) index.setSource(`media/digest/${f}`, parseNotes(readFileSync(join(DIGEST_DIR, f), 'utf8'), `media/digest/${f}`, 'digest').entries);
  return index;
}

describe('digest parser on the source file itself', () => {
  const parsed = parseNotes(seedText, 'seed.txt');

  it('finds the 15 entries counted by hand, with every speaker label', () => {
    // By hand: 数字切开 1 · Instruction following 1 · 论文分享 2 (Transformer-VQ; MMMU with UniIR) ·
    // 讨论&杂谈 5 (D: lines) · 简短问答 6 (Q: lines; Q1-continue and Q2 continue the OOM thread).
    assert.equal(parsed.problems.length, 0, JSON.stringify(parsed.problems));
    assert.deepEqual(
      parsed.entries.map((e) => e.turns.map((t) => t.label || '_').join(' ')),
      [
        'Q A A1 研究员1 研究员2 研究员3 研究员4 研究员5',
        'Q 研究员1 研究员2 研究员3 研究员4 研究员5 研究员6 研究员7',
        '_',
        '_ 作者评语',
        'D F F1 F2',
        'D F1 F2 F3 F4 F5 F6',
        'D',
        'D F F1 F2',
        'D',
        'Q A1 Q1-continue A2 Q2 A3',
        'Q A',
        'Q A',
        'Q A F F1',
        'Q A A1 A2 F',
        'Q A',
      ],
    );
    assert.equal(parsed.entries[3].section, '论文分享 › Multimodal-benchmark paper');
    assert.equal(parsed.entries[2].title, '《我在Performer中发现了Transformer-VQ的踪影》');
  });

  it('loses nothing: every non-heading line of the source is inside an entry', () => {
    const covered = parsed.entries.flatMap((e) => e.turns.flatMap((t) => (t.label ? [`${t.label}`, ...t.text.split('\n')] : t.text.split('\n'))));
    const joined = covered.join('\n');
    for (const line of seedText.split('\n')) {
      const text = line.replace(/^[^:：]{1,32}[:：]\s*/, '').trim();
      if (!line.trim() || line.startsWith('#')) continue;
      assert.ok(joined.includes(text), `lost: ${line}`);
    }
  });

  it('keeps full-width colons, code continuation lines and links', () => {
    const oom = parsed.entries[9];
    assert.match(oom.turns[5].text, /estimate_zero3_model_states_mem_needs_all_live\(model, num_gpus_per_node=1, num_nodes=1\)'$/);
    assert.deepEqual(oom.links, ['https://github.com/datawhalechina/thorough-pytorch/discussions/15']);
    const lr = parsed.entries[12];
    assert.equal(lr.turns[0].label, 'Q');
    assert.match(lr.turns[0].text, /^deepseek 在最后两百 B 降 lr/);
  });
});

describe('curated digest (media/digest)', () => {
  const parsed = digestFiles.map((f) => parseNotes(readFileSync(join(DIGEST_DIR, f), 'utf8'), f, 'digest'));
  const entries = parsed.flatMap((p) => p.entries);
  const curatedText = digestFiles.map((f) => readFileSync(join(DIGEST_DIR, f), 'utf8')).join('\n');

  it('the bundled file list matches media/digest (the web build cannot list folders)', () => {
    assert.deepEqual([...BUNDLED_DIGEST_FILES], digestFiles);
  });

  it('parses without problems into 16 entries (UniIR gets its own)', () => {
    assert.deepEqual(parsed.flatMap((p) => p.problems), []);
    assert.equal(entries.length, 16);
    assert.equal(new Set(entries.map((e) => e.id)).size, 16);
  });

  it('keeps every line of the source exactly', () => {
    for (const line of seedText.split('\n')) if (line.trim()) assert.ok(curatedText.includes(line), `changed or missing: ${line}`);
  });

  it('keeps every link, paper id and figure of the source', () => {
    const links = new Set(entries.flatMap((e) => e.links));
    for (const url of seedText.match(/https?:\/\/[^\s，,]+/g) ?? []) assert.ok(links.has(url.replace(/[?.]$/, '')), url);
    for (const figure of ['2310.02989', '2305.14201', '2311.17136', '2210.03057', '2212.09803', '3200', '4202', '34G * 16 = 544G', '30%', '2 1 9 9 6']) {
      assert.ok(curatedText.includes(figure), figure);
    }
  });

  it('gives each entry an English title, a summary and tags in English and Chinese', () => {
    for (const e of entries) {
      assert.match(e.title, /^[A-Z]/, e.id);
      assert.ok((e.summary ?? '').length > 40, e.id);
      assert.ok(e.tags.some((t) => /[a-z]/i.test(t)) && e.tags.some((t) => /\p{Script=Han}/u.test(t)), e.id);
    }
  });
});

describe('parser: malformed blocks are reported with file and line', () => {
  it('an answer with no question, metadata outside entries, an empty entry', () => {
    const text = ['## Notes', 'A1: an orphan answer', 'Tags: lost', '### Empty paper', '', '## Next', 'Q：full-width question？', 'A：answer'].join('\n');
    const r = parseNotes(text, 'notes/x.md');
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.line]),
      [
        ['notes/x.md', 2],
        ['notes/x.md', 3],
        ['notes/x.md', 4],
      ],
    );
    assert.match(r.problems[0].message, /answers no question/);
    assert.equal(r.entries.length, 1);
    assert.equal(r.entries[0].turns[0].text, 'full-width question？');
  });

  it('prose, code fences and URLs are not mistaken for speakers', () => {
    const text = ['# Intro', 'Some prose: not an entry.', '', 'Q: how?', '```', 'SW: inside code', '```', 'https://example.com/a', 'A: yes'].join('\n');
    const r = parseNotes(text, 'n.md');
    assert.deepEqual(r.problems, []);
    assert.equal(r.entries.length, 1);
    assert.deepEqual(r.entries[0].turns.map((t) => t.label), ['Q', 'A']);
    assert.match(r.entries[0].turns[0].text, /SW: inside code\n```\nhttps:\/\/example\.com\/a$/);
  });

  it('handles CRLF and CR line endings', () => {
    const r = parseNotes('## S\r\nQ: one\r\nA: two\rQ: three\r\n', 'n.md');
    assert.deepEqual(r.entries.map((e) => e.turns.map((t) => t.text)), [['one', 'two'], ['three']]);
  });
});

describe('digest search', () => {
  const index = bundledIndex();

  it('tokenises CJK into bigrams and keeps Latin words whole', () => {
    assert.deepEqual(searchTokens('只调学习率 LLaMA-2'), ['只调', '调学', '学习', '习率', 'llama-2', 'llama', '2']);
  });

  const top = (q: string) => index.search(q).map((h) => h.entry.id);

  it('English queries find Chinese entries through titles, summaries and tags', () => {
    assert.equal(top('learning rate decay')[0], 'deepseek-learning-rate-decay');
    assert.equal(top('tiktoken')[0], 'llama-tokenizer-vs-tiktoken');
    assert.equal(top('34B A100')[0], 'full-finetune-34b-on-4xa100');
    assert.equal(top('DPO contrastive')[0], 'dpo-vs-mle-contrastive');
    assert.equal(top('left padding flash attention')[0], 'greedy-decoding-batch-padding');
  });

  it('Chinese queries match inside unsegmented text', () => {
    assert.equal(top('学习率')[0], 'deepseek-learning-rate-decay');
    assert.equal(top('多语言')[0], 'multilingual-cross-lingual-transfer');
    assert.ok(top('显存').slice(0, 3).includes('full-finetune-34b-on-4xa100'));
    assert.equal(top('教练不一定需要比运动员强')[0], 'instruction-following-base-vs-data');
  });

  it('tolerates typos in Latin-script terms', () => {
    assert.equal(top('tokenzier tiktokn')[0], 'llama-tokenizer-vs-tiktoken');
    assert.equal(top('contrastve')[0], 'dpo-vs-mle-contrastive');
  });

  it('ranks an exact phrase above all terms above fuzzy matches', () => {
    const small = new DigestIndex();
    const mk = (id: string, text: string) => ({ id, title: id, section: 's', source: 'x.md', origin: 'note' as const, line: 1, endLine: 1, tags: [], turns: [{ label: 'Q', role: 'question' as const, text, line: 1 }], links: [] });
    small.setSource('x.md', [
      mk('fuzzy', 'gradiant only here, and checkpoints'),
      mk('all-terms', 'checkpointing saves memory; the gradient is recomputed'),
      mk('phrase', 'use gradient checkpointing to save memory'),
    ]);
    const hits = small.search('gradient checkpointing');
    assert.deepEqual(hits.map((h) => [h.entry.id, h.tier]), [
      ['phrase', 'phrase'],
      ['all-terms', 'all-terms'],
      ['fuzzy', 'partial'],
    ]);
  });

  it('snippets show the matching passage', () => {
    const hit = index.search('2 1 9 9 6')[0];
    assert.equal(hit.entry.id, 'llama-tokenizer-vs-tiktoken');
    assert.match(hit.snippet, /2 1 9 9 6/);
  });

  it('updates per source: re-reading a file replaces its entries', () => {
    const idx = new DigestIndex();
    idx.setSource('a.md', parseNotes('Q: alpha question\nA: yes', 'a.md').entries);
    assert.equal(idx.search('alpha').length, 1);
    idx.setSource('a.md', parseNotes('Q: beta question\nA: yes', 'a.md').entries);
    assert.equal(idx.search('alpha').length, 0);
    assert.equal(idx.search('beta').length, 1);
    idx.removeSource('a.md');
    assert.equal(idx.size, 0);
  });
});

describe('entry rendering is inert', () => {
  const hostile = parseNotes(
    [
      '### Hostile <b>entry</b>',
      'Q: <script>alert(1)</script> and <img src=x onerror=alert(2)>',
      'A: [js](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) [vs](vscode://evil) [ok](https://example.com) [cmd](command:workbench.action.terminal.new)',
      '<!-- comment --> ![img](https://example.com/x.png)',
    ].join('\n'),
    'evil.md',
  ).entries[0];

  it('escapes HTML, renders only http(s) links and shows images as links', () => {
    const html = renderEntryHtml(hostile);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img src=x/i);
    assert.doesNotMatch(html, /<b>entry/);
    assert.doesNotMatch(html, /href="(javascript|data|vscode|command:workbench)/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<a href="https:\/\/example\.com" rel="noopener noreferrer"/);
    assert.match(html, /&lt;!-- comment --&gt;/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /!<a href="https:\/\/example\.com\/x\.png"/);
  });

  it('quotes an entry as a blockquote with a source line', () => {
    const e = parseNotes('## Sec\n### A title\nQ: why?\nA: because\nit is', 'notes/a.md').entries[0];
    assert.equal(quoteMarkdown(e), '> **Q:** why?\n>\n> **A:** because\n> it is\n>\n> — A title (Sec, notes/a.md:2)\n');
    assert.match(entryMarkdown(e), /^# A title\n/);
  });
});

describe('note files', () => {
  it('refuses binary, oversized and non-UTF-8 files with a sentence', () => {
    assert.match((decodeNote(new Uint8Array([0x51, 0x3a, 0, 1]), 'b.md') as { problem: { message: string } }).problem.message, /binary/);
    assert.match((decodeNote(new Uint8Array(6 * 1024 * 1024).fill(65), 'big.md') as { problem: { message: string } }).problem.message, /6\.0 MB is over the 5 MB limit/);
    assert.match((decodeNote(new Uint8Array([0x51, 0x3a, 0xc3, 0x28]), 'latin1.md') as { problem: { message: string } }).problem.message, /not valid UTF-8/);
    assert.deepEqual(decodeNote(new TextEncoder().encode('\ufeffQ: 你好'), 'ok.md'), { text: 'Q: 你好' });
  });
});

describe('snippets expand to text the parser reads', () => {
  const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets', 'markdown.json'), 'utf8')) as Record<string, { body: string[] }>;
  /** What VS Code inserts with every placeholder left at its default (first choice for ${n|a,b|}). */
  const expand = (body: string[]) =>
    body
      .join('\n')
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');

  it('Q&A entry, paper share and discussion parse as entries without problems', () => {
    for (const name of ['Q&A entry', 'Paper share', 'Discussion thread']) {
      const parsed = parseNotes(`## Notes\n\n${expand(snippets[name].body)}`, 'snippet.md');
      assert.deepEqual(parsed.problems, [], name);
      assert.equal(parsed.entries.length, 1, name);
    }
    const qa = parseNotes(expand(snippets['Q&A entry'].body), 's.md').entries[0];
    assert.equal(qa.title, 'English title of the question');
    assert.deepEqual(qa.tags, ['tag', '标签']);
    assert.deepEqual(qa.turns.map((t) => t.label), ['Q', 'A', 'A1']);
    const paper = parseNotes(expand(snippets['Paper share'].body), 's.md').entries[0];
    assert.deepEqual(paper.links, ['https://arxiv.org/abs/0000.00000']);
  });

  it('the memory-estimate block is a fit expression the calculator reads', () => {
    const text = expand(snippets['Memory estimate'].body).split('\n')[1];
    assert.equal(text, '34B full bf16 adamw zero3 on 4xA100-80G');
    const result = estimate(buildInput(parseFitExpression(text)));
    assert.equal(result.perGpu.byKey.optimizer, 102e9);
  });
});

describe('search that shows why: passages, highlights, pinyin', () => {
  let index: DigestIndex;
  before(async () => {
    index = new DigestIndex(await loadPinyin());
    for (const f of digestFiles) index.setSource(`media/digest/${f}`, parseNotes(readFileSync(join(DIGEST_DIR, f), 'utf8'), `media/digest/${f}`, 'digest').entries);
  });
  const marked = (h: { snippet: string; highlights: [number, number][] }) => h.highlights.map(([a, b]) => h.snippet.slice(a, b));

  it('the snippet is the passage that matched, not the summary: "critic weaker than actor"', () => {
    const [hit] = index.search('critic weaker than actor');
    assert.equal(hit.entry.id, 'instruction-following-base-vs-data');
    assert.match(hit.snippet, /弱一点的 critic 应该就能帮助强一点的 actor/);
    assert.notEqual(hit.snippet, hit.entry.summary);
    assert.deepEqual(marked(hit).map((s) => s.toLowerCase()).sort(), ['actor', 'critic']);
  });

  it('"grokking learning dynamics": the sentence that says grokking, trimmed around it', () => {
    const [hit] = index.search('grokking learning dynamics');
    assert.match(hit.snippet, /learning dynamics \/ grokking/);
    assert.ok(hit.snippet.length <= 122, hit.snippet);
    assert.deepEqual(marked(hit).sort(), ['grokking', 'learning dynamics']);
  });

  it('only the title matched: the summary is the snippet', () => {
    const entry = { id: 't', title: 'Warmup schedules', section: 's', source: 'n.md', origin: 'note' as const, line: 1, endLine: 3, tags: [], links: [], summary: 'How long to warm up.', turns: [{ label: 'A', role: 'answer' as const, text: 'Linear for 2,000 steps.', line: 2 }] };
    const small = new DigestIndex();
    small.setSource('n.md', [entry]);
    assert.equal(small.search('warmup')[0].snippet, 'How long to warm up.');
  });

  it('pinyin splits into syllables; English words do not', () => {
    assert.deepEqual(splitSyllables('xuexilv'), ['xue', 'xi', 'lv']);
    assert.deepEqual(splitSyllables('jiexijihe'), ['jie', 'xi', 'ji', 'he']);
    assert.deepEqual(splitSyllables('xian'), ['xian']);
    for (const word of ['learning', 'rate', 'critic', 'actor', 'tokenizer']) assert.equal(splitSyllables(word), undefined, word);
  });

  it('toneless pinyin, joined or spaced, and initials find the Chinese, marked where it is', () => {
    for (const query of ['xuexilv', 'xue xi lv', 'xue xilv']) {
      const hits = index.search(query, 5);
      assert.ok(hits.length >= 2, query);
      assert.ok(hits.slice(0, 2).every((h) => marked(h).some((m) => m.includes('学习率'))), `${query}: ${JSON.stringify(hits.map((h) => marked(h)))}`);
    }
    const [geometry] = index.search('jiexijihe');
    assert.match(geometry.snippet, /解析几何/);
    assert.deepEqual(marked(geometry), ['解析几何']);
    assert.ok(index.search('xxl', 10).some((h) => marked(h).some((m) => m.includes('学习率'))));
  });

  it('a pinyin match ranks below the Chinese itself', () => {
    const [chinese] = index.search('学习率');
    const pinyin = index.search('xuexilv').find((h) => h.entry.id === chinese.entry.id)!;
    assert.ok(pinyin && pinyin.score < chinese.score, `${pinyin?.score} < ${chinese.score}`);
  });

  it('in the user’s notes too, polyphonic characters by every reading (行 as hang and xing)', () => {
    index.setSource('notes/bank.md', parseNotes('## 笔记\n\n### 银行流水\n\n银行的流水数据做预训练语料。\n', 'notes/bank.md').entries);
    const [hit] = index.search('yinhang');
    assert.equal(hit.entry.source, 'notes/bank.md');
    assert.deepEqual(marked(hit), ['银行']);
    index.removeSource('notes/bank.md');
  });

  it('the entry view marks the matches, escaped, the first with id match-1', () => {
    const [hit] = index.search('xuexilv');
    const html = renderEntryHtml(hit.entry, (text) => matchRanges(text, hit.matcher));
    assert.match(html, /<mark id="match-1">学习率<\/mark>/);
    assert.equal((html.match(/id="match-1"/g) ?? []).length, 1);
    const hostile = { ...hit.entry, turns: [{ label: '', role: 'text' as const, text: '<img src=x onerror=alert(1)> 学习率 & <b>', line: 1 }] };
    const safe = renderEntryHtml(hostile, (text) => matchRanges(text, hit.matcher));
    assert.doesNotMatch(safe, /<img|<b>/);
    assert.match(safe, /&lt;img src=x onerror=alert\(1\)&gt; <mark[^>]*>学习率<\/mark> &amp; &lt;b&gt;/);
  });

  it('a query of 5,000 pinyin letters is answered (its words capped), spaced or not', () => {
    for (const query of ['xuexilv'.repeat(715), 'xue xi lv '.repeat(500)]) {
      const t0 = performance.now();
      index.search(query);
      const ms = performance.now() - t0;
      assert.ok(ms < 2000, `${ms} ms`);
    }
  });
});
