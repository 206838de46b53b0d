// The aging and cash-flow pages' pure logic: bucket totals per currency,
// whether a tie holds, and the forecast's bars. Amounts stay decimal
// strings; sums are BigInt minor units, and only chart heights become
// numbers.
import { fromUnits, toUnits } from '../finance/journal.js'; // .js: the unit tests run the compiled ESM as it is

export const buckets = ['current', '1-30', '31-60', '61-90', 'over_90'] as const;

export interface AgingRow {
  type: 'platform' | 'customer' | 'supplier';
  party: string;
  currency: string;
  buckets: Record<string, string>;
  total: { amount: string; currency: string };
  items: number;
}

export interface Tie {
  account: string;
  type: string;
  currency: string;
  sub_ledger: string;
  control: string;
  difference: string;
}

const placesOf = (s: string | undefined) => ((s ?? '').split('.')[1] ?? '').length;

function sum(xs: (string | undefined)[]): string {
  const places = Math.max(0, ...xs.map(placesOf));
  let u = 0n;
  for (const x of xs) if (x) u += toUnits(x, places);
  return fromUnits(u, places);
}

/** agingTotals sums each bucket, the total and the items per currency, in currency order. */
export function agingTotals(rows: AgingRow[]): { currency: string; buckets: Record<string, string>; total: string; items: number }[] {
  const by = new Map<string, AgingRow[]>();
  for (const r of rows) by.set(r.currency, [...(by.get(r.currency) ?? []), r]);
  return [...by.keys()].sort().map((currency) => {
    const rs = by.get(currency)!;
    const b: Record<string, string> = {};
    for (const k of buckets) b[k] = sum(rs.map((r) => r.buckets[k]));
    return { currency, buckets: b, total: sum(rs.map((r) => r.total.amount)), items: rs.reduce((n, r) => n + r.items, 0) };
  });
}

/** tieHolds says the sub-ledger and its control account agree (the difference is zero). */
export function tieHolds(t: Tie): boolean {
  return t.difference.replace(/[-0.]/g, '') === '';
}

export interface ForecastWeek {
  start: string;
  currency: string;
  platform: { amount: string };
  customers: { amount: string };
  suppliers: { amount: string };
  net: { amount: string };
  closing: { amount: string };
}

/** inflow is what a week brings in (platform settlements and customer receipts), exactly. */
export function inflow(w: ForecastWeek): string {
  return sum([w.platform.amount, w.customers.amount]);
}

export interface CashSeries {
  currency: string;
  /** inflows per week (≥ 0), outflows per week drawn below zero, the closing balance. */
  inflows: number[];
  outflows: number[];
  closing: number[];
}

/** cashSeries lays the forecast out per currency over the weeks (starts, sorted). */
export function cashSeries(weeks: ForecastWeek[]): { starts: string[]; series: CashSeries[] } {
  const starts = [...new Set(weeks.map((w) => w.start))].sort();
  const at = new Map(starts.map((s, i) => [s, i]));
  const by = new Map<string, CashSeries>();
  for (const w of weeks) {
    let s = by.get(w.currency);
    if (!s) by.set(w.currency, (s = { currency: w.currency, inflows: starts.map(() => 0), outflows: starts.map(() => 0), closing: starts.map(() => 0) }));
    const i = at.get(w.start)!;
    s.inflows[i] = Number(inflow(w));
    s.outflows[i] = 0 - Number(w.suppliers.amount); // 0 - x: no -0 for a week without payments
    s.closing[i] = Number(w.closing.amount);
  }
  return { starts, series: [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}
