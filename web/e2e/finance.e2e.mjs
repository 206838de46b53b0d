// The settlement and period-close pages in the browser, called by
// console.e2e.mjs while the console is still in zh-CN: the demo's payout
// with its reconciliation, a settlement file imported (applied, then the
// same file again: duplicate), its reconciliation run and read (the
// waterfall and a difference), and a month closed with its report. A
// spoilt file is refused first, naming its row and column.
import { readFileSync } from 'node:fs';

export async function visitFinance({ page, base, shot, log, settled, env, problems }) {
  log('settlements: the demo payout, reconciled with differences');
  // The status of each row comes with the list: no reconciliation read per row.
  const perRow = [];
  const onRequest = (r) => /\/payouts\/\d+\/reconciliation/.test(r.url()) && perRow.push(r.url());
  page.on('request', onRequest);
  await page.goto(base + '/finance/settlements');
  const payouts = page.getByTestId('payouts');
  await payouts.getByText('7001').waitFor();
  await payouts.getByTestId('recon-status').getByText(/项差异/).first().waitFor();
  page.off('request', onRequest);
  if (perRow.length) throw new Error(`the payouts list read reconciliations row by row: ${perRow.join(', ')}`);
  await shot('40-settlements');

  log('settlements: import a Shopify payout file, then the same file again');
  await page.getByTestId('settlement-import-open').click();
  const dialog = page.getByRole('dialog', { name: '导入平台结算文件' });
  await settled();
  await dialog.getByTestId('settlement-import-shop').click();
  await page.locator('.ant-select-item-option', { hasText: 'Demo Tea (Shopify)' }).click();
  await dialog.getByTestId('settlement-import-format').click();
  await page.locator('.ant-select-item-option', { hasText: 'shopify-payments' }).click();
  const good = readFileSync(env('FNSHUB_SETTLEMENT_FILE'), 'utf8');
  // A letter O for a zero in one amount: refused whole, naming the row and column.
  const bad = good.replace('"500.00"', '"5OO.00"');
  if (bad === good) throw new Error('the settlement file has no "500.00" to spoil');
  await dialog.locator('input[type=file]').setInputFiles({ name: 'payout-bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await dialog.getByTestId('settlement-import-run').click();
  const refused = dialog.getByTestId('settlement-import-result');
  await refused.getByText('文件被拒绝，未导入任何内容').waitFor();
  await refused.getByText(/row 2, column transactions\.amount/).waitFor();
  await shot('41-settlement-import-refused');
  await expectedRefusal(page, problems, 400);
  await dialog.locator('input[type=file]').setInputFiles({ name: 'payout-7002.json', mimeType: 'application/json', buffer: Buffer.from(good) });
  await dialog.getByTestId('settlement-import-run').click();
  await dialog.getByTestId('settlement-import-result').getByText('已导入', { exact: true }).waitFor();
  await shot('42-settlement-imported');
  await dialog.getByTestId('settlement-import-run').click();
  await dialog.getByTestId('settlement-import-result').getByText('已导入过：没有变化').waitFor();
  await dialog.getByRole('button', { name: /Close|关闭/ }).click();

  log('reconciliation: run it on the new payout, see the waterfall and the differences');
  await payouts.getByText('7002').click();
  const drawer = page.locator('.ant-drawer-open');
  await drawer.getByText('尚未对账').waitFor();
  await page.waitForTimeout(500); // the drawer slides in: a click on a moving button can be lost
  await drawer.getByTestId('recon-rerun').click();
  await drawer.getByTestId('recon-result').getByText(/已执行/).waitFor();
  await drawer.getByTestId('recon-waterfall').locator('canvas').first().waitFor();
  await drawer.getByTestId('recon-steps').getByText('结算到账').waitFor();
  const diffs = drawer.getByTestId('recon-differences');
  await diffs.getByText('系统无此订单').first().waitFor();
  await diffs.getByText('待处理').first().waitFor();
  await shot('43-reconciliation');
  log('reconciliation: an entry of the run opens in the entry drawer');
  const reconEntry = drawer.getByTestId('recon-entries').getByTestId('recon-entry').first();
  await reconEntry.click();
  await checkEntryDrawer({ page, base, id: Number((await reconEntry.innerText()).replace('#', '')) });
  await closeEntryDrawer(page);
  await drawer.getByTestId('recon-rerun').click();
  await drawer.getByTestId('recon-result').getByText(/重复/).waitFor();
  await drawer.getByRole('tab', { name: '明细' }).click();
  await drawer.getByTestId('payout-lines').getByText('910000002').first().waitFor();
  await shot('44-payout-lines');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' }).catch(() => {});

  await reconcileAll({ page, shot, log, settled });

  log('period close: close January 2026 after confirming, read its report');
  await page.goto(base + '/finance/periods');
  await page.getByTestId('period-month').click();
  await page.keyboard.type('2026-01');
  await page.keyboard.press('Enter');
  await page.getByTestId('period-close').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /结\s*账/ }).click();
  const periods = page.getByTestId('periods');
  await periods.getByText('2026-01').waitFor();
  await periods.getByText('已结账').first().waitFor();
  await shot('45-period-closed');
  await periods.getByTestId('period-report').first().click();
  await page.getByTestId('period-report-body').getByText('凭证数').waitFor();
  await shot('46-period-report');
  await page.getByRole('dialog').getByRole('button', { name: /Close|关闭/ }).click();

  await visitEntryURL({ page, base, shot, log, env });
  await visitProfit({ page, base, shot, log });
  await visitArap({ page, base, shot, log, env });
}

