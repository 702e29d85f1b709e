/** A varied corpus for tokenizer reference checks; each entry stresses something different. */
export const CORPUS: Record<string, string> = {
  empty: '',
  english: 'The quick brown fox jumps over the lazy dog. Tokenizers split text into sub-word units.',
  chinese: '请问什么工作实验验证过，把数字按 digit 切开再做数学？只调学习率，有的时候会 OOM 有的时候不会 OOM。',
  mixed: 'LLama 的 tokenizer 会和 tiktoken 有很本质区别么？ChatGPT play ground 提供的 tokenizer 限制长度为 3200，然而 LLama 的 tokenizer 出来的结果高达 4202。',
  code: "def estimate(model):\n    return sum(p.numel() for p in model.parameters())  # 34e9 * 16 B\n\nconst x = { a: [1, 2, 3] };\n",
  emoji: '🦙 llamas 🦙🦙 and 👩‍👩‍👧‍👦 families, flags 🇨🇳🇺🇸, skin tones 👍🏽',
  crlf: 'line one\r\nline two\r\n\r\n  indented\ttab\rold mac\n',
  digits: '21996 3.14159 1,000,000 0.000001 2024-11-28 +86 138 0000 0000',
  longRunLetters: 'a'.repeat(3000),
  longRunSpaces: ' '.repeat(500) + 'x' + '\n'.repeat(200),
  longRunDigits: '9'.repeat(1000),
  specialText: 'hello <|endoftext|> world <|im_start|>user<|im_end|> <|fim_prefix|> <|eot_id|> <s></s>',
  nul: 'before\u0000after\u0000\u0000',
  combining: 'e\u0301 n\u0303 Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  rtl: 'مرحبا بالعالم שלום עולם',
  japaneseKorean: '東京は日本の首都です。안녕하세요 세계',
  urls: 'https://arxiv.org/pdf/2310.02989.pdf https://github.com/datawhalechina/thorough-pytorch/discussions/15',
  byteOrderMark: '\uFEFFstarts with a BOM; a\uFEFFb, \uFEFF```, 文\uFEFF字',
  nextLine: 'a\u0085b \u0085\u0085 c\u0085\n d \u00A0\u3000 e',
  math: '\\nabla log p_w - \\nabla p_lose; sigmoid(p_l - p_w) ∑ ∫ ≤ ≥ ∞',
};

/** Lone surrogates: tiktoken and gpt-tokenizer both see U+FFFD after UTF-8 encoding. */
export const LONE_SURROGATES = 'broken \uD83D here and \uDC00 there';
