// The profit page's ad spend in the browser, called by console.e2e.mjs
// while the console is still in zh-CN: the campaign of the order the Go
// test placed has a row by campaign without spend or ROI; a spend CSV for
// it is imported through the page's file input (then again: all
// duplicates), the spend table shows its rows, and the campaign's row then
// shows its spend and ROI (its margin over the spend) as the API reports
// them. A CSV with a bad amount is refused naming its row and column.
import { expectedRefusal } from './finance.e2e.mjs';

export async function visitSpend({ page, base, shot, log, env, problems }) {
  const campaign = env('FNSHUB_CAMPAIGN');
  log('profit: by campaign, the campaign\'s row has no spend and no ROI yet');
  await page.goto(base + '/profit?group=campaign');
  const rows = page.getByTestId('profit-rows');
  const campaignRow = rows.locator('.ant-table-row', { hasText: campaign });
  await campaignRow.waitFor();
  const before = (await campaignRow.locator('td').allInnerTexts()).map((c) => c.trim());
  if (before.slice(-2).join('|') !== '—|—') throw new Error(`${campaign} before any spend: ${before.join(' | ')}`);
  const range = page.getByTestId('profit-range').locator('input');
  const [from, to] = [await range.nth(0).inputValue(), await range.nth(1).inputValue()];

  log('profit: import a spend CSV through the page; the table shows its rows');
  await page.getByRole('tab', { name: '广告花费' }).click();
  await page.waitForURL(/[?&]tab=spend/);
  const csv = ['日期,活动,花费,币种', `${addDays(to, -2)},${campaign},120.50,CNY`, `${addDays(to, -1)},${campaign},79.50,CNY`, ''].join('\n');
  const file = page.getByTestId('spend-file').locator('input[type=file]');
  await file.setInputFiles({ name: 'spend.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const result = page.getByTestId('spend-result');
  await result.getByText('已导入 spend.csv').waitFor();
  await result.getByText('新增 2 行，已有 0 行').waitFor();
  const kept = page.getByTestId('spend-rows').locator('.ant-table-row', { hasText: campaign });
  await kept.nth(1).waitFor();
  for (const [i, amount] of ['¥120.50', '¥79.50'].entries()) await kept.nth(i).getByText(amount, { exact: true }).waitFor();
  await shot('55-profit-spend');
  await file.setInputFiles({ name: 'spend.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await result.getByText('spend.csv 已导入过：没有变化').waitFor();
  await result.getByText('新增 0 行，已有 2 行').waitFor();

  log('profit: a spend CSV with a bad amount is refused, naming its row and column');
  const bad = csv.replace('79.50', '79.5O');
  await file.setInputFiles({ name: 'spend-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await result.getByText('spend-bad.csv 被拒绝，未导入任何内容').waitFor();
  await result.getByText(/row 3, column 3 \(spend\)/).waitFor();
  await expectedRefusal(page, problems, 400);
  await shot('56-profit-spend-refused');

  log('profit: the report by campaign shows the spend and its ROI as the API reports them');
  const res = await page.request.get(`${base}/api/v1/profit?group=campaign&from=${from}&to=${to}`);
  const row = (await res.json()).rows.find((r) => r.campaign === campaign);
  if (!row || row.spend !== '200.00' || !row.lines || !row.roi || row.roi === '0.0000') throw new Error(`the API's ${campaign} row: ${JSON.stringify(row)}`);
  await page.getByRole('tab', { name: '利润报表' }).click();
  await campaignRow.getByText('¥200.00', { exact: true }).waitFor();
  const cells = await campaignRow.locator('td').allInnerTexts();
  const [spend, roi] = cells.slice(-2).map((c) => c.trim());
  if (spend !== '¥200.00' || roi !== row.roi) throw new Error(`${campaign} shows spend ${spend} and ROI ${roi}; the API has ${row.spend} and ${row.roi}`);
  await shot('57-profit-campaign-roi');
}

// addDays moves a YYYY-MM-DD day by n days (calendar days: UTC arithmetic on the date alone).
function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