// reconcileAll picks the demo Shopify shop and reconciles all its payouts
// with 对账全部: the summary says what the API answered, each payout it
// names is listed, and every row of the list shows a reconciliation.
async function reconcileAll({ page, shot, log, settled }) {
  log('settlements: reconcile all of the Shopify shop\'s payouts');
  await page.getByTestId('settlements-shop').click();
  await page.locator('.ant-select-item-option', { hasText: 'Demo Tea (Shopify)' }).click();
  await settled();
  const answered = page.waitForResponse((r) => /\/api\/v1\/shops\/[^/]+\/settlement-reconcile$/.test(r.url()) && r.request().method() === 'POST');
  await page.getByTestId('reconcile-all').click();
  const res = await answered;
  if (res.status() !== 200) throw new Error(`reconcile all answered ${res.status()}: ${await res.text()}`);
  const body = await res.json();
  if (body.stopped) throw new Error(`reconcile all stopped at ${body.stopped.ref}: ${body.stopped.error.message}`);
  const { totals } = body;
  const want = `已对账 ${body.reconciled.length}/${body.payouts} 个结算单：新过账 ${totals.applied} 个，重复 ${totals.duplicate} 个；过账凭证 ${totals.posted} 张，差异 ${totals.differences} 条`;
  const summary = page.getByTestId('reconcile-all-summary');
  await summary.waitFor();
  const shown = (await summary.innerText()).trim();
  if (shown !== want) throw new Error(`reconcile all shows "${shown}", the API answered "${want}"`);
  const listed = page.getByTestId('reconcile-all-payouts');
  for (const p of body.reconciled) await listed.getByText(p.ref, { exact: true }).first().waitFor();
  // The list was read again: every payout of the shop shows its run.
  const rows = page.getByTestId('payouts').locator('.ant-table-row');
  await rows.first().waitFor();
  const n = await rows.count();
  if (n !== body.payouts) throw new Error(`the list shows ${n} payouts of the shop, the API reconciled ${body.payouts}`);
  for (let i = 0; i < n; i++) {
    const status = (await rows.nth(i).getByTestId('recon-status').innerText()).trim();
    if (status === '未对账' || status === '尚未对账') throw new Error(`row ${i + 1} is still "${status}" after reconcile all`);
  }
  await shot('44b-reconcile-all');
}

