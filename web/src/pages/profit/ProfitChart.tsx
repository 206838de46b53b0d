// Revenue per series (channel, shop … and currency) as stacked bars over
// the days, and the net margin per currency as a line.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import Chart, { type ChartOption } from '../../components/Chart';
import { chartData, type Group, type ProfitRow } from './profit';

export default function ProfitChart({ rows, group }: { rows: ProfitRow[]; group: Group[] }) {
  const { t } = useTranslation('profit');
  const option = useMemo<ChartOption>(() => {
    const d = chartData(rows, group);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: d.x },
      yAxis: { type: 'value' },
      series: [
        ...d.bars.map((b) => ({ name: b.name, type: 'bar' as const, stack: b.currency, data: b.values, barMaxWidth: 40 })),
        ...d.margin.map((m) => ({ name: t('chart.margin', { currency: m.currency }), type: 'line' as const, data: m.values, lineStyle: { type: 'dashed' as const } })),
      ],
    };
  }, [rows, group, t]);
  return <Chart option={option} height={300} testId="profit-chart" />;
}
