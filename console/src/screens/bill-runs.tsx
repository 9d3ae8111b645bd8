/**
 * Bill runs (billing process steps 6 and 7): the list, starting a run (POST /bill-runs: the
 * as-of date and the thresholds that hold invoices), its progress while it drafts and issues
 * (GET /bill-runs/{runId} read again every second while it works), its control report (totals
 * per currency, legal entity, VAT group and service category, the held invoices with their
 * reasons, the discounts per scheme), approving it with or without the held invoices, voiding
 * it, and its print file.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner, Notice } from '../components/banners.tsx';
import { DataTable } from '../components/data-table.tsx';
import { DownloadButton } from '../components/download.tsx';
import { Facts } from '../components/facts.tsx';
import { Form, useForm } from '../components/form.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { BILLERS, FlagReasons, POLL_MS, RUN_STATUSES, RUN_WORKING, RunStatus, today, usePeriod } from './billing-common.tsx';
import { PAGE_SIZE } from './crm-common.tsx';

type BillRun = Schemas['BillRun'];
type Report = Schemas['ControlReport'];

function BillRunList() {
  const { t, date, dateTime, number } = useI18n();
  const session = useSession();
  const query = listQuery(useLocation().query, ['status']);
  return (
    <section data-testid="bill-runs">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-bill-runs')}</h1>
        {session.can(...BILLERS) && (
          <Link class="button" href="/bill-runs/new" data-testid="bill-run-start">
            {t('console-bill-run-start')}
          </Link>
        )}
      </div>
      <QueryFilters
        testId="bill-runs-filter"
        filters={[{ param: 'status', label: t('console-bill-run-status'), type: 'select', options: RUN_STATUSES.map((status) => ({ value: status, label: t('console-run-status-value', { status }) })) }]}
      />
      <PagedTable<BillRun>
        key={query}
        testId="bill-runs-table"
        caption={t('console-bill-runs-caption')}
        load={(after) => api.get<Page<BillRun>>(`/bill-runs${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(run) => run.runId}
        empty={t('console-bill-runs-none')}
        columns={[
          { header: t('console-bill-run-id'), cell: (run) => <Link href={`/bill-runs/${seg(run.runId)}`}>{run.runId}</Link> },
          { header: t('console-bill-run-as-of'), cell: (run) => date(run.asOf) },
          { header: t('console-bill-run-status'), cell: (run) => <RunStatus status={run.status} /> },
          { header: t('console-bill-run-started'), cell: (run) => dateTime(run.startedAt) },
          { header: t('console-bill-run-started-by'), cell: (run) => run.startedBy },
          { header: t('console-bill-run-drafted'), cell: (run) => (run.report ? number(run.report.invoices) : ''), numeric: true },
          { header: t('console-bill-run-held'), cell: (run) => (run.report ? number(run.report.held) : ''), numeric: true },
          { header: t('console-bill-run-issued'), cell: (run) => (run.result ? number(run.result.issued) : ''), numeric: true },
        ]}
      />
    </section>
  );
}

/** Reads `load` every POLL_MS while `active`; the answer goes to `onValue`. */
function usePolling<T>(active: boolean, load: () => Promise<T>, onValue: (value: T) => void): void {
  const latest = useRef({ load, onValue });
  latest.current = { load, onValue };
  useEffect(() => {
    if (!active) return;
    let current = true;
    const tick = async () => {
      try {
        const value = await latest.current.load();
        if (current) latest.current.onValue(value);
      } catch {
        // A failed read is tried again on the next tick; the screen's own request reports errors.
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    void tick();
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [active]);
}

/** The work a run is doing, announced politely: an indeterminate progress bar and the state in words. */
function RunProgress({ runs, phase }: { runs: BillRun[]; phase: 'drafting' | 'issuing' }) {
  const { t, dateTime } = useI18n();
  const label = t('console-bill-run-progress', { phase });
  return (
    <div class="progress" role="status" aria-live="polite" data-testid="bill-run-progress" data-phase={phase}>
      <progress aria-label={label} />
      <span>{label}</span>
      {runs.map((run) => (
        <span key={run.runId} class="hint">
          {t('console-bill-run-progress-run', { runId: run.runId, status: t('console-run-status-value', { status: run.status }), started: dateTime(run.startedAt) })}
        </span>
      ))}
    </div>
  );
}

function BillRunStart() {
  const { t } = useI18n();
  const form = useForm({ asOf: today(), changeThresholdPercent: '', discountShareThresholdPercent: '' });
  const [drafting, setDrafting] = useState(false);
  const [working, setWorking] = useState<BillRun[]>([]);
  // While the POST drafts, the runs the read model shows as drafting (ours among them).
  usePolling(drafting, () => api.get<Page<BillRun>>('/bill-runs', { status: 'started', limit: 5 }), ({ data }) => setWorking(data.items));
  const percent = (value: string | undefined) => (value?.trim() ? Number(value) : undefined);
  return (
    <section data-testid="bill-run-start-screen">
      <h1 tabIndex={-1}>{t('console-bill-run-start')}</h1>
      <p>{t('console-bill-run-start-intro')}</p>
      <Form
        id="bill-run"
        form={form}
        fields={[
          { name: 'asOf', label: t('console-bill-run-as-of'), type: 'date', required: true, hint: t('console-bill-run-as-of-hint') },
          { name: 'changeThresholdPercent', label: t('console-bill-run-change-threshold'), type: 'number', min: 0, pattern: '\\d{1,6}(\\.\\d+)?', hint: t('console-bill-run-change-threshold-hint') },
          { name: 'discountShareThresholdPercent', label: t('console-bill-run-discount-threshold'), type: 'number', min: 0, pattern: '\\d{1,6}(\\.\\d+)?', hint: t('console-bill-run-discount-threshold-hint') },
        ]}
        submitLabel={t('console-bill-run-start-submit')}
        onCancel={() => navigate('/bill-runs')}
        onSubmit={async (values) => {
          setDrafting(true);
          try {
            const { data } = await api.post<BillRun>('/bill-runs', {
              asOf: values.asOf,
              ...(percent(values.changeThresholdPercent) !== undefined ? { changeThresholdPercent: percent(values.changeThresholdPercent) } : {}),
              ...(percent(values.discountShareThresholdPercent) !== undefined ? { discountShareThresholdPercent: percent(values.discountShareThresholdPercent) } : {}),
            });
            navigate(`/bill-runs/${seg(data.runId)}`);
          } finally {
            setDrafting(false);
            setWorking([]);
          }
        }}
      />
      {drafting && <RunProgress runs={working} phase="drafting" />}
    </section>
  );
}

function ReportView({ report }: { report: Report }) {
  const { t, money, number, dateTime } = useI18n();
  const period = usePeriod();
  return (
    <section aria-labelledby="report-heading" data-testid="control-report">
      <h2 id="report-heading">{t('console-report-title')}</h2>
      <Facts
        testId="report-counts"
        items={[
          [t('console-report-invoices'), number(report.invoices)],
          [t('console-report-held'), number(report.held)],
          [t('console-report-blocked'), number(report.blocked)],
          [t('console-report-nothing-to-bill'), number(report.nothingToBill)],
        ]}
      />
      {report.warnings?.map((warning) => (
        <Notice key={warning.message} testId="report-warning">
          {t('console-report-warning', { message: warning.message, invoices: number(warning.invoices) })}
        </Notice>
      ))}
      {report.deferred && (
        <Notice testId="report-deferred">
          {t('console-report-deferred', { cycles: number(report.deferred.cycles) })} {report.deferred.reasons.join(' ')}
        </Notice>
      )}
      {report.supersedes && report.supersedes.length > 0 && (
        <Notice testId="report-supersedes">
          {t('console-report-supersedes')}{' '}
          {report.supersedes.map((runId, i) => (
            <span key={runId}>
              {i > 0 && ', '}
              <Link href={`/bill-runs/${seg(runId)}`}>{runId}</Link>
            </span>
          ))}
        </Notice>
      )}
      {report.languageFallback?.map((fallback) => (
        <Notice key={fallback.language} testId="report-language-fallback">
          {t('console-report-language-fallback', { language: fallback.language, invoices: number(fallback.invoices) })}
        </Notice>
      ))}
      {report.unassignedUsage && (
        <Notice testId="report-unassigned-usage">
          <Link href="/usage/unresolved?reason=unknown-identifier">
            {t('console-report-unassigned-usage', {
              records: number(report.unassignedUsage.records),
              identifiers: number(report.unassignedUsage.identifiers),
              first: dateTime(report.unassignedUsage.firstStart),
              last: dateTime(report.unassignedUsage.lastStart),
            })}
          </Link>
        </Notice>
      )}

      <h3>{t('console-report-per-currency')}</h3>
      <DataTable
        testId="report-per-currency"
        hideCaption
        caption={t('console-report-per-currency')}
        rows={report.perCurrency}
        rowKey={(row) => row.currency}
        columns={[
          { header: t('console-currency'), cell: (row) => row.currency },
          { header: t('console-report-invoices'), cell: (row) => number(row.invoices), numeric: true },
          { header: t('console-net'), cell: (row) => money(row.totalNet, row.currency), numeric: true },
          { header: t('console-vat'), cell: (row) => money(row.totalVat, row.currency), numeric: true },
          { header: t('console-gross'), cell: (row) => money(row.total, row.currency), numeric: true },
        ]}
      />

      <h3 id="report-held-heading">{t('console-report-held-invoices')}</h3>
      <DataTable
        testId="report-held"
        caption={t('console-report-held-caption')}
        rows={report.flags}
        limit={100}
        rowKey={(row) => row.invoiceId}
        empty={t('console-report-none-held')}
        columns={[
          { header: t('console-invoice'), cell: (row) => <Link href={`/invoices/${seg(row.invoiceId)}`}>{row.invoiceId}</Link> },
          { header: t('console-contract-client'), cell: (row) => <Link href={`/clients/${seg(row.clientId)}`}>{row.clientId}</Link> },
          { header: t('console-contract-id'), cell: (row) => <Link href={`/contracts/${seg(row.contractId)}`}>{row.contractId}</Link> },
          { header: t('console-cycle'), cell: (row) => period(row.cycle) },
          {
            header: t('console-report-reasons'),
            cell: (row) => <FlagReasons flags={row.flags} testId="report-held-reason" />,
          },
        ]}
      />

      {report.discounts && report.discounts.length > 0 && (
        <>
          <h3>{t('console-report-discounts')}</h3>
          <DataTable
            testId="report-discounts"
            hideCaption
            caption={t('console-report-discounts')}
            rows={report.discounts}
            rowKey={(row) => `${row.schemeId}/${row.currency}`}
            columns={[
              { header: t('console-discount-id'), cell: (row) => <Link href={`/discounts/${seg(row.schemeId)}`}>{row.schemeId}</Link> },
              { header: t('console-currency'), cell: (row) => row.currency },
              { header: t('console-amount'), cell: (row) => money(row.amount, row.currency), numeric: true },
              { header: t('console-report-invoices'), cell: (row) => number(row.invoices), numeric: true },
            ]}
          />
        </>
      )}

      <h3>{t('console-report-per-legal-entity')}</h3>
      <DataTable
        testId="report-per-legal-entity"
        hideCaption
        caption={t('console-report-per-legal-entity')}
        rows={report.perLegalEntity}
        rowKey={(row) => `${row.legalEntityId}/${row.currency}`}
        columns={[
          { header: t('console-contract-legal-entity'), cell: (row) => row.legalEntityId },
          { header: t('console-currency'), cell: (row) => row.currency },
          { header: t('console-report-invoices'), cell: (row) => number(row.invoices), numeric: true },
          { header: t('console-net'), cell: (row) => money(row.totalNet, row.currency), numeric: true },
          { header: t('console-vat'), cell: (row) => money(row.totalVat, row.currency), numeric: true },
          { header: t('console-gross'), cell: (row) => money(row.total, row.currency), numeric: true },
        ]}
      />

      <h3>{t('console-report-per-vat-group')}</h3>
      <DataTable
        testId="report-per-vat-group"
        hideCaption
        caption={t('console-report-per-vat-group')}
        rows={report.perVatGroup}
        rowKey={(row) => `${row.currency}/${row.category}/${row.rate}`}
        columns={[
          { header: t('console-currency'), cell: (row) => row.currency },
          { header: t('console-vat-category'), cell: (row) => row.category },
          { header: t('console-vat-rate'), cell: (row) => t('console-percent', { rate: number(row.rate) }), numeric: true },
          { header: t('console-vat-taxable'), cell: (row) => money(row.taxable, row.currency), numeric: true },
          { header: t('console-vat'), cell: (row) => money(row.amount, row.currency), numeric: true },
        ]}
      />

      <h3>{t('console-report-per-service-category')}</h3>
      <DataTable
        testId="report-per-service-category"
        hideCaption
        caption={t('console-report-per-service-category')}
        rows={report.perServiceCategory}
        rowKey={(row) => `${row.currency}/${row.category}`}
        columns={[
          { header: t('console-currency'), cell: (row) => row.currency },
          { header: t('console-tariff-category'), cell: (row) => row.category },
          { header: t('console-net'), cell: (row) => money(row.net, row.currency), numeric: true },
        ]}
      />
    </section>
  );
}

function Approve({ run, onDone, onWorking }: { run: BillRun; onDone: (run: BillRun) => void; onWorking: (working: boolean) => void }) {
  const { t, number } = useI18n();
  const form = useForm({ includeHeld: 'false', issueDate: today() });
  const held = run.report?.held ?? 0;
  const blocked = run.report?.blocked ?? 0;
  return (
    <section aria-labelledby="approve-heading" class="panel" data-testid="bill-run-approve">
      <h2 id="approve-heading">{t('console-bill-run-approve-title')}</h2>
      <p>{t('console-bill-run-approve-intro', { issue: number((run.report?.invoices ?? 0) - held), held: number(held), blocked: number(blocked) })}</p>
      <Form
        id="approve"
        form={form}
        fields={[
          { name: 'includeHeld', label: t('console-bill-run-include-held', { held: number(held - blocked) }), type: 'checkbox', disabled: held - blocked === 0 },
          { name: 'issueDate', label: t('console-bill-run-issue-date'), type: 'date', required: true, hint: t('console-bill-run-issue-date-hint') },
        ]}
        submitLabel={t('console-bill-run-approve-submit')}
        onSubmit={async (values) => {
          onWorking(true);
          try {
            const { data } = await api.post<BillRun>(`/bill-runs/${seg(run.runId)}/approve`, { includeHeld: values.includeHeld === 'true', issueDate: values.issueDate });
            onDone(data);
          } finally {
            onWorking(false);
          }
        }}
      />
    </section>
  );
}

function Void({ run, onDone }: { run: BillRun; onDone: (run: BillRun) => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const voidRun = async () => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await api.post<BillRun>(`/bill-runs/${seg(run.runId)}/void`);
      setConfirming(false);
      onDone(data);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="void-heading" class="panel" data-testid="bill-run-void">
      <h2 id="void-heading">{t('console-bill-run-void-title')}</h2>
      <ErrorBanner error={error} />
      {confirming ? (
        <div role="group" aria-labelledby="void-confirm">
          <p id="void-confirm">{t('console-bill-run-void-confirm', { runId: run.runId })}</p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void voidRun()} data-testid="bill-run-void-yes">
              {t('console-bill-run-void-submit')}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)} data-testid="bill-run-void-no">
              {t('console-cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p>{t('console-bill-run-void-intro')}</p>
          <button type="button" class="secondary" onClick={() => setConfirming(true)} data-testid="bill-run-void-button">
            {t('console-bill-run-void-submit')}
          </button>
        </>
      )}
    </section>
  );
}

function BillRunDetail({ params }: ScreenProps) {
  const { t, date, dateTime, number } = useI18n();
  const session = useSession();
  const path = `/bill-runs/${seg(params.runId!)}`;
  const entity = useEntity<BillRun>(path);
  const [issuing, setIssuing] = useState(false);
  const run = entity.data;
  const working = run !== null && RUN_WORKING.includes(run.status);
  // While the run drafts or issues (here or anywhere else), read it again until it is done.
  usePolling(working || issuing, () => api.get<BillRun>(path), ({ data, etag }) => entity.set(data, etag));
  const phase = issuing || run?.status === 'approved' ? 'issuing' : 'drafting';
  return (
    <section data-testid="bill-run-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-bill-run-title', { runId: params.runId! })}</h1>
        {run && <RunStatus status={run.status} />}
      </div>
      <ErrorBanner error={entity.error} />
      {(working || issuing) && run && <RunProgress runs={[run]} phase={phase} />}
      {run && (
        <>
          <Facts
            testId="bill-run-facts"
            items={[
              [t('console-bill-run-as-of'), date(run.asOf)],
              [t('console-bill-run-started'), dateTime(run.startedAt)],
              [t('console-bill-run-started-by'), run.startedBy],
              [t('console-bill-run-change-threshold'), t('console-percent', { rate: number(run.changeThresholdPercent) })],
              [t('console-bill-run-discount-threshold'), run.discountShareThresholdPercent === undefined ? null : t('console-percent', { rate: number(run.discountShareThresholdPercent) })],
              [t('console-bill-run-approved'), run.approval ? t('console-bill-run-approved-value', { by: run.approval.by, at: dateTime(run.approval.at), issueDate: date(run.approval.issueDate), includeHeld: String(run.approval.includeHeld) }) : null],
              [t('console-bill-run-result'), run.result ? t('console-bill-run-result-value', { issued: number(run.result.issued), held: number(run.result.held), superseded: number(run.result.superseded) }) : null],
            ]}
          />
          {run.failure && <ErrorBanner error={new Error(t('console-bill-run-failed', { reason: run.failure.reason, at: dateTime(run.failure.at) }))} />}
          {run.voided && <Notice testId="bill-run-voided">{t('console-bill-run-voided', { by: run.voided.by, at: dateTime(run.voided.at) })}</Notice>}
          {run.supersededBy && (
            <Notice testId="bill-run-superseded">
              {t('console-bill-run-superseded')} <Link href={`/bill-runs/${seg(run.supersededBy)}`}>{run.supersededBy}</Link>
            </Notice>
          )}
          <div class="actions">
            {run.report && (
              <Link class="button secondary" href={`/invoices?runId=${encodeURIComponent(run.runId)}`} data-testid="bill-run-invoices">
                {t('console-bill-run-invoices')}
              </Link>
            )}
            {run.status === 'completed' && (
              <DownloadButton path={`${path}/documents`} accept="application/zip" fileName={`${run.runId}-documents.zip`} label={t('console-bill-run-documents')} testId="bill-run-documents" />
            )}
          </div>
          {session.can(...BILLERS) && (run.status === 'drafted' || issuing) && <Approve run={run} onWorking={setIssuing} onDone={(data) => entity.set(data, null)} />}
          {session.can(...BILLERS) && (run.status === 'drafted' || run.status === 'started') && !issuing && <Void run={run} onDone={(data) => entity.set(data, null)} />}
          {run.report && <ReportView report={run.report} />}
        </>
      )}
    </section>
  );
}

export const billRunScreens: Screen[] = [
  { path: '/bill-runs', component: BillRunList, nav: { label: 'console-nav-bill-runs', testId: 'nav-bill-runs', order: 80 } },
  { path: '/bill-runs/new', component: BillRunStart },
  { path: '/bill-runs/:runId', component: BillRunDetail },
];
