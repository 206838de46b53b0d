// Browser test of the console, driven by cmd/fnshub's TestConsoleE2E
// against a running demo hub. It uses Debian's chromium through
// playwright-core; the machine has no network beyond loopback, so chromium
// runs with everything that phones home switched off and a fresh profile.
//
// Environment (set by the Go test):
//   FNSHUB_URL            the hub, e.g. http://127.0.0.1:40123
//   FNSHUB_ADMIN_USER / FNSHUB_ADMIN_PASSWORD      an admin
//   FNSHUB_LIMITED_USER / FNSHUB_LIMITED_PASSWORD  a warehouse user
//   FNSHUB_ORDER_NO       an order number to find, FNSHUB_ORDER_CREATED its creation time as the merchant reads it
//   FNSHUB_UNMAPPED_ORDER an order held sku_unmapped, FNSHUB_MAP_SKU the SKU to map it to
//   FNSHUB_SETTLEMENT_FILE a Shopify payout file of the demo shop to import
//   FNSHUB_ENTITY / _NAME a second legal entity's code and name; FNSHUB_ENTITY_SUPPLIER's bill
//                         of FNSHUB_ENTITY_BILL FNSHUB_ENTITY_CURRENCY is booked in it
//   FNSHUB_ENTRY / FNSHUB_REVERSAL  a manual ledger entry and the entry that reversed it
//   FNSHUB_CAMPAIGN       the campaign of an order placed for the test, without ad spend yet
//   FNSHUB_SCREENSHOTS    where the screenshots go
//   CHROMIUM              the browser (default /usr/bin/chromium)
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { visitStockToSettings } from './pages2.e2e.mjs';
import { visitFinance } from './finance.e2e.mjs';
import { visitSpend } from './profit.e2e.mjs';

const env = (k, d) => {
  const v = process.env[k] ?? d;
  if (v === undefined) throw new Error(`${k} is not set`);
  return v;
};
const base = env('FNSHUB_URL');
const shots = env('FNSHUB_SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const profile = mkdtempSync(join(tmpdir(), 'fnshub-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 900 },
  locale: 'zh-CN',
  timezoneId: 'Europe/London', // not the merchant's: times must still show in Asia/Shanghai
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(30000); // generous: CI runs the hub under -race beside other packages
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => m.type() === 'error' && !/status of 40[13]/.test(m.text()) && problems.push(`console: ${m.text()}`));

let step = '';
const log = (s) => {
  step = s;
  console.log(`e2e: ${s}`);
};
const shot = async (name) => {
  await page.waitForTimeout(1200); // let chart animations and transitions finish
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
};
const expectText = async (text) => page.getByText(text, { exact: false }).first().waitFor();
// settled waits until no modal is still in its opening animation:
// on a busy machine a click on a button that is still zooming in can be lost.
const settled = async () =>
  page.waitForFunction(() => !document.querySelector('[class*="ant-zoom-enter"], [class*="ant-zoom-appear"]'));

async function login(user, password) {
  await page.goto(base + '/');
  await page.getByLabel(/用户名|User name/).fill(user);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.getByTestId('user-menu').waitFor();
}

