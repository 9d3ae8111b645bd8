/**
 * A chart, drawn by ECharts loaded on first use (`import()` of charts/echarts.ts: a chunk of its
 * own, never part of the first download). The chart is a picture with a description (role img);
 * the screen puts the same figures in a table right after it, so nothing is known from the
 * picture alone. If the chart cannot load, the table still tells everything.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChartHandle, ChartSpec } from '../charts/spec.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorBanner } from './banners.tsx';

type ChartModule = typeof import('../charts/echarts.ts');
let loading: Promise<ChartModule> | undefined;
function chartModule(): Promise<ChartModule> {
  loading ??= import('../charts/echarts.ts').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

export function Chart({ spec, testId }: { spec: ChartSpec; testId: string }) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef(spec);
  latest.current = spec;

  useEffect(() => {
    let current = true;
    chartModule().then(
      ({ drawChart }) => {
        if (!current || !element.current) return;
        handle.current = drawChart(element.current, latest.current);
        setReady(true);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
      handle.current?.dispose();
      handle.current = null;
    };
  }, []);

  useEffect(() => handle.current?.update(spec), [spec]);

  return (
    <>
      <ErrorBanner error={error} />
      <div ref={element} class="chart" role="img" aria-label={spec.description} data-testid={testId} data-ready={ready ? 'true' : 'false'}>
        {!ready && !error && <span class="hint">{t('console-chart-loading')}</span>}
      </div>
    </>
  );
}