// visitArap reads the receivables aging (totals as the API gives them),
// the payables aging with the bill the Go test booked (1,234.56 of
// E2E-FARM, 15 days past due) and its tie line to 2202 as the API answers
// it, and the cash-flow forecast paying it in the first week; then the
// second legal entity's, picked in the header: only its own bill.
async function visitArap({ page, base, shot, log, env }) {
  log('AR/AP: the receivables aging and its tie to the control accounts');
  await page.goto(base + '/finance/arap');
  const ar = await (await page.request.get(`${base}/api/v1/ar/aging`)).json();
  const ars = page.getByTestId('aging-ar');
  if (ar.rows.length) {
    const r = ar.rows[0];
    await ars.getByText(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: r.currency }).format(r.total.amount), { exact: true }).first().waitFor();
  } else {
    await ars.locator('.ant-empty').waitFor();
  }
  await page.getByTestId('ties-ar').getByText('与总账核对').waitFor();
  await shot('49-ar-aging');

  log('AR/AP: the payables aging shows the seeded bill 15 days past due, and its tie to 2202');
  await page.getByRole('tab', { name: '应付账龄' }).click();
  const aps = page.getByTestId('aging-ap');
  const row = aps.locator('.ant-table-row', { hasText: 'E2E-FARM' });
  await row.getByText('¥1,234.56').first().waitFor();
  const cells = await row.locator('td').allInnerTexts();
  if (cells[3] !== '¥1,234.56') throw new Error(`the bill is not in the 1–30 days bucket: ${cells.join(' | ')}`);
  // The demo's stock receipts credit 2202 without a supplier bill, so the
  // tie shows the API's difference (in red) rather than zero.
  const ap = await (await page.request.get(`${base}/api/v1/ap/aging`)).json();
  const tie = ap.ties.find((x) => x.account === '2202');
  if (!tie || tie.sub_ledger !== '1234.56') throw new Error(`the payables tie: ${JSON.stringify(ap.ties)}`);
  const cny = (a) => new Intl.NumberFormat('zh-CN', { style: 'currency', currency: tie.currency }).format(a);
  await page.getByTestId('ties-ap').getByText(`明细账 ${cny(tie.sub_ledger)}，控制科目 ${cny(tie.control)}，差额 ${cny(tie.difference)}`).waitFor();
  await shot('50-ap-aging');

  log('cash flow: the overdue bill goes out in the first week');
  await page.getByRole('tab', { name: '现金流预测' }).click();
  await page.getByTestId('cash-chart').locator('canvas').first().waitFor();
  const first = page.getByTestId('cash-weeks-table').locator('.ant-table-row').first();
  await first.getByText('¥1,234.56').waitFor();
  await shot('51-cashflow');
  await visitArapEntity({ page, shot, log, env });
}

// visitArapEntity picks the second legal entity in the AR/AP page's header:
// the default entity's payables must not show its supplier's bill, its own
// must (and not the default's), the URL must name it, and its forecast pays
// the bill in its currency.
async function visitArapEntity({ page, shot, log, env }) {
  log('AR/AP: the default entity\'s payables do not show the second entity\'s bill');
  const [code, supplier] = [env('FNSHUB_ENTITY'), env('FNSHUB_ENTITY_SUPPLIER')];
  const bill = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: env('FNSHUB_ENTITY_CURRENCY') }).format(env('FNSHUB_ENTITY_BILL'));
  await page.getByRole('tab', { name: '应付账龄' }).click();
  const aps = page.getByTestId('aging-ap');
  await aps.locator('.ant-table-row', { hasText: 'E2E-FARM' }).waitFor();
  if (await aps.getByText(supplier).count()) throw new Error(`the default entity's payables show ${supplier}, a bill of ${code}`);

  log('AR/AP: pick the second entity: its bill, in the URL too');
  await page.getByTestId('arap-entity').click();
  await page.locator('.ant-select-item-option', { hasText: env('FNSHUB_ENTITY_NAME') }).click();
  await page.waitForURL(new RegExp(`[?&]entity=${code}(&|$)`));
  const row = aps.locator('.ant-table-row', { hasText: supplier });
  await row.getByText(bill).first().waitFor();
  const cells = await row.locator('td').allInnerTexts();
  if (cells[3] !== bill) throw new Error(`${code}'s bill is not in the 1–30 days bucket: ${cells.join(' | ')}`);
  if (await aps.getByText('E2E-FARM', { exact: true }).count()) throw new Error(`${code}'s payables show the default entity's E2E-FARM`);
  await shot('53-ap-aging-entity');

  log('AR/AP: the second entity\'s forecast pays its bill in the first week');
  await page.getByRole('tab', { name: '现金流预测' }).click();
  await page.getByTestId('cash-weeks-table').locator('.ant-table-row').first().getByText(bill).first().waitFor();
  if (!new URL(page.url()).searchParams.get('entity')) throw new Error(`the cash tab dropped the entity: ${page.url()}`);
}

