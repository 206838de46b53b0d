import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import Chart, { type ChartOption } from '../../components/Chart';
import type { Overview } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { ordersLink, type Scope } from './data';

// ECharts needs numbers to draw; the decimal strings become numbers here
// for the axis alone, and every label and tooltip shows the string itself.
const plot = (amount: string) => Number(amount);

interface Props {
  overview?: Overview;
  scope: Scope;
  dark?: boolean;
  height?: number;
}

/** DayChart: GMV (bars) and orders (line) by day; a click lists that day's orders. */
export function DayChart({ overview, scope, dark, height = 320 }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const nav = useNavigate();
  const days = useMemo(() => [...(overview?.by_day ?? [])].sort((a, b) => a.day.localeCompare(b.day)), [overview]);
  const currency = overview?.totals[0]?.currency ?? days[0]?.currency ?? 'CNY';
  const rows = days.filter((d) => d.currency === currency);
  const option: ChartOption = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'axis',
        formatter: (ps: unknown) => {
          const list = ps as { dataIndex: number }[];
          const r = rows[list[0]?.dataIndex ?? 0];
          if (!r) return '';
          return `${r.day}<br/>${t('kpi.gmv')} ${formatMoney(r.gmv, r.currency, i18n.language)}<br/>${t('kpi.orders')} ${r.orders}`;
        },
      },
      legend: { data: [t('kpi.gmv'), t('kpi.orders')] },
      grid: { left: 60, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((r) => r.day.slice(5)) },
      yAxis: [
        { type: 'value', name: currency },
        { type: 'value', name: t('kpi.orders'), minInterval: 1 },
      ],
      series: [
        { name: t('kpi.gmv'), type: 'bar', data: rows.map((r) => plot(r.gmv)), itemStyle: { color: '#1677ff' } },
        { name: t('kpi.orders'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.orders), itemStyle: { color: '#fa8c16' } },
      ],
    }),
    [rows, currency, t, i18n.language],
  );
  return (
    <Chart
      option={option}
      height={height}
      dark={dark}
      testId="chart-by-day"
      onClick={(p) => {
        const r = rows[p.dataIndex];
        if (r) nav(ordersLink({ from: r.day, to: r.day, shop: scope.shop }));
      }}
    />
  );
}

/** ShopChart: GMV by shop and channel; a click lists that shop's orders in the period. */
export function ShopChart({ overview, dark, height = 320 }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const nav = useNavigate();
  const shops = useMemo(
    () => [...(overview?.by_shop ?? [])].sort((a, b) => plot(b.gmv) - plot(a.gmv)),
    [overview],
  );
  const option: ChartOption = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const s = shops[(p as { dataIndex: number }).dataIndex];
          return s ? `${s.shop} (${s.channel})<br/>${t('kpi.gmv')} ${formatMoney(s.gmv, s.currency, i18n.language)}<br/>${t('kpi.orders')} ${s.orders}` : '';
        },
      },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          name: t('kpi.gmv'),
          type: 'pie',
          radius: ['40%', '70%'],
          label: { formatter: '{b}: {d}%' },
          data: shops.map((s) => ({ name: `${s.shop} · ${s.channel}`, value: plot(s.gmv) })),
        },
      ],
    }),
    [shops, t, i18n.language],
  );
  return (
    <Chart
      option={option}
      height={height}
      dark={dark}
      testId="chart-by-shop"
      onClick={(p) => {
        const s = shops[p.dataIndex];
        if (s && overview) nav(ordersLink({ shop: s.shop, from: overview.from, to: overview.to }));
      }}
    />
  );
}
