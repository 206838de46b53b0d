// The settlement and period-close pages in the browser, called by
// console.e2e.mjs while the console is still in zh-CN: the demo's payout
// with its reconciliation, a settlement file imported (applied, then the
// same file again: duplicate), its reconciliation run and read (the
// waterfall and a difference), and a month closed with its report. A
// spoilt file is refused first, naming its row and column.
import { readFileSync } from 'node:fs';

export async function visitFinance({ page, base, shot, log, settled, env, problems }) {
  log('settlements: the demo payout, reconciled with differences');
  await page.goto(base + '/finance/settlements');
  const payouts = page.getByTestId('payouts');
  await payouts.getByText('7001').waitFor();
  await payouts.getByTestId('recon-status').getByText(/项差异/).first().waitFor();
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
  await drawer.getByTestId('recon-rerun').click();
  await drawer.getByTestId('recon-result').getByText(/重复/).waitFor();
  await drawer.getByRole('tab', { name: '明细' }).click();
  await drawer.getByTestId('payout-lines').getByText('910000002').first().waitFor();
  await shot('44-payout-lines');

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
}

// expectedRefusal takes the browser's "Failed to load resource" line of a
// refusal the test caused on purpose off the problems list (only that one).
async function expectedRefusal(page, problems, status) {
  for (let i = 0; i < 20; i++) {
    const at = problems.findIndex((p) => p.includes(`status of ${status}`));
    if (at >= 0) return void problems.splice(at, 1);
    await page.waitForTimeout(100);
  }
}
