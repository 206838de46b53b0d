// The fixes the exception queue offers, each the API calls a person would
// make by hand: map the listing, receive the stock, correct the address,
// then retry the hold.
import { api } from '../../api/client';
import type { OrderDetail } from '../../api/types';

export interface Mapping {
  channel: string;
  shop: string;
  external_item_id: string;
  external_sku_id?: string;
  sku: string;
}

export function mapListing(m: Mapping) {
  return api.put('/api/v1/listings', m, { quiet: true });
}

export interface Receipt {
  sku: string;
  warehouse: string;
  quantity: number;
}

export function receiveStock(r: Receipt) {
  return api.post('/api/v1/stock/receipts', r, { quiet: true });
}

/** retryOrder evaluates the hold again; the answer says whether the order is still held. */
export function retryOrder(id: number) {
  return api.post<OrderDetail>(`/api/v1/orders/${id}/retry`, undefined, { quiet: true });
}

export function approveOrder(id: number) {
  return api.post<OrderDetail>(`/api/v1/orders/${id}/approve`, undefined, { quiet: true });
}

export function retryAllHolds() {
  return api.post<{ released: number; still_held: number }>('/api/v1/orders/holds/retry', undefined, { quiet: true });
}

export interface Receiver {
  name: string;
  phone: string;
  address: { province: string; city?: string; district?: string; detail: string };
}

/** correctReceiver replaces who the order ships to; the address hold is then retried. */
export function correctReceiver(id: number, r: Receiver) {
  return api.put<OrderDetail>(`/api/v1/orders/${id}/receiver`, r, { quiet: true });
}
