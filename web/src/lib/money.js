// Amounts arrive as decimal strings ("113.00") and are only displayed:
// no float arithmetic ever touches them. Intl.NumberFormat formats the
// string itself (ES2023 accepts numeric strings without going through a
// double), in the shop's currency.
const cache = new Map();
function formatter(locale, currency) {
    const key = locale + '|' + currency;
    let f = cache.get(key);
    if (!f) {
        f = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' });
        cache.set(key, f);
    }
    return f;
}
/** formatMoney shows a decimal string in currency, e.g. "¥1,234.50"; an empty amount shows "—". */
export function formatMoney(amount, currency, locale) {
    if (amount === undefined || amount === null || amount === '')
        return '—';
    if (!/^-?\d+(\.\d+)?$/.test(amount))
        return amount;
    try {
        // The string overload keeps every digit (Intl.NumberFormat v3).
        return formatter(locale, currency).format(amount);
    }
    catch {
        return `${amount} ${currency}`;
    }
}
/** formatRate shows a 4-place decimal-string ratio ("0.0405") as a percentage ("4.05%"), by moving the point. */
export function formatRate(rate) {
    if (!rate)
        return '—';
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(rate);
    if (!m)
        return rate;
    const frac = (m[3] ?? '').padEnd(4, '0');
    const whole = (m[2] + frac.slice(0, 2)).replace(/^0+(?=\d)/, '');
    return `${m[1]}${whole}.${frac.slice(2, 4)}%`;
}
