// The ledger entry a page shows in its entry drawer is part of the page's
// URL (?entry=ID), so a reload or a pasted link opens the same entry and
// closing the drawer takes it out again.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** useEntryParam answers the entry ?entry= names (null when none or not an id) and a setter; null removes the param. */
export function useEntryParam(): [number | null, (id: number | null) => void] {
  const [params, setParams] = useSearchParams();
  const v = Number(params.get('entry'));
  const id = Number.isSafeInteger(v) && v > 0 ? v : null;
  const set = useCallback(
    (next: number | null) =>
      // replace, as the pages' other drawers (order, payout) do: the URL names the view, history does not grow per click
      setParams(
        (p) => {
          const q = new URLSearchParams(p);
          if (next === null) q.delete('entry');
          else q.set('entry', String(next));
          return q;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [id, set];
}
