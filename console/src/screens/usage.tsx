/**
 * Usage: a client's usage in the cycle containing a date, per subscription (GET
 * /clients/{id}/usage); the records rating could not price, with the reason (GET
 * /usage/unresolved); and rating again by hand (POST /usage/rerate) after a change billstream does not follow by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Form, useForm } from '../components/form.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import type { Screen } from '../screen.ts';
import { useSession } from '../session.tsx';
import { usePeriod } from './billing-common.tsx';
import { PAGE_SIZE } from './crm-common.tsx';

type CycleUsage = Schemas['CycleUsage'];
const REASONS = ['unknown-identifier', 'no-subscription', 'no-rate'] as const;
/** Who may re-rate (test/e2e/route-roles.ts: writes under /usage). */
const RATERS = ['operator', 'billing'] as const;

interface Unresolved {
  source: string;
  recordId: string;
  reason: string;
  detail: string;
  identifier: string;
  type: string;
  startTime: string;
}

interface RerateResult {
  selected: number;
  resolved: number;
  changed: number;
  unchanged: number;
  unresolved: number;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The unit of a data rule is the tariff's (GB, MB, ...); the usage answer gives quantities in it
 * without naming it, so it is read from the tariff version in force when the cycle started.
 */
function useDataUnit(tariffId: string, cycleStart: string): string | null {
  const [unit, setUnit] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api.get<Schemas['Tariff']>(`/tariffs/${seg(tariffId)}`).then(
      ({ data }) => {
        const version = data.versions.filter((v) => v.validFrom <= cycleStart).at(-1) ?? data.versions[0];
        const rule = (version?.usage as { type?: string; unit?: string }[] | undefined)?.find((r) => r.type === 'data');
        if (current) setUnit(rule?.unit ?? null);
      },
      // Without the tariff the quantities still show, in "tariff units".
      () => undefined,
    );
    return () => void (current = false);
  }, [tariffId, cycleStart]);
  return unit;
}