try {
  log('the login page, in zh-CN by default, refuses a wrong password');
  await page.goto(base + '/');
  await expectText('fnshub 登录');
  await shot('01-login');
  await page.getByLabel('用户名').fill(env('FNSHUB_ADMIN_USER'));
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();

  log('log in as admin: the dashboard shows figures in yuan');
  await login(env('FNSHUB_ADMIN_USER'), env('FNSHUB_ADMIN_PASSWORD'));
  await page.waitForURL(/\/dashboard/);
  const gmv = page.getByTestId('kpi-gmv');
  await gmv.getByText(/¥\s?[1-9][\d,]*\.\d\d/).first().waitFor();
  await page.getByTestId('chart-by-day').locator('canvas').waitFor();
  await page.getByTestId('connector-health').getByText(/正常|降级|中断/).first().waitFor();
  await shot('02-dashboard');

  log('a dashboard figure clicks through to the orders behind it');
  await page.getByTestId('kpi-orders').click();
  await page.waitForURL(/\/orders\?.*from=\d{4}-\d\d-\d\d/);
  await page.getByTestId('orders-table').locator('tbody tr.ant-table-row').first().waitFor();

  log('the wall display, which reloads by itself');
  await page.goto(base + '/dashboard/screen');
  await page.getByTestId('screen').getByText(/¥/).first().waitFor();
  await shot('03-screen');
  const stamp = () => page.getByTestId('screen-updated').textContent();
  const first = await stamp();
  await page.waitForFunction((was) => document.querySelector('[data-testid=screen-updated]')?.textContent !== was, first, { timeout: 40000 });

  log('find an order by its number and open its detail');
  await page.goto(base + '/orders');
  await page.getByTestId('orders-table').locator('tbody tr.ant-table-row').first().waitFor();
  await shot('04-orders');
  const orderNo = env('FNSHUB_ORDER_NO');
  await page.getByTestId('filter-external-id').fill(orderNo);
  await page.getByTestId('filter-submit').click();
  await page.waitForURL(new RegExp(`external_id=${orderNo}`));
  const rows = page.getByTestId('orders-table').locator('tbody tr.ant-table-row');
  await rows.first().getByText(orderNo).waitFor();
  if ((await rows.count()) !== 1) throw new Error(`searching ${orderNo} listed ${await rows.count()} orders`);
  // In the merchant's zone, though this browser is in London's.
  await rows.first().getByText(env('FNSHUB_ORDER_CREATED')).waitFor();
  await rows.first().click();
  const drawer = page.getByRole('dialog');
  await drawer.getByText('订单详情').waitFor();
  await drawer.getByText('商品明细').waitFor();
  await drawer.getByText(/¥/).first().waitFor();
  await shot('05-order-detail');
  await drawer.getByRole('tab', { name: '会计分录' }).click();
  await drawer.getByText('借方').first().waitFor();
  await drawer.getByRole('tab', { name: '事件记录' }).click();
  await drawer.getByText('渠道版本').waitFor();
  await drawer.getByRole('button', { name: /查\s*看/ }).first().click();
  await page.getByTestId('raw-body').getByText(/\S/).first().waitFor(); // the admin reads the payload as it arrived
  await shot('06-order-events');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  log('resolve an exception: map the unmapped SKU and retry; the order leaves the queue');
  const held = env('FNSHUB_UNMAPPED_ORDER');
  await page.goto(base + '/orders/exceptions');
  const row = page.locator('tr.ant-table-row', { hasText: held });
  await row.waitFor();
  await shot('07-exceptions');
  await row.getByTestId('fix-map').click();
  const dialog = page.getByRole('dialog', { name: '映射 SKU' });
  await dialog.getByTestId('map-sku').locator('input').fill(env('FNSHUB_MAP_SKU'));
  await dialog.getByText('平台商品编号').click(); // closes the suggestions, as a person would
  await settled();
  await dialog.getByRole('button', { name: '映射并重试' }).click();
  await expectText(`订单 ${held} 已解除挂起`);
  await page.locator('tr.ant-table-row', { hasText: held }).waitFor({ state: 'detached' });
  await shot('08-exception-resolved');

  log('resolve a stock exception: receive what it lacks and retry');
  const short = page.locator('.ant-collapse-item', { hasText: '库存不足' }).locator('tr.ant-table-row').first();
  const shortNo = (await short.locator('td').first().textContent()).trim();
  await short.getByRole('button', { name: /入\s*库/ }).click();
  const receive = page.getByRole('dialog', { name: '入库' });
  await receive.getByText('缺少数量').waitFor();
  await settled();
  await receive.getByRole('button', { name: '入库并重试' }).click();
  await expectText(`订单 ${shortNo} 已解除挂起`);
  await page.locator('tr.ant-table-row', { hasText: shortNo }).waitFor({ state: 'detached' });

  log('bulk action: hold two orders, with a progress bar and a result for each');
  await page.goto(base + '/orders?status=allocated');
  const allocated = page.getByTestId('orders-table').locator('tbody tr.ant-table-row');
  await allocated.nth(1).waitFor();
  for (const i of [0, 1]) await allocated.nth(i).locator('.ant-checkbox-input').check();
  await page.getByText('已选 2 单').waitFor();
  await page.getByRole('button', { name: '批量挂起' }).click();
  await page.getByRole('dialog', { name: '批量挂起' }).getByLabel('挂起说明').fill('e2e: 核对地址');
  await settled();
  await page.getByRole('dialog', { name: '批量挂起' }).getByRole('button', { name: /确\s*定|OK/ }).click();
  const results = page.getByTestId('bulk-results');
  await results.getByText('已执行').nth(1).waitFor();
  await page.getByText('已完成 2 / 2，失败 0').waitFor();
  await shot('09-bulk-hold');
  await settled();
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();

  await visitStockToSettings({ page, base, shot, log, expectText, problems });
  await visitFinance({ page, base, shot, log, settled, env, problems });
  await visitSpend({ page, base, shot, log, env, problems });

  log('switch to English: every string changes');
  await page.goto(base + '/orders');
  await page.locator('.ant-segmented-item', { hasText: 'EN' }).click();
  await page.getByRole('menuitem', { name: 'Dashboard' }).waitFor();
  await page.getByText('Order no.').first().waitFor();
  await shot('10-orders-en');
  await page.goto(base + '/dashboard');
  await page.getByText('Gross margin').first().waitFor();
  await shot('11-dashboard-en');

  log('sign out; a warehouse user sees no finance or settings and is refused them by URL');
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: /Sign in/ }).waitFor();
  await login(env('FNSHUB_LIMITED_USER'), env('FNSHUB_LIMITED_PASSWORD'));
  for (const hidden of ['Finance', 'Settings']) {
    if (await page.getByRole('menuitem', { name: hidden }).count()) throw new Error(`the warehouse user's menu has ${hidden}`);
  }
  await page.getByRole('menuitem', { name: 'Stock' }).waitFor();
  for (const path of ['/settings', '/finance']) {
    await page.goto(base + path);
    await expectText('Your role may not open this page.');
  }
  await shot('12-forbidden-warehouse');

  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`e2e: passed; screenshots in ${shots}`);
  await context.close();
} catch (e) {
  console.error(`e2e: FAILED at "${step}": ${e.message}`);
  for (const p of problems) console.error(`e2e: ${p}`);
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  await context.close();
  process.exit(1);
}
