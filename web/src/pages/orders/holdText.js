/**
 * describeHold says why an order is held in the user's language, from the
 * hold's structured detail. The server's own message (English, naming the
 * API call that fixes it) is kept for the tooltip, and used as it is for
 * the reasons whose detail says nothing more (a person's note on a manual
 * hold, an amount mismatch).
 */
export function describeHold(h, t) {
    const d = h.detail ?? {};
    switch (h.reason) {
        case 'sku_unmapped':
            return d.external_item_id
                ? t('orders:holdText.unmappedItem', { line: d.line, item: d.external_item_id, skuId: d.external_sku_id || '—' })
                : t('orders:holdText.unmappedSku', { line: d.line, sku: d.sku });
        case 'insufficient_stock': {
            const needs = Object.entries(d)
                .map(([sku, q]) => `${q} × ${sku}`)
                .sort()
                .join(t('orders:holdText.sep'));
            return t('orders:holdText.noStock', { needs });
        }
        case 'address_invalid':
            return t('orders:holdText.address', { missing: d.missing ?? '' });
        case 'changed_after_shipping':
            return t('orders:holdText.changed', { changed: d.changed ?? '' });
        case 'currency_unsupported':
            return t('orders:holdText.currency', { currency: d.currency ?? '' });
        default:
            return h.message ?? '';
    }
}
