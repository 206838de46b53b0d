// The stock grid's rows: one per SKU, its level in each warehouse, their
// sum, and what each shop is published (a shop's figure is per SKU).
import type { StockLevel } from '../../api/hub';

/** GridRow is one SKU: its level in each warehouse, the sum, and what each shop is shown. */
export interface GridRow {
  sku: string;
  byWarehouse: Record<string, StockLevel>;
  total: { on_hand: number; reserved: number; available: number };
  published: Record<string, number>;
}

/** pivot turns the levels (one per SKU and warehouse) into one row per SKU. */
export function pivot(levels: StockLevel[], published: Map<string, Record<string, number>>): GridRow[] {
  const rows = new Map<string, GridRow>();
  for (const l of levels) {
    let r = rows.get(l.sku);
    if (!r) {
      r = { sku: l.sku, byWarehouse: {}, total: { on_hand: 0, reserved: 0, available: 0 }, published: published.get(l.sku) ?? {} };
      rows.set(l.sku, r);
    }
    r.byWarehouse[l.warehouse] = l;
    r.total.on_hand += l.on_hand;
    r.total.reserved += l.reserved;
    r.total.available += l.available;
  }
  return [...rows.values()].sort((a, b) => a.sku.localeCompare(b.sku));
}
