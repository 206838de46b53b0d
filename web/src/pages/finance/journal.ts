// Filters of the journal, applied to the entries loaded so far (the
// entries endpoint pages by entity only; the account drill-down filters on
// the server).
import type { Entry, Posting } from '../../api/types';

export interface JournalFilter {
  account?: string;
  text?: string;
  shop?: string;
  channel?: string;
  sku?: string;
  /** from, to: YYYY-MM-DD days of effective_at, inclusive, compared in the merchant zone by the caller's dayOf. */
  from?: string;
  to?: string;
}

export function filterEntries(entries: Entry[], f: JournalFilter, dayOf: (t: string) => string): Entry[] {
  const text = f.text?.trim().toLowerCase();
  return entries.filter((e) => {
    if (f.account && !e.postings.some((p) => p.account === f.account)) return false;
    if (f.shop && !e.postings.some((p) => p.shop === f.shop)) return false;
    if (f.channel && !e.postings.some((p) => p.channel === f.channel)) return false;
    if (f.sku && !e.postings.some((p) => p.sku === f.sku)) return false;
    if (text && !e.description.toLowerCase().includes(text) && !e.source_key.toLowerCase().includes(text)) return false;
    if (f.from || f.to) {
      const d = dayOf(e.effective_at);
      if (f.from && d < f.from) return false;
      if (f.to && d > f.to) return false;
    }
    return true;
  });
}

/** entryTotals is what an entry moves: its debit postings summed per currency, digit-exactly (BigInt minor units, never floats). */
export function entryTotals(e: Entry): { amount: string; currency: string }[] {
  const debits = e.postings.filter((p) => p.side === 'debit').map((p) => p.amount);
  const places = new Map<string, number>();
  for (const m of debits) places.set(m.currency, Math.max(places.get(m.currency) ?? 0, (m.amount.split('.')[1] ?? '').length));
  const sums = new Map<string, bigint>();
  for (const m of debits) {
    const n = places.get(m.currency)!;
    sums.set(m.currency, (sums.get(m.currency) ?? 0n) + toUnits(m.amount, n));
  }
  return [...sums.entries()].map(([currency, units]) => ({ currency, amount: fromUnits(units, places.get(currency)!) }));
}

/** toUnits reads a decimal string as an integer count of 10^-places. */
export function toUnits(amount: string, places: number): bigint {
  const neg = amount.startsWith('-');
  const [whole, frac = ''] = amount.replace(/^-/, '').split('.');
  const units = BigInt((whole || '0') + frac.padEnd(places, '0'));
  return neg ? -units : units;
}

export function fromUnits(units: bigint, places: number): string {
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(places + 1, '0');
  const out = places ? `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}` : s;
  return neg ? '-' + out : out;
}

/** accountName is an account's name in the console's language. */
export function accountName(a: { name_zh: string; name_en: string } | undefined, lang: string): string {
  if (!a) return '';
  return lang === 'en' ? a.name_en : a.name_zh;
}

/**
 * entryIdOf reads the id of a ledger entry from what other reads carry for
 * it: its API path (/api/v1/ledger/entries/123, as the order profit lists
 * them), a bare id string or a number. Anything else is null.
 */
export function entryIdOf(ref: string | number): number | null {
  if (typeof ref === 'number') return Number.isSafeInteger(ref) && ref > 0 ? ref : null;
  const m = /^(?:\/api\/v1\/ledger\/entries\/)?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** postingSource shows the business record behind a posting as kind:id ("" when it names none). */
export function postingSource(p: Pick<Posting, 'source'>): string {
  return p.source ? `${p.source.kind}:${p.source.id}` : '';
}
