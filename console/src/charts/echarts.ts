/**
 * The dashboard's charts, drawn by ECharts. This module is only ever loaded with a dynamic
 * `import()` (components/chart.tsx), so esbuild puts it and the parts of ECharts it names in a
 * chunk of their own that the first screen never downloads. It names only what the dashboard
 * draws (bars, lines, their axes, legend, tooltip, the aria component, the canvas renderer):
 * `echarts/core` leaves the rest of the library out.
 *
 * Readable without colour: the aria component describes the chart to screen readers and draws
 * each bar series with its own decal pattern; each line series has its own symbol and dash.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, type AriaComponentOption, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartHandle, ChartSpec } from './spec.ts';

use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | AriaComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** One symbol and one dash per line series, so two lines differ in shape as well as colour. */
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow'];
const DASHES = ['solid', 'dashed', 'dotted'] as const;
/** The default palette's first colours darkened to 3:1 against white at least (lines and bars are graphics). */
const COLOURS = ['#2f55b4', '#2e7d32', '#b35900', '#a4161a', '#6a3fa0', '#00707a', '#7a5c00'];
const INK = '#1b1f24';

function optionOf(spec: ChartSpec): Option {
  const series = spec.series.map((s, i): BarSeriesOption | LineSeriesOption =>
    spec.kind === 'bar'
      ? { type: 'bar', name: s.name, data: s.values, ...(spec.stacked ? { stack: 'total' } : {}), emphasis: { focus: 'series' } }
      : {
          type: 'line',
          name: s.name,
          data: s.values,
          symbol: SYMBOLS[i % SYMBOLS.length],
          symbolSize: 8,
          lineStyle: { type: DASHES[i % DASHES.length], width: 2 },
          connectNulls: false,
        },
  );
  return {
    color: COLOURS,
    textStyle: { color: INK },
    aria: { enabled: true, label: { description: spec.description }, decal: { show: true } },
    grid: { left: 12, right: 16, top: spec.series.length > 1 ? 48 : 16, bottom: 8, containLabel: true },
    legend: spec.series.length > 1 ? { top: 0, textStyle: { color: INK }, itemWidth: 28, itemHeight: 14 } : { show: false },
    tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? spec.format(value) : String(value ?? '')) },
    xAxis: { type: 'category', data: spec.categories, axisLabel: { color: INK, hideOverlap: true }, axisLine: { lineStyle: { color: INK } } },
    yAxis: { type: 'value', axisLabel: { color: INK, formatter: (value: number) => spec.formatAxis(value) }, splitLine: { lineStyle: { color: '#c4cad3' } } },
    series,
    animation: !matchMedia('(prefers-reduced-motion: reduce)').matches,
  };
}

export function drawChart(element: HTMLElement, spec: ChartSpec): ChartHandle {
  const chart = init(element, null, { renderer: 'canvas' });
  chart.setOption(optionOf(spec));
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(element);
  return {
    update: (next) => chart.setOption(optionOf(next), { notMerge: true }),
    dispose: () => {
      resize.disconnect();
      chart.dispose();
    },
  };
}
