// The waterfall as floating bars, expected beside actual for each step,
// and the same figures as a table (the chart's numbers are for drawing
// only; the table shows the API's decimal strings).
import { useMemo } from 'react';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import Chart, { type ChartOption } from '../../components/Chart';
import type { ReconStep } from '../../api/finance';
import { formatMoney } from '../../lib/money';
import { stepGap, waterfallBars, isZero } from './recon';

const rising = { expected: '#91caff', actual: '#1677ff' };
const falling = { expected: '#ffccc7', actual: '#ff4d4f' };

export default function Waterfall({ steps }: { steps: ReconStep[] }) {
  const { t, i18n } = useTranslation('settlements');
  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);
  const option = useMemo<ChartOption>(() => {
    const sides = (['expected', 'actual'] as const).flatMap((side) => {
      const bars = waterfallBars(steps, side);
      return [
        { name: side + ':base', type: 'bar' as const, stack: side, silent: true, itemStyle: { color: 'transparent' }, data: bars.map((b) => b.base), tooltip: { show: false } },
        {
          name: t(`recon.${side}`),
          type: 'bar' as const,
          stack: side,
          barMaxWidth: 36,
          itemStyle: { color: rising[side] }, // the legend's swatch; each bar below picks rising or falling
          data: bars.map((b) => ({ value: b.height, itemStyle: { color: (b.falling ? falling : rising)[side] } })),
          label: { show: true, position: 'top' as const, formatter: (p: { dataIndex: number }) => bars[p.dataIndex].amount },
        },
      ];
    });
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: [t('recon.expected'), t('recon.actual')] },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: steps.map((s) => t(`step.${s.name}`)) },
      yAxis: { type: 'value' },
      series: sides,
    };
  }, [steps, t]);
  return (
    <>
      <Chart option={option} height={320} testId="recon-waterfall" />
      <Table<ReconStep>
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={steps}
        data-testid="recon-steps"
        columns={[
          { title: t('recon.step'), dataIndex: 'name', render: (n: string) => t(`step.${n}`) },
          { title: t('recon.expected'), key: 'e', align: 'right', render: (_: unknown, s) => money(s.expected) },
          { title: t('recon.actual'), key: 'a', align: 'right', render: (_: unknown, s) => money(s.actual) },
          {
            title: t('recon.gap'),
            key: 'g',
            align: 'right',
            render: (_: unknown, s) => {
              const g = stepGap(s);
              return isZero(g) ? '' : <span style={{ color: '#cf1322' }}>{formatMoney(g, s.actual.currency, i18n.language)}</span>;
            },
          },
        ]}
      />
    </>
  );
}
