/**
 * File imports (the `/…/import` routes, formats in docs/formats.md): choose what to import and
 * the file, send its text, and read the summary: how many were created, updated, unchanged and
 * rejected, each rejected row with its line, column and reason.
 */
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { useI18n } from '../i18n.tsx';
import { setQuery, useLocation } from '../router.tsx';
import type { Screen } from '../screen.ts';
import { useSession, type Role } from '../session.tsx';

type Summary = Schemas['ImportSummary'] & { duplicates?: number; unresolved?: number };

export interface ImportKind {
  kind: string;
  path: string;
  contentType: 'text/csv' | 'application/yaml';
  /** Who may import it besides admin (test/e2e/route-roles.ts). */
  roles: Role[];
}

export const IMPORT_KINDS: ImportKind[] = [
  { kind: 'legal-entities', path: '/legal-entities/import', contentType: 'application/yaml', roles: ['operator'] },
  { kind: 'partners', path: '/partners/import', contentType: 'text/csv', roles: ['operator'] },
  { kind: 'agents', path: '/agents/import', contentType: 'text/csv', roles: ['operator'] },
  { kind: 'clients', path: '/clients/import', contentType: 'text/csv', roles: ['operator'] },
  { kind: 'contracts', path: '/contracts/import', contentType: 'text/csv', roles: ['operator'] },
  { kind: 'service-points', path: '/service-points/import', contentType: 'text/csv', roles: ['operator'] },
  { kind: 'subscriptions', path: '/subscriptions/import', contentType: 'text/csv', roles: ['operator'] },
  { kind: 'discounts', path: '/discounts/import', contentType: 'application/yaml', roles: ['operator'] },
  { kind: 'usage', path: '/usage/import', contentType: 'text/csv', roles: ['operator', 'billing'] },
  { kind: 'fx-rates', path: '/fx-rates/import', contentType: 'text/csv', roles: ['operator', 'billing'] },
  { kind: 'holidays', path: '/holidays/import', contentType: 'text/csv', roles: ['operator', 'billing'] },
  { kind: 'payments', path: '/payments/import', contentType: 'text/csv', roles: ['accountant'] },
];

/** What an import did, and each rejected row with where and why. */
export function ImportSummaryView({ summary }: { summary: Summary }) {
  const { t, number } = useI18n();
  const counts: [string, number | undefined][] = [
    ['created', summary.created],
    ['updated', summary.updated],
    ['unchanged', summary.unchanged],
    ['rejected', summary.rejected],
    ['duplicates', summary.duplicates],
    ['unresolved', summary.unresolved],
  ];
  return (
    <section aria-labelledby="import-result" data-testid="import-summary">
      <h2 id="import-result">{summary.rejected ? t('console-import-result-rejected', { count: summary.rejected }) : t('console-import-result-ok')}</h2>
      <dl class="facts">
        {counts
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => (
            <div key={key}>
              <dt>{t('console-import-count', { what: key })}</dt>
              <dd data-testid={`import-${key}`}>{number(value!)}</dd>
            </div>
          ))}
      </dl>
      {summary.errors.length > 0 && (
        <div class="table-scroll">
          <table data-testid="import-errors">
            <caption>{t('console-import-errors')}</caption>
            <thead>
              <tr>
                <th scope="col" class="numeric">
                  {t('console-import-line')}
                </th>
                <th scope="col" class="numeric">
                  {t('console-import-column')}
                </th>
                <th scope="col">{t('console-import-reason')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.errors.map((error, i) => (
                <tr key={i} data-testid="import-errors-row">
                  <td class="numeric">{error.line}</td>
                  <td class="numeric">{error.column}</td>
                  <td>{error.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Imports() {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const kinds = IMPORT_KINDS.filter((k) => session.can(...k.roles));
  const selected = kinds.find((k) => k.kind === query.get('kind')) ?? kinds[0];
  const [file, setFile] = useState<File | null>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missingFile, setMissingFile] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!selected) return;
    setSummary(null);
    setError(null);
    setMissingFile(!file);
    if (!file) return;
    setBusy(true);
    try {
      const text = await file.text();
      const { data } = await api.post<Summary>(selected.path, text, { contentType: selected.contentType, query: { allOrNothing }, acceptStatus: [422] });
      setSummary(data);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section data-testid="imports">
      <h1 tabIndex={-1}>{t('console-imports-title')}</h1>
      <p>{t('console-imports-intro')}</p>
      {!selected ? (
        <p>{t('console-imports-none')}</p>
      ) : (
        <form onSubmit={submit} noValidate data-testid="form-import" aria-busy={busy}>
          <ErrorBanner error={error} />
          <div class="field">
            <label for="import-kind">{t('console-import-kind')}</label>
            <select
              id="import-kind"
              data-testid="field-kind"
              value={selected.kind}
              onChange={(e) => {
                setSummary(null);
                setQuery({ kind: (e.currentTarget as HTMLSelectElement).value });
              }}
            >
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {t('console-import-kind-value', { kind: k.kind })}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="import-file">{t('console-import-file')}</label>
            <span class="hint" id="import-file-hint">
              {t('console-import-file-hint', { type: selected.contentType === 'text/csv' ? 'CSV' : 'YAML' })}
            </span>
            <input
              id="import-file"
              type="file"
              accept={selected.contentType === 'text/csv' ? '.csv,text/csv' : '.yaml,.yml,application/yaml'}
              data-testid="field-file"
              aria-invalid={missingFile || undefined}
              aria-describedby={missingFile ? 'import-file-hint import-file-error' : 'import-file-hint'}
              onChange={(e) => {
                setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
                setMissingFile(false);
              }}
            />
            {missingFile && (
              <span class="field-error" id="import-file-error" data-testid="field-error-file">
                {t('console-field-required')}
              </span>
            )}
          </div>
          <div class="field field-checkbox">
            <label for="import-all-or-nothing">{t('console-import-all-or-nothing')}</label>
            <input id="import-all-or-nothing" type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing((e.currentTarget as HTMLInputElement).checked)} data-testid="field-allOrNothing" />
          </div>
          <div class="form-actions">
            <button type="submit" disabled={busy} data-testid="form-import-submit">
              {busy ? t('console-importing') : t('console-import-submit')}
            </button>
          </div>
        </form>
      )}
      {summary && <ImportSummaryView summary={summary} />}
    </section>
  );
}

export const importScreens: Screen[] = [
  { path: '/imports', component: Imports, nav: { label: 'console-nav-imports', testId: 'nav-imports', order: 45, roles: ['operator', 'billing', 'accountant'] } },
];
