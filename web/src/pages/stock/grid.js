/** pivot turns the levels (one per SKU and warehouse) into one row per SKU. */
export function pivot(levels, published) {
    const rows = new Map();
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
