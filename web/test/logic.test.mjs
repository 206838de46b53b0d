// Unit tests of the console's pure logic (money, error mapping, the grids
// and queues the pages derive), run by `npm test` on the TypeScript
// compiled by tsconfig.unit.json; node's own test runner, no dependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const out = '../node_modules/.cache/unit';
const { formatMoney, formatRate } = await import(`${out}/lib/money.js`);
const { fieldErrorFor } = await import(`${out}/lib/formErrors.js`);
const { pivot } = await import(`${out}/pages/stock/grid.js`);
const { unmappedListings, contentTypeOf } = await import(`${out}/pages/products/unmapped.js`);
const { entryTotals, filterEntries, toUnits, fromUnits, entryIdOf, postingSource, accountName } = await import(`${out}/pages/finance/journal.js`);
const { deadLettersOf, lastError } = await import(`${out}/pages/shops/deadLetters.js`);

// apiError is what the client raises for a hub's error answer.
const apiError = (status, code, message, field) => Object.assign(new Error(message), { status, code, field });

test('formatMoney keeps every digit of the decimal string, in its currency', () => {
  assert.equal(formatMoney('1234567890123.45', 'CNY', 'zh-CN'), '¥1,234,567,890,123.45');
  assert.equal(formatMoney('0.10', 'USD', 'en'), '$0.10');
  assert.equal(formatMoney('-5.00', 'CNY', 'en'), '-CN¥5.00');
  assert.equal(formatMoney('', 'CNY', 'en'), '—');
  assert.equal(formatMoney('n/a', 'CNY', 'en'), 'n/a');
});

test('formatRate moves the point of a 4-place ratio', () => {
  assert.equal(formatRate('0.0405'), '4.05%');
  assert.equal(formatRate('0.13'), '13.00%');
  assert.equal(formatRate('1.2500'), '125.00%');
  assert.equal(formatRate(''), '—');
});

test('fieldErrorFor puts the server error on the field it names, or the field its code concerns', () => {
  const fields = ['sku', 'warehouse', 'quantity', 'unit_cost', 'currency'];
  assert.deepEqual(fieldErrorFor(apiError(400, 'sku_invalid', 'bad sku', 'sku'), fields), { name: ['sku'], errors: ['bad sku'] });
  assert.deepEqual(fieldErrorFor(apiError(409, 'stock_below_reserved', 'too few'), fields), { name: ['quantity'], errors: ['too few'] });
  assert.deepEqual(fieldErrorFor(apiError(400, 'x', 'amount', 'unit_cost.amount'), fields, { 'unit_cost.amount': 'unit_cost' }), { name: ['unit_cost'], errors: ['amount'] });
  assert.deepEqual(fieldErrorFor(apiError(400, 'x', 'line', 'lines[0].sku'), ['lines']), { name: ['lines'], errors: ['line'] });
  assert.equal(fieldErrorFor(apiError(400, 'x', 'elsewhere', 'nope'), fields), null, 'a field the form lacks is a message');
  assert.equal(fieldErrorFor(apiError(503, 'busy', 'busy'), fields), null);
  assert.equal(fieldErrorFor(new Error('network'), fields), null, 'not a hub answer');
});

test('pivot makes one row per SKU with each warehouse, the sum and the shops published', () => {
  const rows = pivot(
    [
      { sku: 'B', warehouse: 'SH', on_hand: 5, reserved: 1, available: 4 },
      { sku: 'A', warehouse: 'SH', on_hand: 10, reserved: 3, available: 7 },
      { sku: 'A', warehouse: 'GZ', on_hand: 2, reserved: 0, available: 2 },
    ],
    new Map([['A', { T1: 6 }]]),
  );
  assert.deepEqual(rows.map((r) => r.sku), ['A', 'B']);
  assert.deepEqual(rows[0].total, { on_hand: 12, reserved: 3, available: 9 });
  assert.equal(rows[0].byWarehouse.GZ.on_hand, 2);
  assert.deepEqual(rows[0].published, { T1: 6 });
  assert.deepEqual(rows[1].published, {});
  assert.equal(rows[1].byWarehouse.GZ, undefined);
});

