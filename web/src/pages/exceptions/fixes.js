// The fixes the exception queue offers, each the API calls a person would
// make by hand: map the listing, receive the stock, correct the address,
// then retry the hold.
import { api } from '../../api/client';
export function mapListing(m) {
    return api.put('/api/v1/listings', m, { quiet: true });
}
export function receiveStock(r) {
    return api.post('/api/v1/stock/receipts', r, { quiet: true });
}
/** retryOrder evaluates the hold again; the answer says whether the order is still held. */
export function retryOrder(id) {
    return api.post(`/api/v1/orders/${id}/retry`, undefined, { quiet: true });
}
export function approveOrder(id) {
    return api.post(`/api/v1/orders/${id}/approve`, undefined, { quiet: true });
}
export function retryAllHolds() {
    return api.post('/api/v1/orders/holds/retry', undefined, { quiet: true });
}
/** correctReceiver replaces who the order ships to; the address hold is then retried. */
export function correctReceiver(id, r) {
    return api.put(`/api/v1/orders/${id}/receiver`, r, { quiet: true });
}
