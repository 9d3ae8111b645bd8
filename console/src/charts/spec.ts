/**
 * What a screen says about a chart, without naming ECharts: the categories along the axis, a
 * series of numbers per thing compared, how to write a value, and a description of the chart in
 * words for those who cannot see it. Types only, so importing it costs the main bundle nothing.
 */
export interface ChartSpec {
  kind: 'bar' | 'line';
  /** The axis labels, one per value of each series (months, days). */
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  /** Bars of the series on top of each other (parts of one total). */
  stacked?: boolean;
  /** A value in a tooltip, in the user's language (an amount, a count). */
  format: (value: number) => string;
  /** A value on the axis (shorter). */
  formatAxis: (value: number) => string;
  /** What the chart shows, read to screen readers. */
  description: string;
}

export interface ChartHandle {
  update(spec: ChartSpec): void;
  dispose(): void;
}
