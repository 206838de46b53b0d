// What the dashboard and the wall display read: the analytics overview
// for today, 7 and 30 days, and the alerts (contracts.md §5).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { addDays, setZone, today } from '../../lib/time';
export const periods = ['today', 'd7', 'd30'];
export function periodRange(p) {
    const to = today();
    const back = p === 'today' ? 0 : p === 'd7' ? 6 : 29;
    return { from: addDays(to, -back), to };
}
/** useDashboard loads every period and the alerts; refreshMs > 0 reloads on a timer (the wall display). */
export function useDashboard(scope, refreshMs = 0) {
    const [d, setD] = useState({ overview: {}, loading: true });
    const [tick, setTick] = useState(0);
    const reload = useCallback(() => setTick((n) => n + 1), []);
    useEffect(() => {
        let live = true;
        setD((x) => ({ ...x, loading: true }));
        const load = async () => {
            const q = (p) => ({ ...periodRange(p), shop: scope.shop, channel: scope.channel });
            const [ovs, alerts] = await Promise.all([
                Promise.all(periods.map((p) => api.get('/api/v1/analytics/overview', q(p), true))),
                api.get('/api/v1/analytics/alerts', undefined, true),
            ]);
            if (ovs[0]?.zone)
                setZone(ovs[0].zone);
            return { overview: Object.fromEntries(periods.map((p, i) => [p, ovs[i]])), alerts };
        };
        load()
            .then((r) => live && setD({ ...r, loading: false, updatedAt: new Date() }))
            .catch((error) => live && setD((x) => ({ ...x, error, loading: false })));
        return () => {
            live = false;
        };
    }, [scope.shop, scope.channel, tick]);
    useEffect(() => {
        if (refreshMs <= 0)
            return;
        const id = setInterval(reload, refreshMs);
        return () => clearInterval(id);
    }, [refreshMs, reload]);
    return { ...d, reload };
}
/** ordersLink is the orders list behind a figure. */
export function ordersLink(q) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q))
        if (v)
            p.set(k, v);
    return `/orders?${p}`;
}
/** entriesLink is the ledger entries behind a figure (the finance page's entries view). */
export function entriesLink(q) {
    const p = new URLSearchParams({ view: 'entries' });
    for (const [k, v] of Object.entries(q))
        if (v)
            p.set(k, v);
    return `/finance?${p}`;
}
