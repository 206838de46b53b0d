// Shapes the stock, products, shops, finance and settings pages read
// (internal/httpapi/openapi.json). Amounts stay decimal strings.
import type { Money, Role } from './types';

export interface Items<T> {
  items: T[];
}

export interface Warehouse {
  code: string;
  name: string;
  province: string;
  priority: number;
  active: boolean;
  entity: string;
}

export interface StockLevel {
  sku: string;
  warehouse: string;
  on_hand: number;
  reserved: number;
  available: number;
}

export interface StockPromise {
  sku: string;
  sellable: number;
  safety: number;
  available: number;
  shop_available: number;
  published: number;
}

export interface StockMovement {
  id: number;
  kind: string;
  sku: string;
  warehouse: string;
  on_hand_delta: number;
  reserved_delta: number;
  reservation?: string;
  source_key: string;
  at: string;
}

export interface SKU {
  code: string;
  product?: string;
  name: string;
  barcode?: string;
  spec?: string;
  unit?: string;
  tax_rate: string;
  weight_g?: number;
  components?: { sku: string; quantity: number }[];
  created_at: string;
}

export interface Listing {
  channel: string;
  shop: string;
  external_item_id: string;
  external_sku_id?: string;
  sku: string;
  created_at?: string;
}

export interface SheetRowError {
  row: number;
  column?: string;
  reason: string;
}

export interface SKUImport {
  imported: number;
  errors: SheetRowError[];
}

export interface Entity {
  id: number;
  code: string;
  name: string;
  base_currency: string;
  timezone: string;
  created_at: string;
}

export interface Shop {
  id: string;
  channel: string;
  name: string;
  entity: string;
  currency: string;
  timezone: string;
  active: boolean;
  secrets: { name: string; set_at: string; rotated_at: string | null }[];
  api_base_url?: string;
  created_at: string;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface ShopHealth {
  shop: string;
  platform: string;
  status: HealthStatus;
  reasons: { code: string; message: string }[];
  checked_at: string;
  pull: { pulls: boolean; last_run_at?: string; last_success_at?: string; lag_seconds?: number; last_error?: string };
  webhooks: { received_last_hour: number; pending: number; refused_last_hour: number };
  stock_push: { pushes: number; failures: number; pending: number; last_push_at?: string };
  jobs: { retrying: number; dead_letters: number };
}

export interface Job {
  id: number;
  kind: string;
  state: string;
  attempt: number;
  max_attempts: number;
  args: Record<string, unknown>;
  errors: { at?: string; attempt?: number; error?: string }[];
  created_at: string;
  finalized_at?: string;
}

export interface ShopSync {
  job: number;
  already_queued: boolean;
}

export interface TrialBalance {
  at: string;
  entity: number;
  lines: { account: string; name_zh: string; name_en: string; debit: Money; credit: Money }[];
  totals: { debit: Money; credit: Money; balanced: boolean }[];
}

export interface Account {
  code: string;
  name_zh: string;
  name_en: string;
  class: string;
  normal_side: 'debit' | 'credit';
}

export interface LedgerMovement {
  entry: number;
  seq: number;
  line: number;
  effective_at: string;
  description: string;
  side: 'debit' | 'credit';
  amount: Money;
  shop: string;
  channel: string;
  sku: string;
}

export interface AccountBalance {
  account: string;
  entity: number;
  balances: { side: 'debit' | 'credit'; amount: Money }[];
}

export interface User {
  id: number;
  name: string;
  role: Role;
  shops?: string[];
  created_at: string;
  disabled: boolean;
  active: boolean;
}

export interface Token {
  id: string;
  user_id: number;
  user: string;
  label: string;
  created_at: string;
  last_used_at?: string | null;
  revoked: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  role: string;
  via: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
  hash: string;
}

/** A kept inbound payload (GET /api/v1/raw-events); its body is sealed. */
export interface RawEvent {
  id: number;
  source: string;
  received_at: string;
  headers: Record<string, string>;
  order_key: string;
  /** empty when it was taken in; else the code it was (last) refused with */
  outcome: string;
  outcome_message?: string;
}

/** What replaying one kept payload did (POST /api/v1/raw-events/replay). */
export interface Replayed {
  id: number;
  source: string;
  received_at: string;
  order_id?: number;
  status?: string;
  effect?: 'created' | 'applied' | 'held' | 'stale' | 'duplicate';
  error?: { code: string; message: string; field?: string };
}
