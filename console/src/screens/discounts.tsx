/**
 * Discount schemes (docs/discounts.md): the list by kind, a scheme's versions (what it is in
 * force from and to, whom it applies to, on what and when) with its history, and the import of
 * scheme files (the imports screen, kind `discounts`).
 */
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { History } from '../components/history.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { PAGE_SIZE } from './crm-common.tsx';
import { localName } from './tariffs.tsx';

type Scheme = Schemas['DiscountScheme'];
const KINDS = ['percentage', 'fixed', 'volume', 'commitment', 'free-units', 'price-override'];
const READERS = ['operator', 'billing', 'accountant', 'auditor'] as const;

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

function DiscountList() {
  const { t, language, date } = useI18n();
  const session = useSession();
  const query = listQuery(useLocation().query, ['kind']);
  return (
    <section data-testid="discounts">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-discounts')}</h1>
        {session.can('operator') && (
          <Link class="button" href="/imports?kind=discounts" data-testid="discount-import">
            {t('console-discounts-import')}
          </Link>
        )}
      </div>
      <QueryFilters testId="discounts-filter" filters={[{ param: 'kind', label: t('console-discount-kind'), type: 'select', options: KINDS.map((kind) => ({ value: kind, label: t('console-discount-kind-value', { kind }) })) }]} />
      <PagedTable<Scheme>
        key={query}
        testId="discounts-table"
        caption={t('console-nav-discounts')}
        load={(after) => api.get<Page<Scheme>>(`/discounts${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(s) => s.id}
        columns={[
          { header: t('console-discount-id'), cell: (s) => <Link href={`/discounts/${seg(s.id)}`}>{s.id}</Link> },
          { header: t('console-tariff-name'), cell: (s) => localName(s.name, language) },
          { header: t('console-discount-kind'), cell: (s) => t('console-discount-kind-value', { kind: s.kind }) },
          { header: t('console-tariff-versions'), cell: (s) => s.versions.length, numeric: true },
          { header: t('console-discount-valid-from'), cell: (s) => date(s.versions.at(-1)?.validFrom) },
          { header: t('console-discount-valid-to'), cell: (s) => date(s.versions.at(-1)?.validTo) },
        ]}
      />
    </section>
  );
}

function DiscountDetail({ params }: ScreenProps) {
  const { t, language, date, dateTime } = useI18n();
  const path = `/discounts/${seg(params.id!)}`;
  const scheme = useEntity<Scheme>(path);
  const s = scheme.data;
  return (
    <section data-testid="discount-detail">
      <h1 tabIndex={-1}>{s ? `${s.id}: ${localName(s.name, language)}` : params.id}</h1>
      <ErrorBanner error={scheme.error} />
      {s && (
        <>
          <Facts
            items={[
              [t('console-discount-id'), s.id],
              [t('console-discount-kind'), t('console-discount-kind-value', { kind: s.kind })],
              [t('console-tariff-versions'), String(s.versions.length)],
            ]}
          />
          <div class="table-scroll">
            <table data-testid="discount-versions">
              <caption>{t('console-tariff-versions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console-discount-valid-from')}</th>
                  <th scope="col">{t('console-discount-valid-to')}</th>
                  <th scope="col">{t('console-tariff-name')}</th>
                  <th scope="col">{t('console-discount-kind')}</th>
                  <th scope="col">{t('console-discount-scope')}</th>
                  <th scope="col">{t('console-discount-on')}</th>
                  <th scope="col">{t('console-discount-when')}</th>
                  <th scope="col" class="numeric">{t('console-discount-priority')}</th>
                  <th scope="col">{t('console-discount-group')}</th>
                  <th scope="col">{t('console-discount-cap')}</th>
                  <th scope="col">{t('console-tariff-published')}</th>
                </tr>
              </thead>
              <tbody>
                {[...s.versions].reverse().map((v) => (
                  <tr key={`${v.validFrom}-${v.contentHash}`} data-testid="discount-versions-row">
                    <td>{date(v.validFrom)}</td>
                    <td>{date(v.validTo)}</td>
                    <td>{localName(v.name, language)}</td>
                    <td>{t('console-discount-kind-value', { kind: v.kind })}</td>
                    <td><code>{json(v.scope)}</code></td>
                    <td><code>{json(v.on)}</code></td>
                    <td><code>{json(v.when)}</code></td>
                    <td class="numeric">{v.priority}</td>
                    <td>{v.group ?? ''}</td>
                    <td>{v.cap ?? ''}</td>
                    <td>{dateTime(v.publishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <History path={`${path}/history`} entity="discount" testId="discount-history" />
        </>
      )}
    </section>
  );
}

export const discountScreens: Screen[] = [
  { path: '/discounts', component: DiscountList, nav: { label: 'console-nav-discounts', testId: 'nav-discounts', order: 65, roles: [...READERS] } },
  { path: '/discounts/:id', component: DiscountDetail },
];
