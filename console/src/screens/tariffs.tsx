/**
 * Tariff packages: the list, a tariff's versions with their charges and usage rules (and the rate
 * deck each usage rule prices by), and publishing a version (POST /tariffs/import: the tariff's
 * YAML with the deck CSVs it names).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { History } from '../components/history.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { PAGE_SIZE } from './crm-common.tsx';
import { ImportSummaryView } from './imports.tsx';

type Tariff = Schemas['Tariff'];
type Version = Tariff['versions'][number];
type Summary = Schemas['ImportSummary'];

/** Who may publish tariffs (test/e2e/route-roles.ts). */
const TARIFF_WRITERS = ['operator', 'billing'] as const;
const CATEGORIES = ['voip', 'internet', 'wifi', 'pstn', 'catv', 'iptv', 'vod', 'bundle'];

/** A name given per language, in the console's language (else English, else any). */
export function localName(names: Record<string, string> | null | undefined, language: string): string {
  if (!names) return '';
  return names[language] ?? names.en ?? Object.values(names)[0] ?? '';
}

const json = (value: unknown) => JSON.stringify(value);

function TariffList() {
  const { t, language, date } = useI18n();
  const session = useSession();
  const query = listQuery(useLocation().query, ['category']);
  return (
    <section data-testid="tariffs">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-tariffs')}</h1>
        {session.can(...TARIFF_WRITERS) && (
          <Link class="button" href="/tariffs/import" data-testid="tariff-import">
            {t('console-tariffs-import')}
          </Link>
        )}
      </div>
      <QueryFilters testId="tariffs-filter" filters={[{ param: 'category', label: t('console-tariff-category'), type: 'select', options: CATEGORIES.map((category) => ({ value: category, label: t('console-tariff-category-value', { category }) })) }]} />
      <PagedTable<Tariff>
        key={query}
        testId="tariffs-table"
        caption={t('console-nav-tariffs')}
        load={(after) => api.get<Page<Tariff>>(`/tariffs${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(tariff) => tariff.id}
        columns={[
          { header: t('console-tariff-id'), cell: (x) => <Link href={`/tariffs/${seg(x.id)}`}>{x.id}</Link> },
          { header: t('console-tariff-name'), cell: (x) => localName(x.name, language) },
          { header: t('console-tariff-category'), cell: (x) => t('console-tariff-category-value', { category: x.category }) },
          { header: t('console-contract-currency'), cell: (x) => x.currency },
          { header: t('console-tariff-versions'), cell: (x) => x.versions.length, numeric: true },
          { header: t('console-tariff-latest'), cell: (x) => date(x.versions.at(-1)?.validFrom) },
        ]}
      />
    </section>
  );
}

type Rule = Record<string, unknown>;
const str = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? json(value) : String(value));

interface Band {
  days?: string[];
  from?: string;
  to?: string;
}

/**
 * What a usage rule says besides its price and allowance, in words: a data rule's unit, tiering
 * and tiers, a voice rule's peak hours; anything else as written.
 */
function RuleDetails({ rule, currency }: { rule: Rule; currency: string }) {
  const { t, number, money } = useI18n();
  const { type: _type, price: _price, deck: _deck, allowance: _allowance, unit, tiering, tiers, bands, ...rest } = rule;
  const items: ComponentChildren[] = [];
  if (typeof unit === 'string') items.push(t('console-tariff-unit', { unit }));
  if (typeof tiering === 'string') items.push(t('console-tariff-tiering', { tiering }));
  if (Array.isArray(tiers)) {
    let from = '0';
    const rows = (tiers as { upTo: string | number | null; price: string }[]).map((tier) => {
      const line = tier.upTo === null || tier.upTo === undefined
        ? t('console-tariff-tier-above', { from: number(String(from)), unit: str(unit), price: money(str(tier.price), currency) })
        : t('console-tariff-tier', { from: number(String(from)), upTo: number(String(tier.upTo)), unit: str(unit), price: money(str(tier.price), currency) });
      from = String(tier.upTo);
      return line;
    });
    items.push(
      <>
        {t('console-tariff-tiers')}
        <ul data-testid="tariff-tiers">
          {rows.map((row, i) => <li key={i}>{row}</li>)}
        </ul>
      </>,
    );
  }
  if (bands && typeof bands === 'object') {
    const peak = (bands as { peak?: Band | Band[] }).peak;
    for (const window of Array.isArray(peak) ? peak : peak ? [peak] : []) {
      items.push(t('console-tariff-peak', { days: (window.days ?? []).join(', '), from: str(window.from), to: str(window.to) }));
    }
  }
  if (Object.keys(rest).length) items.push(<code>{json(rest)}</code>);
  if (items.length === 0) return null;
  return (
    <ul class="rule-details" data-testid="tariff-rule-details">
      {items.map((item, i) => <li key={i}>{item}</li>)}
    </ul>
  );
}

function VersionView({ version, index }: { version: Version; index: number }) {
  const { t, language, date, dateTime, money, number } = useI18n();
  const recurring = version.recurring as Rule[];
  const oneTime = version.oneTime as Rule[];
  const usage = version.usage as Rule[];
  return (
    <section class="version" aria-labelledby={`version-${index}`} data-testid="tariff-version">
      <h3 id={`version-${index}`}>{t('console-tariff-version-title', { validFrom: date(version.validFrom) })}</h3>
      <Facts
        items={[
          [t('console-tariff-name'), localName(version.name, language)],
          [t('console-tariff-category'), t('console-tariff-category-value', { category: version.category })],
          [t('console-contract-currency'), version.currency],
          [t('console-tariff-published'), dateTime(version.publishedAt)],
          [t('console-tariff-content-hash'), <code>{version.contentHash}</code>],
        ]}
      />
      {recurring.length > 0 && (
        <table>
          <caption>{t('console-tariff-recurring')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console-tariff-code')}</th>
              <th scope="col">{t('console-tariff-name')}</th>
              <th scope="col" class="numeric">{t('console-tariff-amount')}</th>
              <th scope="col">{t('console-tariff-period')}</th>
              <th scope="col">{t('console-tariff-billed')}</th>
            </tr>
          </thead>
          <tbody>
            {recurring.map((r, i) => (
              <tr key={i}>
                <td>{str(r.code)}</td>
                <td>{localName(r.name as Record<string, string>, language)}</td>
                <td class="numeric">{money(str(r.amount), version.currency)}</td>
                <td>{str(r.period)}</td>
                <td>{str(r.billed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {oneTime.length > 0 && (
        <table>
          <caption>{t('console-tariff-one-time')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console-tariff-code')}</th>
              <th scope="col">{t('console-tariff-name')}</th>
              <th scope="col" class="numeric">{t('console-tariff-amount')}</th>
              <th scope="col">{t('console-tariff-on')}</th>
            </tr>
          </thead>
          <tbody>
            {oneTime.map((r, i) => (
              <tr key={i}>
                <td>{str(r.code)}</td>
                <td>{localName(r.name as Record<string, string>, language)}</td>
                <td class="numeric">{money(str(r.amount), version.currency)}</td>
                <td>{str(r.on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {usage.length > 0 && (
        <table>
          <caption>{t('console-tariff-usage')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console-tariff-usage-type')}</th>
              <th scope="col">{t('console-tariff-price')}</th>
              <th scope="col">{t('console-tariff-allowance')}</th>
              <th scope="col">{t('console-tariff-rules')}</th>
            </tr>
          </thead>
          <tbody>
            {usage.map((r, i) => {
              const { type, price, deck, allowance } = r;
              const quantity = (allowance as { quantity?: number } | null | undefined)?.quantity;
              return (
                <tr key={i}>
                  <td>{t('console-usage-type-value', { type: str(type) })}</td>
                  <td>
                    {typeof deck === 'string' ? (
                      <Link href={`/tariffs/decks/${seg(deck)}`} data-testid="tariff-deck-link">
                        {t('console-tariff-deck')}
                      </Link>
                    ) : price !== undefined ? (
                      money(str(price), version.currency)
                    ) : (
                      ''
                    )}
                  </td>
                  <td>{quantity === undefined ? '' : `${number(quantity)} ${t('console-usage-unit', { type: str(type), unit: str(r.unit) })}`}</td>
                  <td>
                    <RuleDetails rule={r} currency={version.currency} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TariffDetail({ params }: ScreenProps) {
  const { t, language } = useI18n();
  const path = `/tariffs/${seg(params.id!)}`;
  const tariff = useEntity<Tariff>(path);
  const x = tariff.data;
  return (
    <section data-testid="tariff-detail" aria-busy={tariff.loading}>
      <h1 tabIndex={-1}>{x ? `${x.id}: ${localName(x.name, language)}` : params.id}</h1>
      <ErrorBanner error={tariff.error} />
      {x && (
        <>
          <Facts
            items={[
              [t('console-tariff-id'), x.id],
              [t('console-tariff-category'), t('console-tariff-category-value', { category: x.category })],
              [t('console-contract-currency'), x.currency],
              [t('console-tariff-versions'), String(x.versions.length)],
            ]}
          />
          <h2>{t('console-tariff-versions')}</h2>
          {[...x.versions].reverse().map((version, i) => (
            <VersionView key={version.validFrom} version={version} index={i} />
          ))}
          <p>
            <Link href={`/subscriptions?tariffId=${encodeURIComponent(x.id)}`}>{t('console-tariff-subscriptions')}</Link>
          </p>
          <History path={`${path}/history`} entity="tariff" testId="tariff-history" />
        </>
      )}
    </section>
  );
}

function DeckDetail({ params }: ScreenProps) {
  const { t, number } = useI18n();
  const deck = useEntity<Schemas['RateDeck']>(`/rate-decks/${seg(params.deckId!)}`);
  const d = deck.data;
  const [header, ...lines] = (d?.csv ?? '').split(/\r?\n/).filter((line) => line.trim() !== '');
  const shown = lines.slice(0, 500);
  return (
    <section data-testid="deck-detail">
      <h1 tabIndex={-1}>{t('console-deck-title', { name: d?.fileName ?? params.deckId! })}</h1>
      <ErrorBanner error={deck.error} />
      {d && (
        <>
          <Facts
            items={[
              [t('console-deck-file'), d.fileName],
              [t('console-deck-rows'), number(d.rows)],
              [t('console-tariff-content-hash'), <code>{d.deckId}</code>],
            ]}
          />
          <div class="table-scroll">
            <table data-testid="deck-table">
              <caption>{shown.length < lines.length ? t('console-deck-caption-first', { shown: shown.length, rows: lines.length }) : t('console-deck-caption')}</caption>
              <thead>
                <tr>
                  {(header ?? '').split(',').map((column) => (
                    <th scope="col" key={column}>
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((line, i) => (
                  <tr key={i}>
                    {line.split(',').map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The deck files a tariff's YAML names (`deck: decks/voice-eur.csv`). */
export function deckNames(yaml: string): string[] {
  return [...new Set([...yaml.matchAll(/^\s*deck:\s*["']?([^"'\s#]+)["']?/gm)].map((m) => m[1]!))];
}

function TariffImport() {
  const { t } = useI18n();
  const [tariffFile, setTariffFile] = useState<File | null>(null);
  const [deckFiles, setDeckFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSummary(null);
    setError(null);
    setMissing(tariffFile ? null : t('console-field-required'));
    if (!tariffFile) return;
    setBusy(true);
    try {
      const tariff = await tariffFile.text();
      const decks: Record<string, string> = {};
      // Each deck the tariff names is matched to a chosen file by its file name.
      for (const name of deckNames(tariff)) {
        const file = deckFiles.find((f) => f.name === name.split('/').at(-1));
        if (file) decks[name] = await file.text();
      }
      const { data } = await api.post<Summary>('/tariffs/import', { tariff, decks }, { acceptStatus: [422] });
      setSummary(data);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section data-testid="tariff-import-screen">
      <h1 tabIndex={-1}>{t('console-tariffs-import')}</h1>
      <p>{t('console-tariffs-import-intro')}</p>
      <form onSubmit={submit} noValidate data-testid="form-tariff-import" aria-busy={busy}>
        <ErrorBanner error={error} />
        <div class="field">
          <label for="tariff-file">{t('console-tariff-file')}</label>
          <input
            id="tariff-file"
            type="file"
            accept=".yaml,.yml"
            data-testid="field-tariff"
            aria-invalid={missing ? true : undefined}
            aria-describedby={missing ? 'tariff-file-error' : undefined}
            onChange={(e) => setTariffFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
          {missing && (
            <span class="field-error" id="tariff-file-error" data-testid="field-error-tariff">
              {missing}
            </span>
          )}
        </div>
        <div class="field">
          <label for="deck-files">{t('console-tariff-deck-files')}</label>
          <span class="hint" id="deck-files-hint">
            {t('console-tariff-deck-files-hint')}
          </span>
          <input id="deck-files" type="file" multiple accept=".csv" aria-describedby="deck-files-hint" data-testid="field-decks" onChange={(e) => setDeckFiles([...((e.currentTarget as HTMLInputElement).files ?? [])])} />
        </div>
        <div class="form-actions">
          <button type="submit" disabled={busy} data-testid="form-tariff-import-submit">
            {busy ? t('console-importing') : t('console-import-submit')}
          </button>
          <button type="button" class="secondary" onClick={() => navigate('/tariffs')}>
            {t('console-cancel')}
          </button>
        </div>
      </form>
      {summary && <ImportSummaryView summary={summary} />}
    </section>
  );
}

export const tariffScreens: Screen[] = [
  { path: '/tariffs', component: TariffList, nav: { label: 'console-nav-tariffs', testId: 'nav-tariffs', order: 60 } },
  { path: '/tariffs/import', component: TariffImport },
  { path: '/tariffs/decks/:deckId', component: DeckDetail },
  { path: '/tariffs/:id', component: TariffDetail },
];
