// Colours of the order statuses and hold reasons, shared by the orders,
// exceptions and dashboard pages.
export const orderStatuses = [
    'awaiting_payment',
    'paid',
    'reviewing',
    'on_hold',
    'approved',
    'allocated',
    'shipped',
    'completed',
    'cancelled',
    'partially_refunded',
    'refunded',
];
export const holdReasons = [
    'sku_unmapped',
    'insufficient_stock',
    'address_invalid',
    'amount_mismatch',
    'manual',
    'changed_after_shipping',
    'currency_unsupported',
];
const statusColors = {
    awaiting_payment: 'default',
    paid: 'blue',
    reviewing: 'cyan',
    on_hold: 'red',
    approved: 'geekblue',
    allocated: 'purple',
    shipped: 'green',
    completed: 'success',
    cancelled: 'default',
    partially_refunded: 'orange',
    refunded: 'volcano',
};
export function statusColor(s) {
    return statusColors[s] ?? 'default';
}
