// The reconciliation's pure logic: the waterfall's bars and the order
// the differences are worked in. Amounts stay decimal strings; sums are
// BigInt minor units, and only the chart's bar heights become numbers.
import { fromUnits, toUnits } from '../finance/journal.js'; // .js: the unit tests run the compiled ESM as it is

export interface Step {
  name: string;
  expected: { amount: string; currency: string };
  actual: { amount: string; currency: string };
}

/** Bar is one floating bar of a waterfall: it spans base..base+height (height ≥ 0). */
export interface Bar {
  name: string;
  base: number;
  height: number;
  /** falling: the step takes money away (drawn in the falling colour). */
  falling: boolean;
  /** amount is the step's own signed amount, as the API gave it. */
  amount: string;
}

const placesOf = (s: string) => (s.split('.')[1] ?? '').length;

/**
 * waterfallBars turns the steps (sales … adjustments, then payout) into
 * floating bars for one side: each step starts where the steps before it
 * ended; the last, the payout, stands on zero. side picks expected or actual.
 */
export function waterfallBars(steps: Step[], side: 'expected' | 'actual'): Bar[] {
  const places = Math.max(0, ...steps.map((s) => placesOf(s[side].amount)));
  const num = (u: bigint) => Number(fromUnits(u, places));
  let running = 0n;
  return steps.map((s, i) => {
    const amount = s[side].amount;
    const v = toUnits(amount, places);
    if (i === steps.length - 1) {
      return { name: s.name, base: num(v < 0n ? v : 0n), height: num(v < 0n ? -v : v), falling: v < 0n, amount };
    }
    const from = running;
    running += v;
    const low = v < 0n ? running : from;
    return { name: s.name, base: num(low), height: num(v < 0n ? -v : v), falling: v < 0n, amount };
  });
}

/** stepGap is actual − expected of a step, as a decimal string. */
export function stepGap(s: Step): string {
  const places = Math.max(placesOf(s.expected.amount), placesOf(s.actual.amount));
  return fromUnits(toUnits(s.actual.amount, places) - toUnits(s.expected.amount, places), places);
}

export interface Difference {
  class: string;
  impact: { amount: string; currency: string };
}

/**
 * explainedClasses are differences the settlement or the rates themselves
 * explain (a platform adjustment, an FX residual): they need no chase.
 * Every other class is open until finance acts on it.
 */
export const explainedClasses = new Set(['adjustment', 'fx_difference']);

export function isOpen(d: Difference): boolean {
  return !explainedClasses.has(d.class);
}

/** briefOpen counts the open differences of a run's differences by class (the payouts list's brief). */
export function briefOpen(byClass: Record<string, number>): number {
  let n = 0;
  for (const [c, k] of Object.entries(byClass)) if (!explainedClasses.has(c)) n += k;
  return n;
}

/**
 * orderDifferences puts the open (unexplained) differences first, then
 * the explained; within each, the largest impact (either sign) first, and
 * the API's order where they tie.
 */
export function orderDifferences<D extends Difference>(diffs: D[]): D[] {
  const size = (d: D) => {
    const u = toUnits(d.impact.amount, 8);
    return u < 0n ? -u : u;
  };
  return diffs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const open = Number(isOpen(b.d)) - Number(isOpen(a.d));
      if (open) return open;
      const sa = size(a.d), sb = size(b.d);
      if (sa !== sb) return sa > sb ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.d);
}

/** isZero says a decimal string is zero ("0.00", "-0", ""). */
export function isZero(amount: string): boolean {
  return amount.replace(/[-0.]/g, '') === '';
}
