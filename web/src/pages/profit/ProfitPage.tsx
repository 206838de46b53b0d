// 利润: the profit report of a range of days in the merchant's zone,
// grouped as chosen (channel × day unless told), as a chart and a table; a
// row opens to its orders, an order to its profit line by line. A second
// tab (?tab=spend) imports and lists the ad spend behind campaign ROI.
import { useMemo } from 'react';
import { Alert, Card, Checkbox, DatePicker, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useGet } from '../../api/hooks';
import { formatMoney, formatRate } from '../../lib/money';
import { addDays, today } from '../../lib/time';
import ProfitChart from './ProfitChart';
import OrderProfitDrawer from './OrderProfitDrawer';
import RowOrders from './RowOrders';
import SpendTab from './SpendTab';
import EntryDrawer from '../finance/EntryDrawer';
import { defaultGroup, estimateActual, groups, sumAmounts, toggleGroup, totals, type Group, type ProfitRow } from './profit';

interface Report {
  from: string;
  to: string;
  zone: string;
  group: Group[];
  rows: ProfitRow[];
}

export default function ProfitPage() {
  const { t, i18n } = useTranslation('profit');
  const [params, setParams] = useSearchParams();
  const group = (params.get('group')?.split(',').filter((g): g is Group => (groups as readonly string[]).includes(g)) ?? defaultGroup) as Group[];
  const to = params.get('to') ?? today();
  const from = params.get('from') ?? addDays(to, -29);
  const order = Number(params.get('order')) || null;
  const tab = params.get('tab') === 'spend' ? 'spend' : 'report';
  const set = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const report = useGet<Report>('/api/v1/profit', { group: group.join(','), from, to });
  const rows = report.data?.rows ?? [];
  const byCampaign = group.includes('campaign');
  const m = (amount: string | undefined | null, cur: string) => formatMoney(amount, cur, i18n.language);

  const columns = useMemo<ColumnsType<ProfitRow>>(() => {
    const dims: ColumnsType<ProfitRow> = group.map((g) => ({ title: t(`group.${g}`), dataIndex: g, render: (v: string) => v || '—' }));
    const money = (key: keyof ProfitRow, title: string) => ({
      title,
      key: String(key),
      align: 'right' as const,
      render: (_: unknown, r: ProfitRow) => m(r[key] as string, r.currency),
    });
    return [
      ...dims,
      { title: t('col.lines'), dataIndex: 'lines', align: 'right' },
      money('revenue', t('col.revenue')),
      {
        title: t('col.discounts'),
        key: 'discounts',
        align: 'right',
        render: (_: unknown, r) => m(sumAmounts([r.discount_shop, r.discount_platform]), r.currency),
      },
      money('cogs', t('col.cogs')),
      money('fees', t('col.fees')),
      {
        title: t('col.estimateActual'),
        key: 'ea',
        align: 'right',
        render: (_: unknown, r) => {
          const ea = estimateActual(r);
          return (
            <span>
              {m(ea.estimate, r.currency)} / {ea.actual === null ? <Typography.Text type="secondary">{t('notSettled')}</Typography.Text> : m(ea.actual, r.currency)}
            </span>
          );
        },
      },
      money('shipping', t('col.shipping')),
      money('returns', t('col.returns')),
      {
        title: t('col.net'),
        key: 'net',
        align: 'right',
        render: (_: unknown, r) => <b style={r.net_margin.startsWith('-') ? { color: '#cf1322' } : undefined}>{m(r.net_margin, r.currency)}</b>,
      },
      { title: t('col.rate'), key: 'rate', align: 'right', render: (_: unknown, r) => formatRate(r.margin_rate) },
      ...(byCampaign
        ? [money('spend', t('col.spend')), { title: t('col.roi'), key: 'roi', align: 'right' as const, render: (_: unknown, r: ProfitRow) => r.roi || '—' }]
        : []),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [group.join(','), t, i18n.language, byCampaign]);

  const reportPane = (
    <>
      {report.error ? <Alert type="error" showIcon message={String((report.error as Error).message)} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{t('zone', { zone: report.data?.zone ?? 'Asia/Shanghai', from, to })}</Typography.Paragraph>
      <ProfitChart rows={rows} group={group} />
      <Table<ProfitRow>
        size="small"
        rowKey={(r) => [...group.map((g) => r[g] ?? ''), r.currency].join('|')}
        loading={report.loading}
        dataSource={rows}
        columns={columns}
        scroll={{ x: true }}
        data-testid="profit-rows"
        expandable={{ expandedRowRender: (r) => <RowOrders row={r} onOrder={(id) => set({ order: String(id) })} /> }}
        summary={() =>
          totals(rows).map((tot) => (
            <Table.Summary.Row key={tot.currency} data-testid="profit-total">
              <Table.Summary.Cell index={0} colSpan={group.length + 1}>
                <b>{t('total', { currency: tot.currency })}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">{tot.lines}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right"><b>{m(tot.figures.revenue, tot.currency)}</b></Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{m(sumAmounts([tot.figures.discount_shop, tot.figures.discount_platform]), tot.currency)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">{m(tot.figures.cogs, tot.currency)}</Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">{m(tot.figures.fees, tot.currency)}</Table.Summary.Cell>
              <Table.Summary.Cell index={6} />
              <Table.Summary.Cell index={7} align="right">{m(tot.figures.shipping, tot.currency)}</Table.Summary.Cell>
              <Table.Summary.Cell index={8} align="right">{m(tot.figures.returns, tot.currency)}</Table.Summary.Cell>
              <Table.Summary.Cell index={9} align="right"><b>{m(tot.figures.net_margin, tot.currency)}</b></Table.Summary.Cell>
              <Table.Summary.Cell index={10} colSpan={byCampaign ? 3 : 1} />
            </Table.Summary.Row>
          ))
        }
      />
    </>
  );

  return (
    <Card
      title={t('title')}
      extra={
        <Space wrap>
          <Typography.Text type="secondary">{t('groupBy')}</Typography.Text>
          <Space data-testid="profit-group">
            {groups.map((g) => (
              <Checkbox key={g} checked={group.includes(g)} onChange={() => set({ group: toggleGroup(group, g).join(',') })}>
                {t(`group.${g}`)}
              </Checkbox>
            ))}
          </Space>
          <span data-testid="profit-range">
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(from), dayjs(to)]}
              onChange={(v) => {
                const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
                if (a && b) set({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
              }}
            />
          </span>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'report' ? null : k })}
        items={[
          { key: 'report', label: t('tab.report'), children: reportPane },
          { key: 'spend', label: t('tab.spend'), children: <SpendTab from={from} to={to} onImported={report.reload} /> },
        ]}
      />
      <OrderProfitDrawer id={order} onClose={() => set({ order: null })} />
      <EntryDrawer />
    </Card>
  );
}