// visitProfit checks the profit page against the API's own report of the
// same 30 days: the total revenue, then a row's orders and one order's
// profit line by line.
async function visitProfit({ page, base, shot, log }) {
  log('profit: channel × day for the last 30 days, the total revenue as the API sums it');
  await page.goto(base + '/profit');
  const rows = page.getByTestId('profit-rows');
  await rows.locator('.ant-table-row').first().waitFor();
  const range = page.getByTestId('profit-range').locator('input');
  const [from, to] = [await range.nth(0).inputValue(), await range.nth(1).inputValue()];
  const res = await page.request.get(`${base}/api/v1/profit?group=channel,day&from=${from}&to=${to}`);
  if (!res.ok()) throw new Error(`GET /api/v1/profit: ${res.status()}`);
  const report = await res.json();
  if (!report.rows.length) throw new Error('the demo has no profit rows to show');
  const cur = report.rows[0].currency;
  const revenue = sumDecimal(report.rows.filter((r) => r.currency === cur).map((r) => r.revenue));
  const shown = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: cur }).format(revenue);
  await page.getByTestId('profit-total').getByText(shown, { exact: true }).first().waitFor();
  await page.getByTestId('profit-chart').locator('canvas').first().waitFor();
  await shot('47-profit');

  log('profit: a row opens to its orders, an order to its profit');
  await rows.locator('.ant-table-row-expand-icon').first().click();
  const orders = page.getByTestId('profit-orders').first();
  // The orders shown are those behind a row's figures, as the API reads them.
  const behind = new Map();
  for (const r of report.rows) {
    const page1 = await (await page.request.get(base + r.links.profit_orders)).json();
    for (const o of page1.items) behind.set(o.external_id, o);
  }
  const firstOrder = orders.locator('.ant-table-row').first();
  await firstOrder.waitFor();
  const no = (await firstOrder.locator('td').first().innerText()).trim();
  const item = behind.get(no);
  if (!item) throw new Error(`order ${no} shown under a profit row is behind none of the report's rows`);
  await firstOrder.getByText(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: item.currency }).format(item.revenue), { exact: true }).first().waitFor();
  await firstOrder.click();
  const lines = page.getByTestId('order-profit-lines');
  await lines.locator('.ant-table-row').first().waitFor();
  const id = new URL(page.url()).searchParams.get('order');
  const op = await (await page.request.get(`${base}/api/v1/profit/orders/${id}`)).json();
  await lines.getByText(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: op.total.currency }).format(op.lines[0].revenue), { exact: true }).first().waitFor();
  await shot('48-order-profit');

  log('profit: an entry of the order opens in the console (its postings), not as JSON');
  const withEntries = await orderWithEntries({ page, base, orders, lines, op });
  const entryLink = page.getByTestId('order-profit-entries').getByTestId('order-profit-entry').first();
  const entryId = Number((await entryLink.innerText()).replace('#', ''));
  if (`/api/v1/ledger/entries/${entryId}` !== withEntries.entries[0]) throw new Error(`the first entry link #${entryId} is not ${withEntries.entries[0]}`);
  await entryLink.click();
  await checkEntryDrawer({ page, base, id: entryId });
  await shot('52-order-profit-entry');
  log('profit: a reload of the page opens the same order and entry again');
  await page.reload();
  await lines.locator('.ant-table-row').first().waitFor();
  await checkEntryDrawer({ page, base, id: entryId });
  await closeEntryDrawer(page);
  await page.locator('.ant-drawer-open').getByRole('button', { name: /Close|关闭/ }).click();
}

// visitEntryURL opens the entry drawer by its URL alone: the journal's
// page with ?entry= of the manual entry the Go test booked shows it; its
// "reversed by" link moves the URL (and the drawer) to the reversal, whose
// "reverses" link comes back; a reload keeps it open; closing it takes
// entry out of the URL; and a journal row's id opens the drawer too.
async function visitEntryURL({ page, base, shot, log, env }) {
  log('entry drawer: the journal\'s URL with ?entry= opens that entry, its links move the URL to its reversal and back');
  const [entry, reversal] = [Number(env('FNSHUB_ENTRY')), Number(env('FNSHUB_REVERSAL'))];
  await page.goto(`${base}/finance?tab=journal&entry=${entry}`);
  await checkEntryDrawer({ page, base, id: entry });
  await shot('54-entry-url');
  await page.getByTestId('entry-reversed-by').click();
  await checkEntryDrawer({ page, base, id: reversal });
  await page.getByTestId('entry-reverses').click();
  await checkEntryDrawer({ page, base, id: entry });

  log('entry drawer: a reload keeps it open, closing it takes entry out of the URL');
  await page.reload();
  await checkEntryDrawer({ page, base, id: entry });
  await closeEntryDrawer(page);
  if (new URL(page.url()).searchParams.get('tab') !== 'journal') throw new Error(`closing the entry lost the journal tab: ${page.url()}`);

  log('journal: an entry\'s id opens it in the drawer');
  const link = page.getByTestId('journal').getByTestId('journal-entry').first();
  const id = Number((await link.innerText()).trim());
  await link.click();
  await checkEntryDrawer({ page, base, id });
  await closeEntryDrawer(page);
}

