// Times are shown in the merchant's zone, which the hub reports (the
// analytics overview's "zone"; Asia/Shanghai until it has). The API already
// writes RFC 3339 in that zone; formatting through Intl with the zone
// keeps a browser in another zone from shifting them.
let zone = 'Asia/Shanghai';
export function setZone(z) {
    if (z)
        zone = z;
}
export function merchantZone() {
    return zone;
}
const cache = new Map();
function fmt(locale, withTime) {
    const key = `${locale}|${zone}|${withTime}`;
    let f = cache.get(key);
    if (!f) {
        f = new Intl.DateTimeFormat(locale, {
            timeZone: zone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } : {}),
        });
        cache.set(key, f);
    }
    return f;
}
/**
 * formatTime shows an RFC 3339 time in the merchant zone as
 * "2026-12-02 03:39:25" in every language: the order Chinese back offices
 * use, and unambiguous in English too.
 */
export function formatTime(t, locale) {
    if (!t)
        return '—';
    const d = new Date(t);
    if (isNaN(d.getTime()))
        return t;
    const part = {};
    for (const x of fmt(locale, true).formatToParts(d))
        part[x.type] = x.value;
    const hour = part.hour === '24' ? '00' : part.hour;
    return `${part.year}-${part.month}-${part.day} ${hour}:${part.minute}:${part.second}`;
}
/** today is the merchant zone's calendar day, YYYY-MM-DD. */
export function today() {
    return dayInZone(new Date());
}
/** dayInZone gives d's calendar day in the merchant zone, YYYY-MM-DD. */
export function dayInZone(d) {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
/** addDays moves a YYYY-MM-DD day by n calendar days (no zone involved). */
export function addDays(day, n) {
    const [y, m, d] = day.split('-').map(Number);
    const t = new Date(Date.UTC(y, m - 1, d + n));
    return t.toISOString().slice(0, 10);
}
