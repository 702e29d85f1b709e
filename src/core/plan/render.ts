import { english, type Translate } from '../l10n';
import type { MemoryFields } from '../memory/fields';
import { formatGiB, n } from '../memory/units';
import { seconds } from '../time/stepTime';
import { planFields } from './fields';
import { PLAN_FORMAT_FENCE, PLAN_FORMATS, tryPlanConfigText, type PlanFormat } from './formats';
import { changesText, planMarks, planSentence } from './report';
import type { Plan, PlanSearch } from './search';

/** One plan as the panel lists it: plain strings and the fields that apply it. */
export interface RenderedPlan {
  label: string;
  /** "fastest", "fewest GPUs", "cheapest". */
  marks: string[];
  gpus: number;
  deviceText: string;
  stepText: string;
  tokensText: string;
  expression: string;
  fields: MemoryFields;
  /** Each engine's config: whether the plan can be written as it, and if not, why. */
  formats: { format: PlanFormat; reason?: string }[];
  /** On another GPU count than the one written. */
  elsewhere: boolean;
}

export interface RenderedPlans {
  /** The verdict's plan sentence, or how many plans fit and which is fastest. */
  summary: string;
  rule: string;
  plans: RenderedPlan[];
}

/** The plans the panel shows, at most `limit` on the count written and `limit / 2` elsewhere, in `all` order. */
export function shownPlans(search: PlanSearch, limit = 10): Plan[] {
  return [...search.plans.slice(0, limit), ...search.elsewhere.slice(0, Math.ceil(limit / 2))];
}

export function renderPlans(search: PlanSearch, t: Translate = english, limit = 10): RenderedPlans {
  const elsewhere = new Set(search.elsewhere);
  const plans = shownPlans(search, limit).map((p): RenderedPlan => {
    const tps = p.time?.tokensPerSecond ?? p.time?.decodeTokensPerSecond;
    return {
      label: changesText(p, t),
      marks: planMarks(p, search, t),
      gpus: p.input.gpus,
      deviceText: formatGiB(p.readings.device),
      stepText: p.time?.stepSeconds !== undefined ? seconds(p.time.stepSeconds) : '—',
      tokensText: tps !== undefined ? n(Math.round(tps)) : '—',
      expression: p.expression,
      fields: planFields(p.input),
      formats: PLAN_FORMATS.map((format) => {
        const written = tryPlanConfigText(p.input, format, t);
        return 'reason' in written ? { format, reason: written.reason } : { format };
      }),
      elsewhere: elsewhere.has(p),
    };
  });
  const fastest = search.fastest;
  const summary = !fastest ? (planSentence(search, t) ?? '') : !fastest.changes.length ? t('{0} configurations fit on these GPUs; the one written is the fastest.', search.plans.length) : t('{0} configurations fit on these GPUs; the fastest: {1}.', search.plans.length, changesText(fastest, t));
  return { summary, rule: t('{0} configurations estimated. {1}', search.evaluated, search.rule), plans };
}

/** A plan for a note: its fit expression, then each engine's config it can be written as. */
export function planNoteMarkdown(p: Plan, t: Translate = english): string {
  const out = [`### ${t('Plan')}: ${changesText(p, t)}`, '', '```llm-mem', p.expression, '```', ''];
  for (const format of PLAN_FORMATS) {
    const written = tryPlanConfigText(p.input, format, t);
    if ('text' in written) out.push(`\`\`\`${PLAN_FORMAT_FENCE[format]}`, written.text.trimEnd(), '```', '');
  }
  return out.join('\n');
}
