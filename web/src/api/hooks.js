// Small data hooks over the API client: load on mount and when the
// inputs change, with a reload for after a change.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './client';
/** useGet fetches path with query; a null path fetches nothing (not yet ready). */
export function useGet(path, query, quiet = false) {
    const [data, setData] = useState();
    const [error, setError] = useState();
    const [loading, setLoading] = useState(path !== null);
    const [tick, setTick] = useState(0);
    const key = path === null ? null : JSON.stringify([path, query]);
    const seq = useRef(0);
    useEffect(() => {
        if (key === null || path === null)
            return;
        const mine = ++seq.current;
        setLoading(true);
        api
            .get(path, query, quiet)
            .then((d) => mine === seq.current && (setData(d), setError(undefined)))
            .catch((e) => mine === seq.current && setError(e))
            .finally(() => mine === seq.current && setLoading(false));
        // key stands for path and query
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [key, tick]);
    const reload = useCallback(() => setTick((t) => t + 1), []);
    return { data, error, loading, reload };
}
/** useShops lists the shops the user may see (for filters and labels). */
export function useShops() {
    return useGet('/api/v1/shops', undefined, true).data?.items ?? [];
}
export function useWarehouses() {
    return useGet('/api/v1/warehouses', undefined, true).data?.items ?? [];
}
