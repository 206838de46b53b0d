export function filterEntries(entries, f, dayOf) {
    const text = f.text?.trim().toLowerCase();
    return entries.filter((e) => {
        if (f.account && !e.postings.some((p) => p.account === f.account))
            return false;
        if (f.shop && !e.postings.some((p) => p.shop === f.shop))
            return false;
        if (f.channel && !e.postings.some((p) => p.channel === f.channel))
            return false;
        if (f.sku && !e.postings.some((p) => p.sku === f.sku))
            return false;
        if (text && !e.description.toLowerCase().includes(text) && !e.source_key.toLowerCase().includes(text))
            return false;
        if (f.from || f.to) {
            const d = dayOf(e.effective_at);
            if (f.from && d < f.from)
                return false;
            if (f.to && d > f.to)
                return false;
        }
        return true;
    });
}
/** entryTotals is what an entry moves: its debit postings summed per currency, digit-exactly (BigInt minor units, never floats). */
export function entryTotals(e) {
    const debits = e.postings.filter((p) => p.side === 'debit').map((p) => p.amount);
    const places = new Map();
    for (const m of debits)
        places.set(m.currency, Math.max(places.get(m.currency) ?? 0, (m.amount.split('.')[1] ?? '').length));
    const sums = new Map();
    for (const m of debits) {
        const n = places.get(m.currency);
        sums.set(m.currency, (sums.get(m.currency) ?? 0n) + toUnits(m.amount, n));
    }
    return [...sums.entries()].map(([currency, units]) => ({ currency, amount: fromUnits(units, places.get(currency)) }));
}
/** toUnits reads a decimal string as an integer count of 10^-places. */
export function toUnits(amount, places) {
    const neg = amount.startsWith('-');
    const [whole, frac = ''] = amount.replace(/^-/, '').split('.');
    const units = BigInt((whole || '0') + frac.padEnd(places, '0'));
    return neg ? -units : units;
}
export function fromUnits(units, places) {
    const neg = units < 0n;
    const s = (neg ? -units : units).toString().padStart(places + 1, '0');
    const out = places ? `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}` : s;
    return neg ? '-' + out : out;
}
