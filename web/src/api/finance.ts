// Shapes of the finance APIs the console's settlement, period, ERP and
// invoice pages read (internal/httpapi/openapi.json), and their hooks.
import type { Money } from './types';
import { useGet } from './hooks';

export interface Payout {
  id: number;
  shop: string;
  platform: string;
  format: string;
  ref: string;
  currency: string;
  start: string | null;
  end: string | null;
  deposit_at: string | null;
  total: Money | null;
  status: string;
  import_id: number;
  lines: number;
  imported_at: string;
  /** reconciliation: the current run in brief; the payouts list only, absent while never reconciled. */
  reconciliation?: ReconBrief;
}

export interface ReconBrief {
  run: number;
  differences: number;
  by_class: Record<string, number>;
  remainder: Money;
}

export interface PayoutLine {
  id: number;
  key: string;
  kind: string;
  type: string;
  order_ref: string;
  refund_ref: string;
  txn_ref: string;
  sku: string;
  quantity: number;
  amount: Money;
  posted_at: string | null;
  row: number;
}

export interface PayoutPage {
  payout: Payout;
  lines: PayoutLine[];
  next_after: string;
}

export interface SettlementImportResult {
  import_id: number;
  status: 'applied' | 'duplicate';
  payouts: number;
  lines_read: number;
  lines_new: number;
  lines_duplicate: number;
  moved: number;
}

export interface SettlementFormat {
  name: string;
  platform: string;
  summary: string;
}

export interface ReconStep {
  name: 'sales' | 'refunds' | 'commission' | 'fees' | 'adjustments' | 'payout';
  expected: Money;
  actual: Money;
}

export interface ReconDifference {
  class: string;
  subject: string;
  message: string;
  order_id?: number;
  order_ref?: string;
  type?: string;
  line_keys: string[];
  expected: Money;
  actual: Money;
  impact: Money;
}

export interface ReconRun {
  id: number;
  status: 'current' | 'superseded';
  rules_version: number;
  differences: number;
  entries: number[];
  reversed_by: number[];
  superseded_by?: number;
  created_at: string;
}

export interface Reconciliation {
  payout: Payout;
  run: ReconRun | null;
  waterfall: { steps: ReconStep[]; explained: Money; tolerated: Money; remainder: Money } | null;
  differences: ReconDifference[];
  runs: ReconRun[];
}

export interface ReconcileResult {
  status: 'applied' | 'duplicate';
  run_id: number;
  reversed: number;
  posted: number[];
  reconciliation: Reconciliation;
}

/** One payout's outcome in POST /api/v1/shops/{id}/settlement-reconcile. */
export interface PayoutReconciled {
  payout_id: number;
  ref: string;
  status: 'applied' | 'duplicate';
  run_id: number;
  posted: number[];
  reversed: number;
  differences: number;
}

/** What reconciling a shop's payouts did; stopped names the payout that failed midway. */
export interface ShopReconciliation {
  shop: string;
  payouts: number;
  reconciled: PayoutReconciled[];
  totals: { applied: number; duplicate: number; posted: number; reversed: number; differences: number };
  stopped: { payout_id: number; ref: string; error: { code: string; message: string; field?: string } } | null;
}

export interface Period {
  entity: number;
  period: string;
  status: 'closed' | 'open';
  start: string;
  end: string;
  closed_at: string;
  closed_by: string;
  reopened_at: string | null;
  reopened_by?: string;
  reopen_reason?: string;
}

export interface PeriodReport {
  entity: number;
  period: string;
  status: 'closed' | 'open';
  start: string;
  end: string;
  entries: number;
  late_items: number;
  trial_balance: { account: string; currency: string; debit: Money; credit: Money }[];
  totals: { account: string; currency: string; debit: Money; credit: Money }[];
  reconciliation: { unreconciled_payouts: number; open_differences: Money[] };
}

export interface ErpPush {
  erp: string;
  voucher_id: string;
  entity: number;
  entry_id: number;
  period: string;
  map_version: number;
  outcome: 'created' | 'exists' | 'failed';
  erp_ref: string;
  attempt: number;
  error: string;
  at: string;
}

export interface ErpPushResult {
  erp: string;
  period: string;
  vouchers: number;
  sent: number;
  already_arrived: number;
  error?: string;
  results: { id: string; outcome: string; erp_ref: string; error: string }[];
}

export interface Invoice {
  id: number;
  shop: string;
  order_id: number;
  kind: 'blue' | 'red';
  title: string;
  title_kind: string;
  tax_no: string;
  type: string;
  amount: Money;
  source: string;
  status: 'requested' | 'issued' | 'rejected' | 'cancelled';
  number: string;
  issued_on: string;
  reason: string;
  created_at: string;
}

export const erps = ['kingdee', 'yonyou', 'netsuite', 'odoo'] as const;

/** usePayouts lists a shop's payouts (all shops when shop is empty), newest first. */
export function usePayouts(shop: string) {
  return useGet<{ items: Payout[]; next_cursor: string }>('/api/v1/settlements/payouts', { shop, limit: 200 });
}

export function useReconciliation(id: number | null) {
  return useGet<Reconciliation>(id === null ? null : `/api/v1/settlements/payouts/${id}/reconciliation`);
}

export function usePeriods(entity: string) {
  return useGet<{ periods: Period[] }>('/api/v1/periods', { entity });
}

export interface EntityRef {
  id: number;
  code: string;
  name: string;
  base_currency: string;
}

/** useEntities lists the legal entities (periods and ERP pushes are per entity). */
export function useEntities(): EntityRef[] {
  return useGet<{ items: EntityRef[] }>('/api/v1/entities', undefined, true).data?.items ?? [];
}