function CycleUsageView({ usage }: { usage: CycleUsage }) {
  const { t, number, money } = useI18n();
  const period = usePeriod();
  const dataUnit = useDataUnit(usage.tariffId, usage.cycle.start);
  const currency = usage.currency ?? '';
  /** What a quantity of a usage type is counted in: seconds of voice, the tariff's data unit, events. */
  const unit = (type: string) => t('console-usage-unit', { type, unit: dataUnit ?? t('console-usage-tariff-units') });
  const typeName = (type: string) => t('console-usage-type-value', { type });
  return (
    <section class="cycle-usage" aria-labelledby={`usage-${usage.subscriptionId}`} data-testid="cycle-usage">
      <h3 id={`usage-${usage.subscriptionId}`}>
        {t('console-usage-subscription', { subscription: usage.subscriptionId, tariff: usage.tariffId, period: period(usage.cycle) })}
      </h3>
      {usage.allowances.length > 0 && (
        <ul class="allowances" aria-label={t('console-usage-allowances')} data-testid="cycle-usage-allowances">
          {usage.allowances.map((a) => (
            <li key={a.type} data-testid="cycle-usage-allowance" data-type={a.type}>
              {t('console-usage-allowance', { type: typeName(a.type), used: number(a.used), quantity: number(a.quantity), unit: unit(a.type) })}
            </li>
          ))}
        </ul>
      )}
      <table>
        <caption>{t('console-usage-lines')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console-tariff-usage-type')}</th>
            <th scope="col">{t('console-usage-destination')}</th>
            <th scope="col">{t('console-usage-band')}</th>
            <th scope="col" class="numeric">{t('console-usage-records')}</th>
            <th scope="col" class="numeric">{t('console-usage-quantity')}</th>
            <th scope="col" class="numeric">{t('console-usage-covered')}</th>
            <th scope="col" class="numeric">{t('console-usage-charge')}</th>
          </tr>
        </thead>
        <tbody>
          {usage.lines.map((line, i) => (
            <tr key={i} data-testid="cycle-usage-line" data-type={line.type}>
              <td>{typeName(line.type)}</td>
              <td>{line.destination ?? ''}</td>
              <td>{line.band ? t('console-usage-band-value', { band: line.band }) : ''}</td>
              <td class="numeric">{number(line.records)}</td>
              <td class="numeric">{`${number(line.quantity)} ${unit(line.type)}`}</td>
              <td class="numeric" data-testid="cycle-usage-covered">{`${number(line.covered)} ${unit(line.type)}`}</td>
              <td class="numeric">{currency ? money(line.charge, currency) : line.charge}</td>
            </tr>
          ))}
          {usage.lines.length === 0 && (
            <tr>
              <td colSpan={7}>{t('console-usage-none')}</td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={6}>
              {t('console-usage-total')}
            </th>
            <td class="numeric" data-testid="cycle-usage-total">
              {currency ? money(usage.total, currency) : usage.total}
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function ClientUsage() {
  const { t, date } = useI18n();
  const { query } = useLocation();
  const clientId = query.get('clientId') ?? '';
  const day = query.get('date') || today();
  const [items, setItems] = useState<CycleUsage[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setItems(null);
    setError(null);
    if (!clientId) return;
    let current = true;
    api.get<{ items: CycleUsage[] }>(`/clients/${seg(clientId)}/usage`, { date: day }).then(
      ({ data }) => current && setItems(data.items),
      (e: unknown) => current && setError(e),
    );
    return () => void (current = false);
  }, [clientId, day]);
  return (
    <section data-testid="usage">
      <h1 tabIndex={-1}>{t('console-nav-usage')}</h1>
      <p>
        <Link href="/usage/unresolved" data-testid="usage-unresolved-link">
          {t('console-nav-unresolved')}
        </Link>
      </p>
      <QueryFilters
        testId="usage-filter"
        filters={[
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'date', label: t('console-usage-date'), type: 'date' },
        ]}
      />
      <ErrorBanner error={error} />
      {!clientId && <p>{t('console-usage-choose-client')}</p>}
      {items && items.length === 0 && <p data-testid="usage-empty">{t('console-usage-no-subscriptions')}</p>}
      {items && items.length > 0 && (
        <>
          <h2>{t('console-usage-of', { client: clientId, date: date(day) })}</h2>
          {items.map((usage) => (
            <CycleUsageView key={usage.subscriptionId} usage={usage} />
          ))}
        </>
      )}
    </section>
  );
}

function Rerate({ onDone }: { onDone: () => void }) {
  const { t, number } = useI18n();
  const form = useForm({ unresolvedOnly: 'true', since: '' });
  const [result, setResult] = useState<RerateResult | null>(null);
  return (
    <section aria-labelledby="rerate-heading" data-testid="rerate">
      <h2 id="rerate-heading">{t('console-rerate-title')}</h2>
      <p>{t('console-rerate-intro')}</p>
      <Form
        id="rerate"
        form={form}
        fields={[
          { name: 'unresolvedOnly', label: t('console-rerate-unresolved-only'), type: 'checkbox' },
          { name: 'since', label: t('console-rerate-since'), type: 'date' },
        ]}
        submitLabel={t('console-rerate-submit')}
        onSubmit={async (values) => {
          setResult(null);
          const { data } = await api.post<RerateResult>('/usage/rerate', { unresolvedOnly: values.unresolvedOnly === 'true', since: values.since || null });
          setResult(data);
          onDone();
        }}
      />
      {result && (
        <p role="status" data-testid="rerate-result">
          {t('console-rerate-result', {
            selected: number(result.selected),
            resolved: number(result.resolved),
            changed: number(result.changed),
            unchanged: number(result.unchanged),
            unresolved: number(result.unresolved),
          })}
        </p>
      )}
    </section>
  );
}

function UnresolvedUsage() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const query = listQuery(useLocation().query, ['reason', 'identifier']);
  const [version, setVersion] = useState(0);
  return (
    <section data-testid="unresolved-usage">
      <h1 tabIndex={-1}>{t('console-nav-unresolved')}</h1>
      <QueryFilters
        testId="unresolved-filter"
        filters={[
          { param: 'reason', label: t('console-unresolved-reason'), type: 'select', options: REASONS.map((reason) => ({ value: reason, label: t('console-unresolved-reason-value', { reason }) })) },
          { param: 'identifier', label: t('console-service-point-identifier') },
        ]}
      />
      <PagedTable<Unresolved>
        key={`${query}#${version}`}
        testId="unresolved-table"
        caption={t('console-nav-unresolved')}
        load={(after) => api.get<Page<Unresolved>>(`/usage/unresolved${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(u) => `${u.source}/${u.recordId}`}
        empty={t('console-unresolved-none')}
        columns={[
          { header: t('console-unresolved-start'), cell: (u) => dateTime(u.startTime) },
          { header: t('console-unresolved-source'), cell: (u) => `${u.source} / ${u.recordId}` },
          { header: t('console-service-point-identifier'), cell: (u) => u.identifier },
          { header: t('console-tariff-usage-type'), cell: (u) => t('console-usage-type-value', { type: u.type }) },
          { header: t('console-unresolved-reason'), cell: (u) => <strong>{t('console-unresolved-reason-value', { reason: u.reason })}</strong> },
          { header: t('console-unresolved-detail'), cell: (u) => u.detail },
        ]}
      />
      {session.can(...RATERS) && <Rerate onDone={() => setVersion((v) => v + 1)} />}
    </section>
  );
}

export const usageScreens: Screen[] = [
  { path: '/usage', component: ClientUsage, nav: { label: 'console-nav-usage', testId: 'nav-usage', order: 70 } },
  { path: '/usage/unresolved', component: UnresolvedUsage, nav: { label: 'console-nav-unresolved', testId: 'nav-unresolved', order: 71 } },
];
