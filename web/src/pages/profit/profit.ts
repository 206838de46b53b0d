// The profit report's pure logic: which groupings may go together, the
// totals row, estimate against actual, and the chart's series. Amounts
// stay decimal strings; sums are BigInt minor units (toUnits), and only the
// chart's heights become numbers.
import { fromUnits, toUnits } from '../finance/journal.js'; // .js: the unit tests run the compiled ESM as it is

export const groups = ['shop', 'channel', 'campaign', 'day', 'sku'] as const;
export type Group = (typeof groups)[number];
export const defaultGroup: Group[] = ['channel', 'day'];

/** The money fields of a row the page shows and totals. */
export const moneyFields = [
  'revenue',
  'cogs',
  'fees',
  'shipping',
  'discount_shop',
  'discount_platform',
  'returns',
  'net_margin',
  'est_commission',
  'est_fees',
  'act_commission',
  'act_fees',
  'act_adjust',
] as const;
export type MoneyField = (typeof moneyFields)[number];

export type ProfitRow = { [K in MoneyField]: string } & {
  day?: string;
  shop?: string;
  channel?: string;
  campaign?: string;
  sku?: string;
  currency: string;
  lines: number;
  actual_lines: number;
  margin_rate: string;
  spend?: string;
  roi?: string;
  links: { orders: string; profit_orders?: string; revenue_entries: string; cogs_entries: string };
};

/** ProfitOrder is one order behind a row: its figures over the row's lines (GET /api/v1/profit/orders). */
export type ProfitOrder = ProfitRow & { order_id: number; external_id: string; profit: string };

/**
 * toggleGroup adds or removes g, keeping the API's order of dimensions;
 * sku and campaign exclude each other (the API refuses them together), so
 * choosing one drops the other.
 */
export function toggleGroup(current: Group[], g: Group): Group[] {
  const on = new Set(current);
  if (on.has(g)) on.delete(g);
  else {
    on.add(g);
    if (g === 'sku') on.delete('campaign');
    if (g === 'campaign') on.delete('sku');
  }
  return groups.filter((x) => on.has(x));
}

const placesOf = (s: string | undefined) => ((s ?? '').split('.')[1] ?? '').length;

/** sumAmounts adds decimal strings exactly, at the most places any of them has. */
export function sumAmounts(amounts: (string | undefined)[]): string {
  const places = Math.max(0, ...amounts.map(placesOf));
  let u = 0n;
  for (const a of amounts) if (a) u += toUnits(a, places);
  return fromUnits(u, places);
}

/** totals sums each money field of rows per currency: one total row per currency, in currency order. */
export function totals(rows: ProfitRow[]): { currency: string; lines: number; figures: Record<MoneyField, string> }[] {
  const by = new Map<string, ProfitRow[]>();
  for (const r of rows) by.set(r.currency, [...(by.get(r.currency) ?? []), r]);
  return [...by.keys()].sort().map((currency) => {
    const rs = by.get(currency)!;
    const figures = {} as Record<MoneyField, string>;
    for (const f of moneyFields) figures[f] = sumAmounts(rs.map((r) => r[f]));
    return { currency, lines: rs.reduce((n, r) => n + r.lines, 0), figures };
  });
}

/**
 * estimateActual is what the platform was expected to take (commission and
 * fees, estimated at sale) beside what its settlements took (commission,
 * fees and adjustments); actual is null while no line of the row is settled.
 */
export function estimateActual(r: Pick<ProfitRow, MoneyField | 'actual_lines'>): { estimate: string; actual: string | null; gap: string | null } {
  const estimate = sumAmounts([r.est_commission, r.est_fees]);
  if (!r.actual_lines) return { estimate, actual: null, gap: null };
  const actual = sumAmounts([r.act_commission, r.act_fees, r.act_adjust]);
  const places = Math.max(placesOf(estimate), placesOf(actual));
  return { estimate, actual, gap: fromUnits(toUnits(actual, places) - toUnits(estimate, places), places) };
}

/** seriesKey names a row's series: its dimensions other than day, and its currency. */
export function seriesKey(r: ProfitRow, group: Group[]): string {
  const dims = group.filter((g) => g !== 'day').map((g) => r[g] || '—');
  return [...dims, r.currency].join(' · ');
}

export interface ChartData {
  /** x: the days (grouped by day) or the series themselves (not by day). */
  x: string[];
  /** bars: revenue per series, stacked per currency. */
  bars: { name: string; currency: string; values: number[] }[];
  /** margin: net margin per currency over x, summed exactly before becoming numbers. */
  margin: { currency: string; values: number[] }[];
}

/** chartData lays rows out as revenue bars per series over the days, and the net margin per currency as a line. */
export function chartData(rows: ProfitRow[], group: Group[]): ChartData {
  const byDay = group.includes('day');
  const xOf = (r: ProfitRow) => (byDay ? r.day ?? '' : seriesKey(r, group));
  const x = [...new Set(rows.map(xOf))].sort();
  const at = new Map(x.map((d, i) => [d, i]));
  const bars = new Map<string, { name: string; currency: string; cells: string[][] }>();
  const margins = new Map<string, string[][]>();
  for (const r of rows) {
    const name = byDay ? seriesKey(r, group) : r.currency;
    let b = bars.get(name);
    if (!b) bars.set(name, (b = { name, currency: r.currency, cells: x.map(() => []) }));
    const i = at.get(xOf(r))!;
    b.cells[i].push(r.revenue);
    let m = margins.get(r.currency);
    if (!m) margins.set(r.currency, (m = x.map(() => [])));
    m[i].push(r.net_margin);
  }
  const num = (cell: string[]) => Number(sumAmounts(cell));
  return {
    x,
    bars: [...bars.values()].sort((a, b) => a.name.localeCompare(b.name)).map((b) => ({ name: b.name, currency: b.currency, values: b.cells.map(num) })),
    margin: [...margins.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cells]) => ({ currency, values: cells.map(num) })),
  };
}

/** consoleLink turns an API list link (/api/v1/orders?…) into the console page showing the same (/orders?…). */
export function consoleLink(api: string): string {
  return api.replace(/^\/api\/v1\//, '/');
}

/** splitLink parts an API link into its path and its query, for the client to add to (limit=…). */
export function splitLink(link: string): { path: string; query: Record<string, string> } {
  const at = link.indexOf('?');
  if (at < 0) return { path: link, query: {} };
  return { path: link.slice(0, at), query: Object.fromEntries(new URLSearchParams(link.slice(at + 1))) };
}