test('unmappedListings groups the held orders by the listing they wait on', () => {
  const line = (sku, item, skuId, quantity = 1) => ({ sku, external_item_id: item, external_sku_id: skuId, title: 't' + item, quantity });
  const order = (id, reason, lines, shop = 'T1') => ({ id, channel: 'tmall', shop, hold: reason ? { reason } : undefined, lines });
  const queue = unmappedListings([
    order(3, 'sku_unmapped', [line('', 'I1', 'S1', 2), line('TEA', 'I9', '')]),
    order(1, 'sku_unmapped', [line('', 'I1', 'S1'), line('', 'I2', '')]),
    order(2, 'insufficient_stock', [line('', 'I3', '')]),
    order(4, 'sku_unmapped', [line('', 'I1', 'S1')], 'T2'),
  ]);
  assert.deepEqual(
    queue.map((u) => [u.shop, u.external_item_id, u.external_sku_id, u.orders, u.units]),
    [
      ['T1', 'I1', 'S1', [1, 3], 3],
      ['T1', 'I2', '', [1], 1],
      ['T2', 'I1', 'S1', [4], 1],
    ],
  );
});

test('contentTypeOf sends CSV and xlsx as the import takes them, nothing else', () => {
  assert.equal(contentTypeOf('SKUs.CSV'), 'text/csv');
  assert.equal(contentTypeOf('a.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(contentTypeOf('a.xls'), null);
});

test('entryTotals adds debit postings per currency digit-exactly', () => {
  const p = (side, amount, currency = 'CNY', account = '1122') => ({ side, account, amount: { amount, currency }, shop: '', sku: '' });
  const e = { postings: [p('debit', '0.10'), p('debit', '0.2'), p('credit', '0.30'), p('debit', '9007199254740993.01', 'USD'), p('debit', '-1.00', 'USD')] };
  assert.deepEqual(entryTotals(e), [
    { currency: 'CNY', amount: '0.30' },
    { currency: 'USD', amount: '9007199254740992.01' },
  ]);
  assert.equal(toUnits('-0.5', 2), -50n);
  assert.equal(fromUnits(-5n, 2), '-0.05');
});

test('filterEntries applies account, text, shop, SKU and day filters', () => {
  const e = (id, day, account, shop, description) => ({ id, effective_at: day, description, source_key: 'k' + id, postings: [{ account, shop, sku: 'S' + id }] });
  const all = [e(1, '2026-11-01', '1122', 'T1', '销售 A'), e(2, '2026-11-02', '6001', 'T2', 'refund B'), e(3, '2026-11-03', '1122', 'T2', '销售 C')];
  const ids = (f) => filterEntries(all, f, (t) => t).map((x) => x.id);
  assert.deepEqual(ids({ account: '1122' }), [1, 3]);
  assert.deepEqual(ids({ shop: 'T2', account: '1122' }), [3]);
  assert.deepEqual(ids({ text: 'REFUND' }), [2]);
  assert.deepEqual(ids({ text: 'k3' }), [3]);
  assert.deepEqual(ids({ sku: 'S2' }), [2]);
  assert.deepEqual(ids({ from: '2026-11-02', to: '2026-11-02' }), [2]);
});

test('entryIdOf reads an entry id from its API path, a bare id or a number, nothing else', () => {
  assert.equal(entryIdOf('/api/v1/ledger/entries/123'), 123);
  assert.equal(entryIdOf('42'), 42);
  assert.equal(entryIdOf(7), 7);
  assert.equal(entryIdOf('/api/v1/ledger/entries/'), null);
  assert.equal(entryIdOf('/api/v1/orders/12'), null, 'another resource is not an entry');
  assert.equal(entryIdOf('/api/v1/ledger/entries/12/reverse'), null);
  assert.equal(entryIdOf('0'), null);
  assert.equal(entryIdOf(-3), null);
  assert.equal(entryIdOf('99999999999999999999'), null, 'beyond a safe integer');
});

test('postingSource names the record behind a posting; accountName follows the language', () => {
  assert.equal(postingSource({ source: { kind: 'order', id: '981' } }), 'order:981');
  assert.equal(postingSource({ source: null }), '');
  assert.equal(postingSource({}), '');
  const a = { name_zh: '应收账款', name_en: 'Accounts receivable' };
  assert.equal(accountName(a, 'zh-CN'), '应收账款');
  assert.equal(accountName(a, 'en'), 'Accounts receivable');
  assert.equal(accountName(undefined, 'en'), '');
});

test('deadLettersOf keeps the discarded jobs naming the shop', () => {
  const job = (id, state, shop, errors = []) => ({ id, state, args: shop === undefined ? {} : { shop }, errors });
  const jobs = [job(1, 'discarded', 'T1', [{ error: 'first' }, { error: 'last' }]), job(2, 'discarded', 'T2'), job(3, 'retryable', 'T1'), job(4, 'discarded')];
  assert.deepEqual(deadLettersOf(jobs, 'T1').map((j) => j.id), [1]);
  assert.equal(lastError(jobs[0]), 'last');
  assert.equal(lastError(jobs[1]), '');
});

test('filterEntries also filters by channel, as the dashboard links to the journal', () => {
  const e = (id, channel) => ({ id, effective_at: '2026-11-01', description: '', source_key: '', postings: [{ account: '6001', shop: 'T1', channel, sku: '' }] });
  assert.deepEqual(filterEntries([e(1, 'tmall'), e(2, 'jd')], { channel: 'jd' }, (t) => t).map((x) => x.id), [2]);
});

const { waterfallBars, stepGap, orderDifferences, isOpen, isZero, briefOpen } = await import(`${out}/pages/settlements/recon.js`);

const step = (name, expected, actual) => ({ name, expected: { amount: expected, currency: 'CNY' }, actual: { amount: actual, currency: 'CNY' } });
const steps = [
  step('sales', '1100.00', '1100.00'),
  step('refunds', '-61.50', '-61.50'),
  step('commission', '0.00', '0.00'),
  step('fees', '-33.00', '-35.20'),
  step('adjustments', '0.00', '-50.00'),
  step('payout', '1005.50', '953.30'),
];

test('waterfallBars floats each step from where the steps before it ended; the payout stands on zero', () => {
  const bars = waterfallBars(steps, 'actual');
  assert.deepEqual(bars.map((b) => [b.name, b.base, b.height, b.falling]), [
    ['sales', 0, 1100, false],
    ['refunds', 1038.5, 61.5, true],
    ['commission', 1038.5, 0, false],
    ['fees', 1003.3, 35.2, true],
    ['adjustments', 953.3, 50, true],
    ['payout', 0, 953.3, false],
  ]);
  const expected = waterfallBars(steps, 'expected');
  assert.equal(expected[3].base, 1005.5, 'the expected side runs on its own amounts');
  assert.equal(expected[5].height, 1005.5);
  assert.equal(bars[1].amount, '-61.50', 'the label keeps the API string');
});

test('waterfallBars draws a negative payout below zero and sums exactly where floats would drift', () => {
  const bars = waterfallBars([step('sales', '0.10', '0.10'), step('refunds', '0.20', '0.20'), step('payout', '-5.00', '-5.00')], 'actual');
  assert.equal(bars[1].base, 0.1, '0.1 + 0.2 kept exact in units');
  assert.deepEqual([bars[2].base, bars[2].height, bars[2].falling], [-5, 5, true]);
});

test('stepGap is actual − expected, digit-exactly', () => {
  assert.equal(stepGap(steps[3]), '-2.20');
  assert.equal(stepGap(steps[5]), '-52.20');
  assert.equal(stepGap(steps[0]), '0.00');
});

test('orderDifferences puts open differences first, then by the size of their impact', () => {
  const d = (cls, impact) => ({ class: cls, impact: { amount: impact, currency: 'CNY' } });
  const diffs = [d('adjustment', '-500.00'), d('order_not_in_hub', '60.00'), d('fee_rate_drift', '-2.20'), d('short_payment', '-80.00'), d('fx_difference', '0.01'), d('unknown_line', '60.00')];
  assert.deepEqual(orderDifferences(diffs).map((x) => x.class), ['short_payment', 'order_not_in_hub', 'unknown_line', 'fee_rate_drift', 'adjustment', 'fx_difference']);
  assert.equal(isOpen(d('adjustment', '1')), false);
  assert.equal(isOpen(d('unexpected_fee', '1')), true);
  assert.deepEqual(diffs.map((x) => x.class)[0], 'adjustment', 'the input is left as it was');
});

test('isZero reads any spelling of zero', () => {
  assert.equal(isZero('0.00'), true);
  assert.equal(isZero('-0.00'), true);
  assert.equal(isZero('0.01'), false);
});

const profit = await import(`${out}/pages/profit/profit.js`);

const profitRow = (o) => ({
  currency: 'CNY', lines: 1, actual_lines: 0, margin_rate: '0', links: { orders: '/api/v1/orders?from=2026-01-01&to=2026-01-01' },
  ...Object.fromEntries(profit.moneyFields.map((f) => [f, '0.00'])), ...o,
});

test('toggleGroup keeps the API order and never sends sku with campaign', () => {
  assert.deepEqual(profit.toggleGroup(['channel', 'day'], 'shop'), ['shop', 'channel', 'day']);
  assert.deepEqual(profit.toggleGroup(['channel', 'day'], 'day'), ['channel']);
  assert.deepEqual(profit.toggleGroup(['campaign', 'day'], 'sku'), ['day', 'sku']);
  assert.deepEqual(profit.toggleGroup(['day', 'sku'], 'campaign'), ['campaign', 'day']);
});

test('profit totals sum per currency exactly, past what a double holds', () => {
  const rows = [
    profitRow({ revenue: '9007199254740993.01', net_margin: '-0.10' }),
    profitRow({ revenue: '0.02', net_margin: '0.30', lines: 2 }),
    profitRow({ currency: 'USD', revenue: '5.5', net_margin: '1' }),
  ];
  const tot = profit.totals(rows);
  assert.deepEqual(tot.map((x) => x.currency), ['CNY', 'USD']);
  assert.equal(tot[0].figures.revenue, '9007199254740993.03');
  assert.equal(tot[0].figures.net_margin, '0.20');
  assert.equal(tot[0].lines, 3);
  assert.equal(tot[1].figures.revenue, '5.5');
  assert.equal(profit.sumAmounts(['1.005', '-2', '']), '-0.995');
});

test('estimateActual: commission and fees at sale against what the settlements took', () => {
  assert.deepEqual(profit.estimateActual(profitRow({ est_commission: '3.00', est_fees: '1.20' })), { estimate: '4.20', actual: null, gap: null });
  const settled = profit.estimateActual(profitRow({ est_commission: '3.00', est_fees: '1.20', act_commission: '3.10', act_fees: '1.00', act_adjust: '-0.50', actual_lines: 1 }));
  assert.deepEqual(settled, { estimate: '4.20', actual: '3.60', gap: '-0.60' });
});

test('chartData: revenue per channel over the days, margin summed per currency', () => {
  const rows = [
    profitRow({ day: '2026-01-02', channel: 'shopify', revenue: '10.00', net_margin: '2.00' }),
    profitRow({ day: '2026-01-01', channel: 'tmall', revenue: '5.00', net_margin: '1.50' }),
    profitRow({ day: '2026-01-01', channel: 'shopify', revenue: '7.25', net_margin: '0.25' }),
  ];
  const d = profit.chartData(rows, ['channel', 'day']);
  assert.deepEqual(d.x, ['2026-01-01', '2026-01-02']);
  assert.deepEqual(d.bars, [
    { name: 'shopify · CNY', currency: 'CNY', values: [7.25, 10] },
    { name: 'tmall · CNY', currency: 'CNY', values: [5, 0] },
  ]);
  assert.deepEqual(d.margin, [{ currency: 'CNY', values: [1.75, 2] }]);
  const flat = profit.chartData(rows.slice(1), ['channel']);
  assert.deepEqual(flat.x, ['shopify · CNY', 'tmall · CNY']);
  assert.equal(profit.consoleLink('/api/v1/orders?shop=a'), '/orders?shop=a');
  assert.deepEqual(profit.splitLink('/api/v1/orders?from=2026-01-01&shop=a%20b'), { path: '/api/v1/orders', query: { from: '2026-01-01', shop: 'a b' } });
  assert.deepEqual(profit.splitLink('/api/v1/orders'), { path: '/api/v1/orders', query: {} });
});

const arap = await import(`${out}/pages/arap/arap.js`);

test('agingTotals sums every bucket per currency exactly', () => {
  const row = (currency, b, total, items) => ({ type: 'supplier', party: 'X', currency, buckets: Object.fromEntries(arap.buckets.map((k, i) => [k, b[i]])), total: { amount: total, currency }, items });
  const tot = arap.agingTotals([
    row('CNY', ['0.10', '0.20', '0.00', '0.00', '9007199254740993.00'], '9007199254740993.30', 2),
    row('USD', ['1.00', '0.00', '0.00', '0.00', '0.00'], '1.00', 1),
    row('CNY', ['0.20', '0.00', '5.00', '0.00', '0.00'], '5.20', 1),
  ]);
  assert.deepEqual(tot.map((x) => x.currency), ['CNY', 'USD']);
  assert.deepEqual(tot[0].buckets, { current: '0.30', '1-30': '0.20', '31-60': '5.00', '61-90': '0.00', over_90: '9007199254740993.00' });
  assert.equal(tot[0].total, '9007199254740998.50');
  assert.equal(tot[0].items, 3);
  assert.equal(arap.tieHolds({ difference: '0.00' }), true);
  assert.equal(arap.tieHolds({ difference: '-0.01' }), false);
});

test('cashSeries: inflows above zero, bill payments below, closing per currency and week', () => {
  const w = (start, currency, p, c, s, closing) => ({ start, currency, platform: { amount: p }, customers: { amount: c }, suppliers: { amount: s }, net: { amount: '0' }, closing: { amount: closing } });
  const weeks = [w('2026-12-07', 'CNY', '10.10', '0.20', '3.00', '100.30'), w('2026-11-30', 'CNY', '1.00', '0.00', '0.00', '93.20'), w('2026-11-30', 'USD', '0.00', '2.00', '1.50', '-0.50')];
  assert.equal(arap.inflow(weeks[0]), '10.30');
  const d = arap.cashSeries(weeks);
  assert.deepEqual(d.starts, ['2026-11-30', '2026-12-07']);
  assert.deepEqual(d.series, [
    { currency: 'CNY', inflows: [1, 10.3], outflows: [0, -3], closing: [93.2, 100.3] },
    { currency: 'USD', inflows: [2, 0], outflows: [-1.5, 0], closing: [-0.5, 0] },
  ]);
});

test('briefOpen counts the open differences of a run by class, not the explained ones', () => {
  assert.equal(briefOpen({ order_not_in_hub: 2, adjustment: 3, fx_difference: 1, short_payment: 1 }), 3);
  assert.equal(briefOpen({ adjustment: 1 }), 0);
  assert.equal(briefOpen({}), 0);
});
