// What the page says about the unit, in words: the live status sentence.
// Pure functions of the unit's numbers (unit-model.js evaluate()).
import { formatNumber } from '../shared/format.js';

const DIGITS = 4;

/** v to DIGITS significant digits, with U+2212 for minus (text, not data). */
export function shown(v) {
  // -0 (a zero share times a negative x) is 0 to a reader.
  return formatNumber(v === 0 ? 0 : v, DIGITS).replace(/^-/, '−');
}

/** v in at most about 8 characters, for the table's narrow columns: 3
 *  significant digits, in e-notation below 0.001 (a leaky share: 5.31e−5). */
export function compact(v) {
  if (v === 0) return '0';
  if (!Number.isFinite(v) || Math.abs(v) >= 1e-3) return shown(Number(v.toPrecision(3)));
  return v.toExponential(2).replace(/-/g, '−');
}

const signed = (v) => (v > 0 ? `+${shown(v)}` : shown(v));
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The status sentence.
 * unit: evaluate()'s result at the current weights.
 * last: the last click of a step button, or null when the reader has set
 *   the unit since: {steps, dw, db, revivedAfter}, revivedAfter being the
 *   count of steps that took every z <= 0 to some z > 0, or null.
 */
export function statusText(unit, last) {
  const n = unit.points.length;
  const above = unit.points.filter((p) => p.z > 0).length;
  const slopes = [...new Set(unit.points.map((p) => p.slope))];
  const gradient = `∂L/∂w = ${shown(unit.gradient.w)}, ∂L/∂b = ${shown(unit.gradient.b)}`;
  const steps = last ? (last.steps === 1 ? 'The step' : `The ${last.steps} steps`) : '';

  if (unit.dead) {
    const why = above === 0 ? 'Every z ≤ 0, so every f′(z) is 0' : 'Every f′(z) is 0';
    if (last) {
      return `${steps} changed nothing: w and b are where they were. ${why}, and so are ∂L/∂w and ∂L/∂b. The unit is dead; no step can revive it.`;
    }
    return `${why}: ∂L/∂w = ∂L/∂b = 0. The unit is dead; no step can change it.`;
  }

  const moved = last
    ? last.dw === 0 && last.db === 0
      ? `${steps} changed nothing: the gradient was already 0.`
      : `${steps} moved w by ${signed(last.dw)} and b by ${signed(last.db)}.`
    : '';
  let now;
  if (above === 0) {
    const slope = slopes.length === 1 ? `every f′(z) is ${shown(slopes[0])}` : 'no f′(z) is 0';
    now = `Every z ≤ 0, but ${slope}, not 0: ${gradient}, so ${last ? 'each step moves' : 'a step will move'} w and b.`;
  } else if (last?.revivedAfter != null) {
    now = `After ${plural(last.revivedAfter, 'step')} with every z ≤ 0, a z rose above 0: the unit is alive again. Now z > 0 at ${above} of ${n} points; ${gradient}.`;
  } else {
    now = `z > 0 at ${above} of ${n} points; ${gradient}.`;
  }
  return [moved, now].filter(Boolean).join(' ');
}
