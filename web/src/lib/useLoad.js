// useLoad reads something when the page opens or deps change, and again
// on reload(); a read that a newer one overtook is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
export function useLoad(fn, deps) {
    const [data, setData] = useState(undefined);
    const [loading, setLoading] = useState(true);
    const seq = useRef(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
    const load = useCallback(fn, deps);
    const reload = useCallback(() => {
        const mine = ++seq.current;
        setLoading(true);
        load()
            .then((d) => mine === seq.current && setData(d))
            .catch(() => undefined) // the client has shown the error
            .finally(() => mine === seq.current && setLoading(false));
    }, [load]);
    useEffect(reload, [reload]);
    return { data, loading, reload, setData };
}
