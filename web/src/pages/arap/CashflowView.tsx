// The cash-flow forecast of one legal entity: per currency, each week's inflows (platform
// settlements and customer receipts) above zero, its bill payments below,
// and the closing balance as a line; the table gives the API's figures.
import { useMemo } from 'react';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import Chart, { type ChartOption } from '../../components/Chart';
import { useGet } from '../../api/hooks';
import { formatMoney } from '../../lib/money';
import Refused from './Refused';
import { cashSeries, inflow, type ForecastWeek } from './arap';

export default function CashflowView({ entity, asOf, weeks }: { entity: string; asOf: string; weeks: number }) {
  const { t, i18n } = useTranslation('arap');
  const got = useGet<{ entity: number; as_of: string; weeks: ForecastWeek[] }>('/api/v1/cashflow', { entity, as_of: asOf, weeks });
  const ws = useMemo(() => got.data?.weeks ?? [], [got.data]);
  const option = useMemo<ChartOption>(() => {
    const d = cashSeries(ws);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 80, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: d.starts },
      yAxis: { type: 'value' },
      series: d.series.flatMap((s) => [
        { name: t('cash.in', { currency: s.currency }), type: 'bar' as const, stack: s.currency, data: s.inflows, itemStyle: { color: '#52c41a' } },
        { name: t('cash.out', { currency: s.currency }), type: 'bar' as const, stack: s.currency, data: s.outflows, itemStyle: { color: '#ff4d4f' } },
        { name: t('cash.closing', { currency: s.currency }), type: 'line' as const, data: s.closing },
      ]),
    };
  }, [ws, t]);
  if (got.error) return <Refused error={got.error} />;
  const m = (a: string, cur: string) => formatMoney(a, cur, i18n.language);
  return (
    <>
      <Chart option={option} height={320} testId="cash-chart" />
      <Table<ForecastWeek>
        size="small"
        rowKey={(w) => w.start + w.currency}
        loading={got.loading}
        pagination={false}
        dataSource={ws}
        data-testid="cash-weeks-table"
        columns={[
          { title: t('cash.week'), dataIndex: 'start' },
          { title: t('col.currency'), dataIndex: 'currency' },
          { title: t('cash.platform'), key: 'p', align: 'right', render: (_: unknown, w) => m(w.platform.amount, w.currency) },
          { title: t('cash.customers'), key: 'c', align: 'right', render: (_: unknown, w) => m(w.customers.amount, w.currency) },
          { title: t('cash.inflow'), key: 'i', align: 'right', render: (_: unknown, w) => m(inflow(w), w.currency) },
          { title: t('cash.suppliers'), key: 's', align: 'right', render: (_: unknown, w) => m(w.suppliers.amount, w.currency) },
          { title: t('cash.net'), key: 'n', align: 'right', render: (_: unknown, w) => m(w.net.amount, w.currency) },
          { title: t('cash.closingCol'), key: 'cl', align: 'right', render: (_: unknown, w) => <b>{m(w.closing.amount, w.currency)}</b> },
        ]}
      />
    </>
  );
}