// orderWithEntries makes sure the open order-profit drawer is of an order
// with ledger entries: the first row's order when it has some, else the
// next rows' in turn. It answers that order's profit as the API reads it.
async function orderWithEntries({ page, base, orders, lines, op }) {
  const rows = orders.locator('.ant-table-row');
  const n = await rows.count();
  for (let i = 0; ; i++) {
    if (op.entries.length) return op;
    await page.locator('.ant-drawer-open').getByRole('button', { name: /Close|关闭/ }).click();
    await lines.waitFor({ state: 'detached' });
    if (i + 1 >= n) throw new Error(`none of the row's ${n} orders has ledger entries`);
    await rows.nth(i + 1).click();
    await lines.locator('.ant-table-row').first().waitFor();
    const id = new URL(page.url()).searchParams.get('order');
    op = await (await page.request.get(`${base}/api/v1/profit/orders/${id}`)).json();
  }
}

// checkEntryDrawer waits for the entry drawer to show entry id as the API
// reads it: the id, the description, and every posting's account (code and
// zh-CN name) and debit or credit in its currency, row by row. The click
// that opened it must have stayed on the console (no new tab, no JSON) and
// put the entry in the page's URL (?entry=).
async function checkEntryDrawer({ page, base, id }) {
  await page.waitForURL((u) => u.searchParams.get('entry') === String(id));
  const res = await page.request.get(`${base}/api/v1/ledger/entries/${id}`);
  if (!res.ok()) throw new Error(`GET /api/v1/ledger/entries/${id}: ${res.status()}`);
  const entry = await res.json();
  const accounts = (await (await page.request.get(`${base}/api/v1/ledger/accounts`)).json()).items;
  const detail = page.getByTestId('entry-detail');
  await detail.waitFor();
  if (page.context().pages().length !== 1 || page.url().includes('/api/')) throw new Error(`the entry opened outside the console: ${page.url()}`);
  await detail.locator('td', { hasText: new RegExp(`^${id}$`) }).first().waitFor();
  await detail.getByText(entry.description, { exact: true }).first().waitFor();
  await detail.getByText(entry.source_key, { exact: true }).first().waitFor();
  const rows = page.getByTestId('entry-postings').locator('.ant-table-row');
  await rows.first().waitFor();
  if ((await rows.count()) !== entry.postings.length) throw new Error(`entry ${id}: ${await rows.count()} posting rows, the API has ${entry.postings.length}`);
  for (const [i, p] of entry.postings.entries()) {
    const a = accounts.find((x) => x.code === p.account);
    if (!a) throw new Error(`entry ${id}: account ${p.account} is not in the chart`);
    const amount = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: p.amount.currency }).format(p.amount.amount);
    const row = rows.nth(i);
    await row.getByText(`${p.account} ${a.name_zh}`, { exact: true }).waitFor();
    const cells = await row.locator('td').allInnerTexts();
    // account | debit | credit | shop | channel | sku | source
    const [debit, credit] = p.side === 'debit' ? [amount, ''] : ['', amount];
    if (cells[1].trim() !== debit || cells[2].trim() !== credit) throw new Error(`entry ${id} posting ${i}: ${cells.join(' | ')}; want ${p.side} ${amount}`);
  }
}

async function closeEntryDrawer(page) {
  await page.locator('.ant-drawer-open', { has: page.getByTestId('entry-detail') }).locator('.ant-drawer-close').click();
  await page.getByTestId('entry-detail').waitFor({ state: 'detached' });
  await page.waitForURL((u) => !u.searchParams.has('entry'));
}

// sumDecimal adds decimal strings exactly (BigInt at the most places).
function sumDecimal(xs) {
  const places = Math.max(0, ...xs.map((x) => (x.split('.')[1] ?? '').length));
  let u = 0n;
  for (const x of xs) {
    const neg = x.startsWith('-');
    const [w, f = ''] = x.replace('-', '').split('.');
    const v = BigInt(w + f.padEnd(places, '0'));
    u += neg ? -v : v;
  }
  const neg = u < 0n;
  const s = (neg ? -u : u).toString().padStart(places + 1, '0');
  return (neg ? '-' : '') + (places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s);
}

// expectedRefusal takes the browser's "Failed to load resource" line of a
// refusal the test caused on purpose off the problems list (only that one).
export async function expectedRefusal(page, problems, status) {
  for (let i = 0; i < 20; i++) {
    const at = problems.findIndex((p) => p.includes(`status of ${status}`));
    if (at >= 0) return void problems.splice(at, 1);
    await page.waitForTimeout(100);
  }
}
