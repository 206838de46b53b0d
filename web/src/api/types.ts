// Shapes of the hub's JSON (internal/httpapi/openapi.json). Amounts are
// decimal strings and stay strings: the console only displays them.
export interface Money {
  amount: string;
  currency: string;
}

export type Role = 'admin' | 'finance' | 'operations' | 'warehouse' | 'purchasing' | 'viewer';

export interface SessionUser {
  id: number;
  name: string;
  role: Role;
  shops: string[];
}

export interface Session {
  user: SessionUser;
  csrf_token: string;
  expires_at: string;
  idle_timeout_seconds: number;
}

export interface Hold {
  reason: string;
  message?: string;
  detail?: Record<string, string>;
}

export interface OrderLine {
  sku: string;
  external_item_id?: string;
  external_sku_id?: string;
  title?: string;
  quantity: number;
  returned: number;
  unit_price: Money;
  line_discount: Money;
  tax_rate: string;
  allocated_discount: Money;
  total: Money;
  net: Money;
  tax: Money;
  warehouse?: string;
}

export interface Contact {
  name?: string;
  phone?: string;
  province?: string;
  city?: string;
  district?: string;
  detail?: string;
}

export interface Order {
  id: number;
  channel: string;
  shop: string;
  external_id: string;
  version: number;
  status: string;
  hold?: Hold;
  buyer_ref: string;
  currency: string;
  lines: OrderLine[];
  shipping_fee: Money;
  discount: Money;
  total: Money;
  province?: string;
  warehouse?: string;
  carrier?: string;
  tracking_no?: string;
  fulfillment: string;
  contact?: Contact;
  contact_error?: string;
  paid_at?: string;
  created_at: string;
  updated_at?: string;
}

export interface Reservation {
  id: string;
  ref: string;
  sku: string;
  warehouse: string;
  quantity: number;
  status: string;
  created_at: string;
  resolved_at?: string;
}

export interface Posting {
  account: string;
  side: 'debit' | 'credit';
  amount: Money;
  shop?: string;
  channel?: string;
  sku?: string;
  /** source names the business record behind the posting (an order, a payout, …), when there is one. */
  source?: { kind: string; id: string } | null;
}

export interface Entry {
  id: number;
  entity?: number;
  source_key: string;
  description: string;
  effective_at: string;
  posted_at: string;
  reverses: number | null;
  /** the entry that reversed this one: only on the single-entry read */
  reversed_by?: number;
  postings: Posting[];
}

export interface OrderEvent {
  id: number;
  topic: string;
  order_id?: number;
  payload: unknown;
  created_at: string;
}

export interface OrderDetail extends Order {
  effect?: string;
  reservations?: Reservation[];
  journal?: Entry[];
  versions?: { version: number; status: string; effect: string; raw_event_id: number; received_at: string }[];
  events?: OrderEvent[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string;
}

// Analytics (contracts.md §5).
export interface OverviewTotals {
  currency: string;
  gmv: string;
  orders: number;
  aov: string;
  refunds: string;
  refund_rate: string;
  revenue: string;
  cogs: string;
  gross_margin: string;
  gross_margin_rate: string;
}

export interface OverviewDay {
  day: string;
  currency: string;
  gmv: string;
  orders: number;
  refunds: string;
  revenue: string;
  cogs: string;
}

export interface OverviewShop {
  shop: string;
  channel: string;
  currency: string;
  gmv: string;
  orders: number;
  refunds: string;
  revenue: string;
  cogs: string;
}

export interface Overview {
  from: string;
  to: string;
  zone: string;
  totals: OverviewTotals[];
  by_day: OverviewDay[];
  by_shop: OverviewShop[];
}

export interface Alerts {
  stock: { sku: string; warehouse: string; on_hand: number; reserved: number; available: number; safety: number }[];
  exceptions: { reason: string; count: number }[];
  connectors: { shop: string; status: 'ok' | 'degraded' | 'down'; detail: string }[];
}
