import { Exact } from '../core/exact.js';
import type { MessageCatalog } from './messages.js';
import { factLabel, factText, withPoints } from './facts.js';
import { shownLimit, shownValue, stepLimits } from './numbers.js';

export const messagesEn: MessageCatalog = {
  'boolean.yes': () => 'yes',
  'boolean.no': () => 'no',
  'deadline.on_time': (d, f) => `done on ${f.date(d.date)}, on time (deadline ${f.date(d.due)})`,
  'deadline.late': (d, f) => `done on ${f.date(d.date)}, ${d.days} day${d.days === 1 ? '' : 's'} after the deadline ${f.date(d.due)}`,
  'deadline.missing': (d, f) => `not done (deadline ${f.date(d.due)})`,
  'bands.band': (d, f) => `${shownValue(f, d.value, d.of, d.next ? [d.threshold, d.next] : [d.threshold])}, band ${d.strict ? 'above' : 'from'} ${shownLimit(f, d.threshold, d.of)}`,
  'bands.below': (d, f) => `${shownValue(f, d.value, d.of, [d.threshold])}, below the lowest band (${d.strict ? 'above' : 'from'} ${shownLimit(f, d.threshold, d.of)})`,
  'proportional.rate': (d, f) =>
    `${d.of === 'percent' ? 'rate ' : ''}${shownValue(f, d.value, d.of, [d.target])}${d.text.includes('/') ? ` (${d.text})` : ''}` +
    (d.of === 'percent' && d.target.toString() === '100' ? '' : ` of the target ${shownLimit(f, d.target, d.of)}`),
  'proportional.target': (d, f) => `${d.of === 'percent' ? 'rate ' : ''}${shownValue(f, d.value, d.of, [d.target])}${d.text.includes('/') ? ` (${d.text})` : ''}, target reached`,
  'proportional.empty': (d) => (d.empty === 'full' ? 'no cases (0/0): full points' : 'no cases (0/0): no points'),
  'increment.base': (d, f) => `${shownValue(f, d.value, 'number', stepLimits(d))}, not ${d.direction === 'up' ? 'above' : 'below'} ${f.num(d.from)}`,
  'increment.steps': (d, f) =>
    `${shownValue(f, d.value, 'number', stepLimits(d))}: ${d.steps} step${d.steps === 1 ? '' : 's'} of ${f.num(d.step)} ${d.direction === 'up' ? 'above' : 'below'} ${f.num(d.from)}: ${f.num(d.base)} + ${d.steps} × ${f.num(d.perStep)} = ${f.num(d.points)}` +
    (d.capped ? ', capped at the max' : ''),
  'increment.prorata': (d, f) =>
    `${shownValue(f, d.value, 'number', [d.from])}: ${f.dec(d.fraction, 4)} steps of ${f.num(d.step)} ${d.direction === 'up' ? 'above' : 'below'} ${f.num(d.from)} (a part step pro rata): ${f.num(d.base)} + ${f.dec(d.fraction, 4)} × ${f.num(d.perStep)} = ${f.num(d.points)}` +
    (d.capped ? ', capped at the max' : ''),
  'levels.level': (d) => `level "${d.level}"`,
  'deduction.count': (d, f) =>
    d.count.isZero() ? 'no occurrences' : `${f.num(d.count)} × ${f.num(d.per)} points` + (d.floored ? `, down to the floor of ${f.num(d.floor)}` : ''),
  'relative.ratio': (d, f) => `${f.dec(d.value, 4)} against the group's ${d.direction === 'higher' ? 'highest' : 'lowest'}, ${f.dec(d.best, 4)}`,
  'relative.best': (d, f) => `${f.dec(d.value, 4)}, the group's ${d.direction === 'higher' ? 'highest' : 'lowest'}`,
  'relative.zero_best': (d, f) => `${f.dec(d.value, 4)}; every unit of the group has 0`,
  'manual.points': (d, f) => `the council gave ${f.num(d.points)} points${d.note ? `: ${d.note}` : ''}`,
  'given.points': (d, f) => `points given: ${f.num(d.points)}`,
  'adjustment.count': (d, f) => (d.count.isZero() ? 'no occurrences' : `${f.num(d.count)} × ${f.num(d.per)} points`),
  'rule.capped': (d, f, say) => `${withPoints(say(d.inner), f.num(d.points))}, at most ${f.num(d.cap)}`,
  'conditions.result': (d, f) => {
    const verdict = d.holds ? (d.join === 'all' ? 'all conditions hold' : 'a condition holds') : d.join === 'all' ? 'not all conditions hold' : 'no condition holds';
    return `${d.facts.map((x) => factText(x, f)).join('; ')} → ${verdict}`;
  },
  'cases.decided': (d, f, say) => {
    const tried = d.tried.map((t) => `case ${t.case}: ${t.facts.map((x) => factText(x, f)).join('; ')}`).join(' | ');
    const which = d.case === null ? 'no case holds, otherwise' : `by case ${d.case}`;
    return `${tried} → ${which}: ${d.inner ? say(d.inner) : `${f.num(d.points)} points`}`;
  },
  'max_of.best': (d, _f, say) => `the best of ${d.alternatives.length} ways is way ${d.chosen}: ${say(d.inner)}`,
  'sum_of.total': (d, f, say) =>
    `${d.parts.map((p) => (p.message ? `${say(p.message)} (${f.num(p.points)})` : f.num(p.points))).join(' + ')} = ${f.num(d.total)}${d.capped ? ', capped at the max' : ''}`,
  'leaf.none': () => 'no evidence',
  'leaf.none_of': (d) => `no evidence for ${d.indicator}`,
  'leaf.no_records': (d) => `no data from source ${d.source} (--records ${d.source}=FILE)`,
  'leaf.invalid': (d) => `invalid evidence: "${d.text}"`,
  'leaf.na_group': (d) => `not applicable to ${d.group}`,
  'leaf.na_declared': (d) => `declared not applicable by the unit ("${d.text}")`,
  'leaf.na_empty': () => 'no cases (0/0): not applicable',
  'leaf.insufficient': (d, f) =>
    d.n === 0 ? 'no usable row of data: insufficient data' : `only ${f.num(d.n)} row${d.n === 1 ? '' : 's'} of data, below the minimum of ${f.num(d.minRows)}: insufficient data`,
  // Remediation: "what it would take", the gain is added by the caller.
  'regain.office': (d) => `figures the scoring office supplies${d.source ? ` (derived from source ${d.source}, --records ${d.source}=FILE)` : ''}, not evidence the unit submits`,
  'regain.submit': (d) => (d.invalid ? 'correct the evidence and send it again' : 'send the evidence'),
  'regain.appeal': (d) => `explain to the appraisal council (changed: ${d.reason})`,
  'regain.boolean': () => 'meet the requirement',
  'regain.deadline': (d, f) => (d.late ? `do it, even after the deadline ${f.date(d.due)}` : `do it on time (by ${f.date(d.due)})`),
  'regain.bands': (d, f) => `reach the band ${d.strict ? 'above' : 'from'} ${shownLimit(f, d.threshold, d.of)}`,
  'regain.proportional': (d, f) => `reach ${d.of === 'percent' ? 'a rate of ' : ''}${shownLimit(f, d.target, d.of)}`,
  'regain.increment': (d, f) => `reach ${d.direction === 'up' ? 'at least' : 'at most'} ${f.dec(d.value, 4)} (${d.steps} step${d.steps === 1 ? '' : 's'})`,
  'regain.levels': (d) => `reach the level "${d.level}"`,
  'regain.deduction': (d, f) => (d.count.isZero() ? 'no occurrences at all' : `down to ${f.num(d.count)} occurrence${d.count.eq(Exact.ONE) ? '' : 's'}`),
  'regain.relative': (d, f) => `match the group's ${d.direction === 'higher' ? 'highest' : 'lowest'} (${f.dec(d.best, 4)})`,
  'regain.manual': () => "fully meet the requirement in the council's judgement",
  'regain.conditions': (d, f) => `make it hold: ${d.facts.map((x) => factLabel(x, f)).join(' and ')}`,
  'regain.case': (d, f) => `meet case ${d.case}: ${d.facts.map((x) => factLabel(x, f)).join(' and ')}`,
  'regain.given': () => 'the full points in the figures supplied',
};
