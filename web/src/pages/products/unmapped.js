export function unmappedListings(held) {
    const byKey = new Map();
    for (const o of held) {
        if (o.hold?.reason !== 'sku_unmapped')
            continue;
        for (const l of o.lines) {
            if (l.sku || !l.external_item_id)
                continue;
            const key = [o.channel, o.shop, l.external_item_id, l.external_sku_id ?? ''].join('|');
            let u = byKey.get(key);
            if (!u) {
                u = { key, channel: o.channel, shop: o.shop, external_item_id: l.external_item_id, external_sku_id: l.external_sku_id ?? '', title: l.title ?? '', orders: [], units: 0 };
                byKey.set(key, u);
            }
            if (!u.orders.includes(o.id))
                u.orders.push(o.id);
            u.units += l.quantity;
        }
    }
    for (const u of byKey.values())
        u.orders.sort((a, b) => a - b);
    // The listing holding up the most orders first.
    return [...byKey.values()].sort((a, b) => b.orders.length - a.orders.length || a.key.localeCompare(b.key));
}
/** contentTypeOf is the Content-Type an import sends a file as, by its name; null for a type it does not take. */
export function contentTypeOf(name) {
    const ext = name.toLowerCase().split('.').pop();
    if (ext === 'csv' || ext === 'txt')
        return 'text/csv';
    if (ext === 'xlsx')
        return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return null;
}
