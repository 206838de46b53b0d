import { jsx as _jsx } from "react/jsx-runtime";
// Chart draws an ECharts option. Only the pieces registered here are
// bundled (echarts/core is tree-shaken): add a chart type or component
// here when a page needs it.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, DatasetComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, DatasetComponent, CanvasRenderer]);
export default function Chart({ option, height = 300, dark, onClick, testId }) {
    const el = useRef(null);
    const chart = useRef(null);
    const click = useRef(onClick);
    click.current = onClick;
    useEffect(() => {
        if (!el.current)
            return;
        const c = echarts.init(el.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
        chart.current = c;
        c.on('click', (p) => click.current?.(p));
        const ro = new ResizeObserver(() => c.resize());
        ro.observe(el.current);
        return () => {
            ro.disconnect();
            c.dispose();
            chart.current = null;
        };
    }, [dark]);
    useEffect(() => {
        chart.current?.setOption(option, { notMerge: true });
    }, [option, dark]);
    return _jsx("div", { ref: el, style: { width: '100%', height }, "data-testid": testId });
}
