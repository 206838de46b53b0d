// The stock, products, shops, finance and settings pages in the browser,
// signed in as admin in zh-CN: called by console.e2e.mjs with its page and
// helpers. Each step changes something through the page and waits for what
// the hub answered (a success message, a field error, a row-level report).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** importedSKU is the code the import step creates; TestConsoleE2E checks it exists after. */
export const importedSKU = 'E2E-IMPORT-1';

export async function visitStockToSettings({ page, base, shot, log, expectText, problems }) {
  // pickFirst chooses a select's first option by keyboard (the dropdown's
  // opening animation can move an option from under a click) and waits
  // until the field shows a value.
  const pickFirst = async (form, id) => {
    const item = form.locator('.ant-form-item', { has: page.locator('#' + id) });
    for (let tries = 0; tries < 3; tries++) {
      await form.locator('#' + id).click();
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
      if (await item.locator('.ant-select-content-has-value').waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
    }
    throw new Error(`could not choose a value of ${id}`);
  };
  // opened waits until a modal has finished its opening animation: on a
  // busy machine a click on its OK button during the zoom can be lost.
  const opened = async (form) => {
    await form.waitFor();
    await page.waitForFunction(() => !document.querySelector('[class*="ant-zoom-enter"], [class*="ant-zoom-appear"]'));
  };
  // The refusals these steps provoke on purpose are logged by the browser
  // as failed loads; each is taken off the problems once it was seen.
  // The browser's report can trail the page's reaction on a busy machine: wait for it (up to 10 s).
  const refused = async (status) => {
    for (let waited = 0; waited < 10000; waited += 100) {
      const i = problems.findIndex((p) => p.includes(`status of ${status}`));
      if (i >= 0) return void problems.splice(i, 1);
      await page.waitForTimeout(100);
    }
  };
  log('stock: the SKU × warehouse grid with what each shop is shown');
  await page.goto(base + '/stock');
  const grid = page.getByTestId('stock-grid');
  await grid.locator('tbody tr.ant-table-row').first().waitFor();
  await grid.getByText('已发布到店铺').waitFor();
  await shot('20-stock');

  log('stock: a receipt validates its fields, is applied, and shows in the movement history');
  const sku = (await grid.locator('tbody tr.ant-table-row').first().locator('td').first().innerText()).trim();
  await page.getByTestId('stock-receive').click();
  const receipt = page.getByTestId('stock-form-receipt');
  await opened(receipt);
  // antd validates before any request, so clicking again until it shows is safe.
  for (let tries = 1; ; tries++) {
    await page.getByRole('button', { name: /确\s*定/ }).click();
    if (await receipt.getByText('必填').first().waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
    if (tries === 5) throw new Error('the receipt form showed no validation after 5 clicks on OK');
  }
  await receipt.locator('#sku').fill(sku);
  await pickFirst(receipt, 'warehouse');
  await receipt.locator('#quantity').fill('7');
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expectText('已入库');
  await page.getByRole('tab', { name: '库存流水' }).click();
  await page.getByTestId('stock-movements').locator('tbody tr.ant-table-row', { hasText: sku }).filter({ hasText: '+7' }).first().waitFor();
  await shot('21-stock-movements');

  log('stock: an adjustment below what is reserved is refused on the quantity field');
  await page.getByRole('button', { name: '盘点调整' }).click();
  const adjust = page.getByTestId('stock-form-adjustment');
  await opened(adjust);
  await adjust.locator('#sku').fill(sku);
  await pickFirst(adjust, 'warehouse');
  await adjust.locator('#quantity').fill('-999999');
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await adjust.locator('.ant-form-item-has-error #quantity').waitFor();
  await refused(409);
  await shot('22-stock-adjust-refused');
  await page.getByRole('button', { name: /取\s*消/ }).click();

  log('products: a sheet with a bad row imports nothing and lists the row; skipping bad rows imports the rest');
  const dir = mkdtempSync(join(tmpdir(), 'fnshub-e2e-import-'));
  const csv = join(dir, 'skus.csv');
  writeFileSync(csv, `商家编码,名称,税率\n${importedSKU},端到端测试品,0.13\nE2E-IMPORT-2,坏税率,abc\n`);
  await page.goto(base + '/products?tab=import');
  await page.locator('input[type=file]').setInputFiles(csv);
  await page.getByTestId('sku-import-run').click();
  const errors = page.getByTestId('sku-import-errors');
  await errors.getByText('tax_rate').waitFor();
  await page.getByTestId('sku-import-result').getByText('未导入任何 SKU').waitFor();
  await refused(422);
  await shot('23-products-import-refused');
  await page.getByText('跳过有问题的行，导入其余的行').click();
  await page.getByTestId('sku-import-run').click();
  await page.getByTestId('sku-import-result').getByText('已导入 1 个 SKU').waitFor();
  await shot('24-products-import-skipped');
  await page.goto(base + '/products');
  await page.getByTestId('sku-list').locator('tbody tr.ant-table-row').first().waitFor();
  await page.getByPlaceholder('编码、名称或条码').fill(importedSKU);
  await page.getByPlaceholder('编码、名称或条码').press('Enter');
  await page.getByTestId('sku-list').getByText('端到端测试品').waitFor();
  await page.goto(base + '/products?tab=unmapped');
  await page.getByTestId('unmapped-queue').waitFor();
  await shot('25-products-unmapped');

  log('shops: health per shop, sync now queues one pull, the detail shows health and dead letters');
  await page.goto(base + '/shops');
  await page.getByTestId('health-demo-tmall').waitFor();
  await page.getByTestId('sync-demo-tmall').click();
  await expectText('拉单任务 #');
  await shot('26-shops');
  await page.getByTestId('shop-list').getByText('demo-tmall').first().click();
  await page.getByTestId('shop-health').waitFor();
  await page.getByTestId('dead-letters').waitFor();
  await shot('27-shop-detail');
  await page.keyboard.press('Escape');

  log('shops: connecting a shop under an id in use is refused on the id field; credentials are password fields');
  await page.goto(base + '/shops');
  await page.getByTestId('shop-connect').click();
  const connect = page.getByTestId('connect-shop');
  await opened(connect);
  await connect.locator('#id').fill('demo-web');
  await connect.locator('#channel').fill('官网');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '官网' }).click();
  await connect.locator('#name').fill('重复的店铺');
  await page.getByRole('button', { name: '填入该平台所需的设置和凭据名称' }).click();
  if ((await connect.locator('input[type=password]').count()) < 1) throw new Error('the credential is not a password field');
  await connect.locator('input[type=password]').first().fill('whsec-e2e');
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await connect.locator('.ant-form-item-has-error #id').waitFor();
  await refused(409);
  await shot('28-shop-connect-refused');
  await page.getByRole('button', { name: /取\s*消/ }).click();

  log('shops: the pending-orders sheet downloads with the session cookie, as an xlsx');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-pending-demo-tmall').click();
  const sheet = await downloading;
  if (!/^pending-orders-demo-tmall\.xlsx$/.test(sheet.suggestedFilename())) throw new Error(`the sheet is named ${sheet.suggestedFilename()}`);
  const bytes = readFileSync(await sheet.path());
  if (bytes.length < 100 || bytes.subarray(0, 2).toString() !== 'PK') throw new Error(`the sheet is not an xlsx (${bytes.length} bytes)`);
  await expectText('已下载 pending-orders-demo-tmall.xlsx');
  await page.getByRole('tab', { name: '法人主体' }).click();
  await page.getByTestId('entity-list').getByText('Demo Tea web shop').waitFor();

  log('finance: the trial balance balances, an account drills down to its postings');
  await page.goto(base + '/finance');
  await page.getByTestId('trial-balanced').getByText('借贷平衡').first().waitFor();
  await page.getByTestId('trial-balance').getByText(/¥[\d,]+\.\d\d/).first().waitFor();
  await shot('29-finance-trial-balance');
  await page.getByTestId('trial-balance').getByText('1405').click();
  await page.getByTestId('account-balance').getByText(/¥[\d,]+\.\d\d/).waitFor();
  await page.getByTestId('account-movements').locator('tbody tr.ant-table-row').first().waitFor();
  await shot('30-finance-account');
  await page.getByRole('tab', { name: '记账凭证' }).click();
  const first = page.getByTestId('journal').locator('tbody tr.ant-table-row').first();
  await first.waitFor();
  // An entry opens to its postings (EntryPostings, the entry drawer's table), as the API reads it.
  const entryId = (await first.locator('td').nth(1).innerText()).trim();
  const entry = await (await page.request.get(`${base}/api/v1/ledger/entries/${entryId}`)).json();
  const chart = (await (await page.request.get(`${base}/api/v1/ledger/accounts`)).json()).items;
  const p0 = entry.postings[0];
  await first.locator('.ant-table-row-expand-icon').click();
  const expanded = page.getByTestId('journal').locator('tr.ant-table-expanded-row').first();
  await expanded.getByText(`${p0.account} ${chart.find((a) => a.code === p0.account).name_zh}`, { exact: true }).first().waitFor();
  await expanded.getByText(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: p0.amount.currency }).format(p0.amount.amount), { exact: true }).first().waitFor();
  await shot('31-finance-journal');

  log('settings: users with their data scope, tokens, the audit log');
  await page.goto(base + '/settings');
  await page.getByTestId('user-list').getByText('demo-admin').waitFor();
  await page.getByTestId('user-add').click();
  const user = page.getByTestId('user-form');
  await opened(user);
  await user.locator('#name').fill('e2e-short');
  await user.locator('#password').fill('short');
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await user.getByText('密码至少 12 个字符').waitFor();
  await page.getByRole('button', { name: /取\s*消/ }).click();
  await shot('32-settings-users');
  await page.getByRole('tab', { name: 'API 令牌' }).click();
  await page.getByTestId('token-list').locator('tbody tr.ant-table-row').first().waitFor();
  const audit = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit');
  await page.getByRole('tab', { name: '审计日志' }).click();
  if ((await audit).status() === 404) {
    // Until the audit log is on this hub (h-audit) the route is a 404 and the tab says so.
    await page.getByText('此服务器尚未启用审计日志').waitFor();
    await refused(404);
  } else {
    await page.getByTestId('audit-log').locator('tbody tr.ant-table-row').first().waitFor();
  }
  await shot('33-settings-audit');
  if ((await audit).status() !== 404) {
    // The export link is a plain same-origin link: the session cookie goes with it.
    const csv = await page.request.get(base + (await page.getByTestId('audit-csv').getAttribute('href')));
    if (csv.status() !== 200 || !/text\/csv/.test(csv.headers()['content-type'] ?? '')) throw new Error(`the audit CSV answered ${csv.status()} ${csv.headers()['content-type']}`);
  }

  log('settings: the kept payloads; replaying one taken in before is a duplicate, shown on its row');
  await page.getByRole('tab', { name: '事件回放' }).click();
  const kept = page.getByTestId('raw-events').locator('tbody tr.ant-table-row', { hasText: '已接收' }).first();
  await kept.waitFor();
  const keptId = (await kept.locator('td').nth(1).innerText()).trim();
  await kept.locator('.ant-checkbox-input').check();
  await page.getByTestId('raw-replay-selected').click();
  const replay = page.getByRole('dialog', { name: '重放所选报文' });
  await replay.getByTestId('bulk-results').locator('tr', { hasText: `#${keptId}` }).getByText('重复（已执行过）').waitFor();
  await replay.getByText('已完成 1 / 1，失败 0').waitFor();
  await shot('34-settings-replay');
  await replay.getByRole('button', { name: /确\s*定|OK/ }).click();

  log('settings: a source\'s filtered range replays in one call; each payload gets its row');
  await page.getByTestId('raw-source').locator('input').fill('hook:generic');
  await page.getByTestId('raw-source').locator('input').press('Enter');
  await page.waitForURL(/source=hook%3Ageneric/);
  const rawRows = page.getByTestId('raw-events').locator('tbody tr.ant-table-row');
  await rawRows.filter({ hasText: 'hook:generic' }).first().waitFor();
  await rawRows.filter({ hasNotText: 'hook:generic' }).first().waitFor({ state: 'detached' }); // the unfiltered list is gone
  const listed = await rawRows.count();
  await page.getByTestId('raw-replay-range').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定|OK/ }).click();
  await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
  const range = page.getByRole('dialog', { name: '重放筛选范围' });
  await range.getByTestId('bulk-results').getByText('重复（已执行过）').first().waitFor();
  await range.getByText(`已完成 ${listed} / ${listed}，失败 0`).waitFor();
  await range.getByRole('button', { name: /确\s*定|OK/ }).click();
}
