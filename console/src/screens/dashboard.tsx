/**
 * The dashboard (GET /dashboard), the staff's home screen: revenue per month and legal entity,
 * invoices issued per month, receivables open and overdue per currency, usage per day by type,
 * unresolved usage, the last bill runs. Each chart is followed by a table of the same figures
 * (and the charts themselves load only here, lazily: components/chart.tsx). Amounts are never
 * added across currencies: revenue has one chart per currency.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { seg, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Chart } from '../components/chart.tsx';
import { DataTable } from '../components/data-table.tsx';
import { useEntity } from '../components/use-entity.ts';
import type { ChartSpec } from '../charts/spec.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, setQuery, useLocation } from '../router.tsx';
import { RunStatus } from './billing-common.tsx';

type Dashboard = Schemas['Dashboard'];
type Revenue = Dashboard['revenue'][number];

const MONTHS = ['3', '6', '12', '24', '36'];
const DEFAULT_MONTHS = '12';

/** How many months of revenue to show (`?months=`), applied with its button. */
function MonthsChooser({ months }: { months: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(months);
  useEffect(() => setValue(months), [months]);
  return (
    <form
      class="filters"
      data-testid="dashboard-filter"
      onSubmit={(event) => {
        event.preventDefault();
        setQuery({ months: value === DEFAULT_MONTHS ? null : value });
      }}
    >
      <div class="field">
        <label for="dashboard-months">{t('console-dashboard-months')}</label>
        <select id="dashboard-months" value={value} onChange={(e) => setValue((e.currentTarget as HTMLSelectElement).value)} data-testid="dashboard-filter-months">
          {(MONTHS.includes(months) ? MONTHS : [...MONTHS, months]).map((m) => (
            <option key={m} value={m}>
              {t('console-dashboard-months-value', { months: Number(m) })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" data-testid="dashboard-filter-submit">
        {t('console-dashboard-show')}
      </button>
    </form>
  );
}

/** `2026-03` as the user's language writes a month. */
function monthName(language: string, month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year!, m! - 1, 1));
}

const compact = (language: string) => new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 });

/** Sorted distinct values. */
const distinct = (values: string[]) => [...new Set(values)].sort();

function revenueCharts(i18n: I18n, data: Dashboard): { currency: string; spec: ChartSpec }[] {
  const { t, language, money } = i18n;
  const months = data.invoicesIssued.map((m) => m.month);
  return distinct(data.revenue.map((r) => r.currency)).map((currency) => {
    const rows = data.revenue.filter((r) => r.currency === currency);
    const entities = distinct(rows.map((r) => r.legalEntityId));
    return {
      currency,
      spec: {
        kind: 'bar',
        stacked: true,
        categories: months.map((m) => monthName(language, m)),
        series: entities.map((entity) => ({ name: entity, values: months.map((m) => Number(rows.find((r) => r.month === m && r.legalEntityId === entity)?.net ?? 0)) })),
        format: (value) => money(String(value), currency),
        formatAxis: (value) => compact(language).format(value),
        description: t('console-dashboard-revenue-description', { currency, entities: entities.join(', '), from: monthName(language, months[0] ?? ''), to: monthName(language, months.at(-1) ?? '') }),
      },
    };
  });
}

function usagePivot(data: Dashboard): { dates: string[]; types: string[]; count: (date: string, type: string) => number } {
  const dates = distinct(data.usagePerDay.map((u) => u.date));
  const types = distinct(data.usagePerDay.map((u) => u.type));
  const counts = new Map(data.usagePerDay.map((u) => [`${u.date}/${u.type}`, u.records]));
  return { dates, types, count: (date, type) => counts.get(`${date}/${type}`) ?? 0 };
}

export function DashboardScreen() {
  const i18n = useI18n();
  const { t, language, date, dateTime, money, number } = i18n;
  const months = useLocation().query.get('months') || DEFAULT_MONTHS;
  const entity = useEntity<Dashboard>(`/dashboard?months=${encodeURIComponent(months)}`);
  const data = entity.data;

  const charts = useMemo(() => {
    if (!data) return null;
    const usage = usagePivot(data);
    const invoices: ChartSpec = {
      kind: 'bar',
      categories: data.invoicesIssued.map((m) => monthName(language, m.month)),
      series: [{ name: t('console-dashboard-invoices-issued'), values: data.invoicesIssued.map((m) => m.count) }],
      format: (value) => number(value),
      formatAxis: (value) => compact(language).format(value),
      description: t('console-dashboard-invoices-description', { total: number(data.invoicesIssued.reduce((sum, m) => sum + m.count, 0)), months: data.invoicesIssued.length }),
    };
    const usageSpec: ChartSpec = {
      kind: 'line',
      categories: usage.dates.map((d) => date(d)),
      series: usage.types.map((type) => ({ name: t('console-usage-type-value', { type }), values: usage.dates.map((d) => usage.count(d, type)) })),
      format: (value) => number(value),
      formatAxis: (value) => compact(language).format(value),
      description: t('console-dashboard-usage-description', { types: usage.types.map((type) => t('console-usage-type-value', { type })).join(', '), days: usage.dates.length }),
    };
    return { revenue: revenueCharts(i18n, data), invoices, usage: usageSpec, pivot: usage };
  }, [data, language]);

  return (
    <section data-testid="dashboard">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-dashboard-title')}</h1>
        {data && <span class="hint" data-testid="dashboard-as-of">{t('console-dashboard-as-of', { date: date(data.asOf) })}</span>}
      </div>
      <MonthsChooser months={months} />
      <ErrorBanner error={entity.error} />
      {data && charts && (
        <>
          <section aria-labelledby="dash-receivables" data-testid="dashboard-receivables">
            <h2 id="dash-receivables">{t('console-dashboard-receivables')}</h2>
            {data.receivables.length === 0 ? (
              <p>{t('console-dashboard-receivables-none')}</p>
            ) : (
              <ul class="tiles">
                {data.receivables.map((r) => (
                  <li key={r.currency} class="tile" data-testid="dashboard-receivable" data-currency={r.currency}>
                    <span class="tile-label">{t('console-dashboard-open', { currency: r.currency })}</span>
                    <span class="tile-value">{money(r.open, r.currency)}</span>
                    <span class="tile-label">{t('console-dashboard-overdue')}</span>
                    <span class="tile-value tile-overdue">{money(r.overdue, r.currency)}</span>
                    <span class="hint">{t('console-dashboard-invoices-overdue', { count: r.invoicesOverdue })}</span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link href={`/receivables/aging?asOf=${encodeURIComponent(data.asOf)}`} data-testid="dashboard-aging-link">
                {t('console-dashboard-aging-link')}
              </Link>
            </p>
          </section>

          <section aria-labelledby="dash-revenue" data-testid="dashboard-revenue">
            <h2 id="dash-revenue">{t('console-dashboard-revenue')}</h2>
            <p class="hint">{t('console-dashboard-revenue-intro')}</p>
            {charts.revenue.length === 0 && <p data-testid="dashboard-revenue-none">{t('console-dashboard-revenue-none')}</p>}
            {charts.revenue.map(({ currency, spec }) => (
              <figure key={currency} class="chart-figure" aria-labelledby={`dash-revenue-${currency}`}>
                <figcaption id={`dash-revenue-${currency}`}>{t('console-dashboard-revenue-in', { currency })}</figcaption>
                <Chart spec={spec} testId={`dashboard-revenue-chart-${currency}`} />
              </figure>
            ))}
            <DataTable<Revenue>
              testId="dashboard-revenue-table"
              caption={t('console-dashboard-revenue-caption')}
              rows={data.revenue}
              rowKey={(r) => `${r.month}/${r.legalEntityId}/${r.currency}`}
              empty={t('console-dashboard-revenue-none')}
              columns={[
                { header: t('console-dashboard-month'), cell: (r) => monthName(language, r.month) },
                { header: t('console-contract-legal-entity'), cell: (r) => r.legalEntityId },
                { header: t('console-currency'), cell: (r) => r.currency },
                { header: t('console-net'), cell: (r) => money(r.net, r.currency), numeric: true },
                { header: t('console-vat'), cell: (r) => money(r.vat, r.currency), numeric: true },
                { header: t('console-gross'), cell: (r) => money(r.gross, r.currency), numeric: true },
                { header: t('console-dashboard-invoices-issued'), cell: (r) => number(r.invoices), numeric: true },
              ]}
            />
          </section>

          <section aria-labelledby="dash-invoices" data-testid="dashboard-invoices">
            <h2 id="dash-invoices">{t('console-dashboard-invoices-issued')}</h2>
            <figure class="chart-figure">
              <Chart spec={charts.invoices} testId="dashboard-invoices-chart" />
            </figure>
            <DataTable
              testId="dashboard-invoices-table"
              caption={t('console-dashboard-invoices-caption')}
              rows={data.invoicesIssued}
              rowKey={(m) => m.month}
              columns={[
                { header: t('console-dashboard-month'), cell: (m) => monthName(language, m.month) },
                { header: t('console-dashboard-invoices-issued'), cell: (m) => number(m.count), numeric: true },
              ]}
            />
          </section>

          <section aria-labelledby="dash-usage" data-testid="dashboard-usage">
            <h2 id="dash-usage">{t('console-dashboard-usage')}</h2>
            {charts.pivot.dates.length === 0 ? (
              <p>{t('console-dashboard-usage-none')}</p>
            ) : (
              <>
                <figure class="chart-figure">
                  <Chart spec={charts.usage} testId="dashboard-usage-chart" />
                </figure>
                <DataTable
                  testId="dashboard-usage-table"
                  caption={t('console-dashboard-usage-caption')}
                  rows={charts.pivot.dates}
                  rowKey={(d) => d}
                  limit={31}
                  columns={[
                    { header: t('console-dashboard-day'), cell: (d) => date(d) },
                    ...charts.pivot.types.map((type) => ({ header: t('console-usage-type-value', { type }), cell: (d: string) => number(charts.pivot.count(d, type)), numeric: true })),
                  ]}
                />
              </>
            )}
          </section>

          <section aria-labelledby="dash-unresolved" data-testid="dashboard-unresolved">
            <h2 id="dash-unresolved">{t('console-nav-unresolved')}</h2>
            <p data-testid="dashboard-unresolved-count">{t('console-dashboard-unresolved-count', { count: data.unresolvedUsage.count })}</p>
            {data.unresolvedUsage.byReason.length > 0 && (
              <DataTable
                testId="dashboard-unresolved-table"
                caption={t('console-dashboard-unresolved-caption')}
                rows={data.unresolvedUsage.byReason}
                rowKey={(r) => r.reason}
                columns={[
                  { header: t('console-unresolved-reason'), cell: (r) => <Link href={`/usage/unresolved?reason=${encodeURIComponent(r.reason)}`}>{t('console-unresolved-reason-value', { reason: r.reason })}</Link> },
                  { header: t('console-usage-records'), cell: (r) => number(r.count), numeric: true },
                ]}
              />
            )}
          </section>

          <section aria-labelledby="dash-runs" data-testid="dashboard-runs">
            <h2 id="dash-runs">{t('console-dashboard-last-runs')}</h2>
            <DataTable
              testId="dashboard-runs-table"
              hideCaption
              caption={t('console-dashboard-last-runs')}
              rows={data.lastBillRuns}
              rowKey={(r) => r.runId}
              empty={t('console-bill-runs-none')}
              columns={[
                { header: t('console-bill-run-id'), cell: (r) => <Link href={`/bill-runs/${seg(r.runId)}`}>{r.runId}</Link> },
                { header: t('console-bill-run-as-of'), cell: (r) => date(r.asOf) },
                { header: t('console-bill-run-status'), cell: (r) => <RunStatus status={r.status} /> },
                { header: t('console-bill-run-started'), cell: (r) => dateTime(r.startedAt) },
                { header: t('console-dashboard-run-invoices'), cell: (r) => number(r.invoices), numeric: true },
                { header: t('console-bill-run-held'), cell: (r) => number(r.held), numeric: true },
              ]}
            />
          </section>
        </>
      )}
    </section>
  );
}
