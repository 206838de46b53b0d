/**
 * fieldOfCode names the field of refusals the server raises without one
 * (a conflict or a missing referent is about the value of one field).
 */
export const fieldOfCode = {
    sku_not_found: 'sku',
    warehouse_not_found: 'warehouse',
    insufficient_stock: 'quantity',
    stock_below_reserved: 'quantity',
    shop_id_taken: 'id',
    shop_not_found: 'shop',
    entity_code_taken: 'code',
    entity_not_found: 'entity',
    user_exists: 'name',
    user_not_found: 'user',
    last_admin: 'role',
};
/**
 * fieldErrorFor maps an error to the form field it names, if the form has
 * it: fields lists the form's field names, and aliases maps the server's
 * names to the form's where they differ (e.g. "value" → "secret").
 */
export function fieldErrorFor(err, fields, aliases = {}) {
    if (!isApiError(err))
        return null;
    const field = err.field || fieldOfCode[err.code];
    if (!field)
        return null;
    const name = aliases[field] ?? field;
    // "lines[0].sku" or "address.city": match the first segment the form knows.
    const head = name.split(/[.[]/)[0];
    const hit = fields.includes(name) ? name : fields.includes(head) ? head : null;
    return hit ? { name: [hit], errors: [err.message] } : null;
}
/** isApiError tells an answer of the hub (it has a code) from any other failure, by shape: this module stays free of the client's run-time imports. */
function isApiError(err) {
    return err instanceof Error && typeof err.code === 'string' && typeof err.status === 'number';
}
export function errorText(err) {
    return err instanceof Error ? err.message : String(err);
}
