/**
 * Toneless pinyin for search: Chinese text is indexed under the pinyin of each pair of adjacent
 * Han characters (学习率 → xuexi, xilv) and their initials (xx, xl), so a query typed with the IME
 * off — `xuexilv`, `xue xi lv`, `xxl` — finds it. Polyphonic characters are indexed under every
 * reading (率 as lv and shuai): a query in one reading finds the text whatever the context says.
 * Readings come from pinyin-pro (MIT), loaded on first need; ü is written v, as IMEs take it.
 */

/** Every toneless syllable pinyin-pro gives a character in U+4E00–U+9FFF (415), for segmenting queries. */
export const SYLLABLES: ReadonlySet<string> = new Set(
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng ng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'.split(' '),
);
const LONGEST_SYLLABLE = 6;

/** A character's toneless readings; empty for anything that is not Han. */
export type PinyinReadings = (ch: string) => readonly string[];

/** Marks that keep pinyin terms apart from words in the index ("xuexi" the pinyin, not a word). */
export const PINYIN_MARK = '\u0002';
export const INITIALS_MARK = '\u0003';

const HAN = /\p{Script=Han}/u;
/** Readings per pair kept at most: 3 × 3 for two polyphonic characters. */
const MAX_READINGS = 3;

type PinyinFn = (text: string, options: { toneType: 'none'; type: 'array'; multiple: true; v: true }) => string[];

/** Readings through pinyin-pro, cached per character (a few thousand distinct characters in a corpus). */
export function pinyinReader(pinyin: PinyinFn): PinyinReadings {
  const cache = new Map<string, readonly string[]>();
  return (ch) => {
    let r = cache.get(ch);
    if (r === undefined) {
      r = HAN.test(ch) ? [...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }).filter((s) => SYLLABLES.has(s)))].slice(0, MAX_READINGS) : [];
      cache.set(ch, r);
    }
    return r;
  };
}

let loading: Promise<PinyinReadings> | undefined;
/** pinyin-pro's readings, imported on first call (its dictionary is 320 KB). */
export function loadPinyin(): Promise<PinyinReadings> {
  loading ??= import('pinyin-pro').then((m) => pinyinReader(m.pinyin as unknown as PinyinFn));
  return loading;
}

/** The pinyin terms of a text: each adjacent Han pair's syllables joined, and its initials. */
export function* pinyinTerms(text: string, readings: PinyinReadings): Generator<string> {
  let prev: readonly string[] = [];
  for (const ch of text) {
    const r = readings(ch);
    if (r.length && prev.length) {
      const initials = new Set<string>();
      for (const a of prev) {
        for (const b of r) {
          yield PINYIN_MARK + a + b;
          initials.add(a[0] + b[0]);
        }
      }
      for (const i of initials) yield INITIALS_MARK + i;
    }
    prev = r;
  }
}

/**
 * Where a text's Han pairs carry the given pinyin terms: [start, end) ranges in UTF-16 units,
 * adjacent pairs merged (学习 + 习率 → 学习率). What the snippet and the highlights use.
 */
export function pinyinRanges(text: string, terms: ReadonlySet<string>, readings: PinyinReadings): [number, number][] {
  const out: [number, number][] = [];
  let prev: readonly string[] = [];
  let prevAt = 0;
  let at = 0;
  for (const ch of text) {
    const r = readings(ch);
    if (r.length && prev.length && prev.some((a) => r.some((b) => terms.has(PINYIN_MARK + a + b) || terms.has(INITIALS_MARK + a[0] + b[0])))) {
      const last = out[out.length - 1];
      if (last && last[1] >= prevAt) last[1] = at + ch.length;
      else out.push([prevAt, at + ch.length]);
    }
    prev = r;
    prevAt = at;
    at += ch.length;
  }
  return out;
}

/**
 * A query word (or several, joined: "xue xi lv" → "xuexilv") as pinyin syllables: the split into
 * the fewest syllables, or undefined when the letters do not split into syllables at all.
 */
export function splitSyllables(letters: string): string[] | undefined {
  if (!/^[a-z]+$/.test(letters) || letters.length > 120) return undefined;
  const n = letters.length;
  // best[i]: the fewest syllables covering letters[0, i), and where the last one starts.
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    for (let len = 1; len <= LONGEST_SYLLABLE && i + len <= n; len++) {
      if (SYLLABLES.has(letters.slice(i, i + len)) && best[i] + 1 < best[i + len]) {
        best[i + len] = best[i] + 1;
        from[i + len] = i;
      }
    }
  }
  if (best[n] === Infinity) return undefined;
  const out: string[] = [];
  for (let i = n; i > 0; i = from[i]) out.unshift(letters.slice(from[i], i));
  return out;
}

/** The index terms a pinyin query asks for: its syllable pairs, or, for letters that are no syllables, their initials' pairs. */
export function pinyinQueryTerms(letters: string): string[] {
  const syllables = splitSyllables(letters);
  if (syllables && syllables.length >= 2) {
    const out: string[] = [];
    for (let i = 0; i + 1 < syllables.length; i++) out.push(PINYIN_MARK + syllables[i] + syllables[i + 1]);
    return out;
  }
  // Initials ("xxl"): three letters or more, none a vowel-led syllable on its own.
  if (!syllables && letters.length >= 3 && letters.length <= 12 && /^[bcdfghjklmnpqrstwxyz]+$/.test(letters)) {
    const out: string[] = [];
    for (let i = 0; i + 1 < letters.length; i++) out.push(INITIALS_MARK + letters[i] + letters[i + 1]);
    return out;
  }
  return [];
}
