import { english, type Translate } from '../l10n';
import { formatGiB, n } from '../memory/units';
import { seconds } from '../time/stepTime';
import type { Plan, PlanSearch } from './search';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** "FSDP FULL_SHARD + selective recompute + micro-batch 2 × 16", or "as written". */
export function changesText(p: Plan, t: Translate = english): string {
  return p.changes.length ? p.changes.join(' + ') : t('as written');
}

/** What a plan is among the search's: "fastest", "fewest GPUs", "cheapest". */
export function planMarks(p: Plan, search: PlanSearch, t: Translate = english): string[] {
  return [p === search.fastest ? t('fastest') : '', p === search.fewestGpus ? t('fewest GPUs') : '', p === search.cheapest ? t('cheapest') : ''].filter(Boolean);
}

/** "31.20 GiB per GPU, 1.40 s/step" — the step time for training, decode tokens/s for serving. */
function figures(p: Plan, t: Translate): string {
  const memory = t('{0} per GPU', formatGiB(p.readings.device));
  if (p.time?.stepSeconds !== undefined) return `${memory}, ${t('{0}/step', seconds(p.time.stepSeconds))}`;
  if (p.time?.decodeTokensPerSecond !== undefined) return `${memory}, ${t('{0} tokens/s', n(Math.round(p.time.decodeTokensPerSecond)))}`;
  return memory;
}

/**
 * The verdict's plan, for a configuration that does not fit: the fastest plan on the same GPUs
 * ("Fits with ZeRO-3 + selective recompute + micro-batch 2 × 16: 31.20 GiB per GPU, 1.40 s/step"),
 * or the smallest cluster that would. Undefined when there is nothing to say.
 */
export function planSentence(search: PlanSearch, t: Translate = english): string | undefined {
  if (search.fastest) return t('Fits with {0}: {1} — `{2}`', changesText(search.fastest, t), figures(search.fastest, t), search.fastest.expression);
  if (search.none) {
    const first = search.elsewhere[0];
    return first ? `${search.none.reason} ${t('Fastest there: {0}: {1} — `{2}`', changesText(first, t), figures(first, t), first.expression)}` : search.none.reason;
  }
  return undefined;
}

/** The plans as a markdown table, the fastest, fewest-GPU and cheapest named, with the pruning rule. */
export function planMarkdown(search: PlanSearch, t: Translate = english, limit = 12): string {
  const out: string[] = [];
  const sentence = planSentence(search, t);
  if (search.none) out.push(search.none.reason, '');
  const table = (plans: readonly Plan[]) => {
    out.push(`| ${t('Plan')} | ${t('GPUs')} | ${t('device')} | ${t('step')} | ${t('tokens/s')} | ${t('expression')} |`, '|---|---:|---:|---:|---:|---|');
    for (const p of plans.slice(0, limit)) {
      const tps = p.time?.tokensPerSecond ?? p.time?.decodeTokensPerSecond;
      const marks = planMarks(p, search, t);
      out.push(`| ${cell(changesText(p, t))}${marks.length ? ` (${marks.join(', ')})` : ''} | ${p.input.gpus} | ${formatGiB(p.readings.device)} | ${p.time?.stepSeconds !== undefined ? seconds(p.time.stepSeconds) : '—'} | ${tps !== undefined ? n(Math.round(tps)) : '—'} | \`${cell(p.expression)}\` |`);
    }
    out.push('');
  };
  if (search.plans.length) table(search.plans);
  else if (sentence && !search.elsewhere.length) out.push(sentence, '');
  if (search.elsewhere.length) {
    out.push(search.plans.length ? t('On fewer GPUs:') : t('On the smallest cluster that fits:'), '');
    table(search.elsewhere);
  }
  out.push(t('{0} configurations estimated. {1}', search.evaluated, search.rule));
  return out.join('\n');
}

/** `llm-notes plan --json`: each plan's expression (which `llm-notes mem` reproduces), readings, time and changes. */
export function planJson(search: PlanSearch): Record<string, unknown> {
  const one = (p: Plan) => ({
    expression: p.expression,
    gpus: p.input.gpus,
    fits: true,
    readings: { allocated: p.readings.allocated, reserved: p.readings.reserved, device: p.readings.device },
    peakPhase: p.peakPhase,
    time: p.time
      ? Object.fromEntries(
          Object.entries({ stepSeconds: p.time.stepSeconds, tokensPerSecond: p.time.tokensPerSecond, decodeTokensPerSecond: p.time.decodeTokensPerSecond, mfu: p.time.achievedMfu, gpuHours: p.time.gpuHours, cost: p.time.cost }).filter(([, v]) => v !== undefined && Number.isFinite(v)),
        )
      : null,
    changes: p.changes,
  });
  const all = [...search.plans, ...search.elsewhere];
  const index = (p?: Plan) => (p ? all.indexOf(p) : null);
  return {
    plans: all.map(one),
    fastest: index(search.fastest),
    fewestGpus: index(search.fewestGpus),
    cheapest: index(search.cheapest),
    pareto: search.pareto.map((p) => all.indexOf(p)),
    none: search.none ? { reason: search.none.reason, minGpus: search.none.minGpus ?? null } : null,
    evaluated: search.evaluated,
    rule: search.rule,
  };
}
