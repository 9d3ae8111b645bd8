/**
 * Clients: search by name prefix (GET /clients?name=), the cursor-paged list, a client's detail
 * with its contracts, service points, subscriptions and history, and the forms to create
 * (POST /clients) and change (PUT /clients/{id} with If-Match) one.
 */
import { useEffect } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { Form, orNull, useForm, type FieldSpec, type Values } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { SearchBox, useQueryParam } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { addressFields, addressLine, addressOf, addressValues, ContractsTable, CRM_WRITERS, FieldsWithAddress, ID_PATTERN, PAGE_SIZE, ServicePointsTable, SubscriptionsTable } from './crm-common.tsx';

type Client = Schemas['Client'];

const STATUSES = ['prospect', 'active', 'suspended', 'closed'] as const;

function ClientList() {
  const { t } = useI18n();
  const session = useSession();
  const name = useQueryParam('name');
  return (
    <section data-testid="clients">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-clients-title')}</h1>
        {session.can(...CRM_WRITERS) && (
          <>
            <Link class="button" href="/imports?kind=clients" data-testid="client-import">
              {t('console-clients-import')}
            </Link>
            <Link class="button" href="/clients/new" data-testid="client-create">
              {t('console-clients-create')}
            </Link>
          </>
        )}
      </div>
      <SearchBox param="name" label={t('console-clients-search')} testId="clients-search" />
      <PagedTable<Client>
        testId="clients-table"
        caption={name ? t('console-clients-caption-search', { name }) : t('console-clients-caption')}
        resetKey={name}
        load={(after) => api.get<Page<Client>>('/clients', { name, after, limit: PAGE_SIZE })}
        rowKey={(client) => client.id}
        columns={[
          { header: t('console-client-name'), cell: (c) => <Link href={`/clients/${seg(c.id)}`}>{c.name}</Link> },
          { header: t('console-client-id'), cell: (c) => c.id },
          { header: t('console-client-type'), cell: (c) => t('console-client-type-value', { type: c.type }) },
          { header: t('console-client-country'), cell: (c) => c.country },
          { header: t('console-client-status'), cell: (c) => t('console-client-status-value', { status: c.status }) },
          { header: t('console-client-city'), cell: (c) => c.address?.city ?? '' },
        ]}
        empty={name ? t('console-clients-none-found', { name }) : undefined}
      />
    </section>
  );
}

export function clientFields(i18n: I18n, create: boolean): FieldSpec[] {
  const { t } = i18n;
  return [
    ...(create ? [{ name: 'id', label: t('console-client-id'), required: true, pattern: ID_PATTERN, maxLength: 64, hint: t('console-id-hint') }] : []),
    {
      name: 'type',
      label: t('console-client-type'),
      type: 'select',
      required: true,
      options: ['person', 'company'].map((type) => ({ value: type, label: t('console-client-type-value', { type }) })),
    },
    { name: 'name', label: t('console-client-name'), required: true, maxLength: 200 },
    { name: 'country', label: t('console-client-country'), required: true, pattern: '[A-Z]{2}', maxLength: 2, hint: t('console-country-hint') },
    { name: 'language', label: t('console-client-language'), required: true, maxLength: 35, hint: t('console-language-hint') },
    { name: 'currency', label: t('console-client-currency'), required: true, pattern: '[A-Z]{3}', maxLength: 3, hint: t('console-currency-hint') },
    { name: 'timeZone', label: t('console-client-time-zone'), required: true, maxLength: 64, hint: t('console-time-zone-hint') },
    { name: 'vatId', label: t('console-client-vat-id'), maxLength: 30 },
    { name: 'email', label: t('console-client-email'), type: 'email', maxLength: 200 },
    ...addressFields(i18n),
    { name: 'partnerId', label: t('console-client-partner'), maxLength: 64 },
    { name: 'agentId', label: t('console-client-agent'), maxLength: 64 },
    { name: 'externalId', label: t('console-external-id'), maxLength: 100 },
    ...(create
      ? [{ name: 'status', label: t('console-client-status'), type: 'select' as const, required: true, options: STATUSES.map((status) => ({ value: status, label: t('console-client-status-value', { status }) })) }]
      : []),
  ];
}

function detailsOf(values: Values): Schemas['ClientDetails'] {
  return {
    type: values.type as 'person' | 'company',
    name: values.name!.trim(),
    country: values.country!.trim(),
    language: values.language!.trim(),
    currency: values.currency!.trim(),
    timeZone: values.timeZone!.trim(),
    vatId: orNull(values.vatId),
    email: orNull(values.email),
    address: addressOf(values),
    partnerId: orNull(values.partnerId),
    agentId: orNull(values.agentId),
    externalId: orNull(values.externalId),
  };
}

function valuesOf(client: Client): Values {
  return {
    type: client.type,
    name: client.name,
    country: client.country,
    language: client.language,
    currency: client.currency,
    timeZone: client.timeZone,
    vatId: client.vatId ?? '',
    email: client.email ?? '',
    ...addressValues(client.address),
    partnerId: client.partnerId ?? '',
    agentId: client.agentId ?? '',
    externalId: client.externalId ?? '',
  };
}

function ClientCreate() {
  const i18n = useI18n();
  const { t } = i18n;
  const fields = clientFields(i18n, true);
  const form = useForm({ type: 'person', status: 'active', country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest', ...addressValues(null) });
  return (
    <section data-testid="client-create-screen">
      <h1 tabIndex={-1}>{t('console-clients-create')}</h1>
      <Form
        id="client"
        fields={fields}
        form={form}
        submitLabel={t('console-create')}
        onCancel={() => navigate('/clients')}
        onSubmit={async (values) => {
          const body: Schemas['ClientCreate'] = { id: values.id!.trim(), ...detailsOf(values), status: values.status as Schemas['ClientCreate']['status'] };
          const { data } = await api.post<Client>('/clients', body);
          navigate(`/clients/${seg(data.id)}`);
        }}
      >
        <FieldsWithAddress fields={fields} form={form} formId="client" legend={t('console-address')} />
      </Form>
    </section>
  );
}

function ClientEdit({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const path = `/clients/${seg(params.id!)}`;
  const client = useEntity<Client>(path);
  const fields = clientFields(i18n, false);
  const form = useForm({});
  const loaded = client.data;
  // The form starts from the client as read; Reload after a conflict reads it again.
  useEffect(() => {
    if (loaded) form.reset(valuesOf(loaded));
  }, [loaded]);
  return (
    <section data-testid="client-edit-screen">
      <h1 tabIndex={-1}>{t('console-client-edit-title', { name: loaded?.name ?? params.id! })}</h1>
      <ErrorBanner error={client.error} />
      {loaded && form.values.name !== undefined && (
        <Form
          id="client"
          fields={fields}
          form={form}
          submitLabel={t('console-save')}
          onCancel={() => navigate(path)}
          onReload={client.reload}
          onSubmit={async (values) => {
            await api.put<Client>(path, detailsOf(values), { ifMatch: client.etag });
            navigate(path);
          }}
        >
          <FieldsWithAddress fields={fields} form={form} formId="client" legend={t('console-address')} />
        </Form>
      )}
    </section>
  );
}

/** Moving the client to another status (POST /clients/{id}/status, with If-Match), with a reason. */
function ClientStatus({ client, etag, onChanged, onReload }: { client: Client; etag: string | null; onChanged: (client: Client, etag: string | null) => void; onReload: () => void }) {
  const { t } = useI18n();
  const form = useForm({ status: client.status, reason: '' });
  useEffect(() => form.reset({ status: client.status, reason: '' }), [client]);
  return (
    <details class="status-change" data-testid="client-status">
      <summary>{t('console-client-status-change')}</summary>
      <Form
        id="client-status"
        form={form}
        fields={[
          { name: 'status', label: t('console-client-status'), type: 'select', required: true, options: STATUSES.map((status) => ({ value: status, label: t('console-client-status-value', { status }) })) },
          { name: 'reason', label: t('console-client-status-reason'), maxLength: 500 },
        ]}
        submitLabel={t('console-client-status-submit')}
        onReload={onReload}
        onSubmit={async (values) => {
          const { data, etag: next } = await api.post<Client>(`/clients/${seg(client.id)}/status`, { status: values.status, reason: orNull(values.reason) }, { ifMatch: etag });
          onChanged(data, next);
        }}
      />
    </details>
  );
}

function ClientDetail({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const path = `/clients/${seg(params.id!)}`;
  const client = useEntity<Client>(path);
  const c = client.data;
  return (
    <section data-testid="client-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{c ? c.name : t('console-loading')}</h1>
        {c && session.can(...CRM_WRITERS) && (
          <>
            <Link class="button" href={`/contracts/new?clientId=${encodeURIComponent(c.id)}`} data-testid="contract-create">
              {t('console-contracts-create')}
            </Link>
            <Link class="button" href={`${path}/edit`} data-testid="client-edit">
              {t('console-edit')}
            </Link>
          </>
        )}
      </div>
      <ErrorBanner error={client.error} />
      {c && (
        <Facts
          testId="client-facts"
          items={[
            [t('console-client-id'), c.id],
            [t('console-client-type'), t('console-client-type-value', { type: c.type })],
            [t('console-client-status'), t('console-client-status-value', { status: c.status })],
            [t('console-client-country'), c.country],
            [t('console-client-language'), c.language],
            [t('console-client-currency'), c.currency],
            [t('console-client-time-zone'), c.timeZone],
            [t('console-client-vat-id'), c.vatId],
            [t('console-client-email'), c.email],
            [t('console-address'), addressLine(c.address)],
            [t('console-client-partner'), c.partnerId],
            [t('console-client-agent'), c.agentId],
            [t('console-external-id'), c.externalId],
            [t('console-updated-at'), dateTime(c.updatedAt)],
          ]}
        />
      )}
      {c && (
        <>
          {session.can(...CRM_WRITERS) && <ClientStatus client={c} etag={client.etag} onChanged={client.set} onReload={client.reload} />}
          <p class="actions">
            <Link href={`/usage?clientId=${encodeURIComponent(c.id)}`} data-testid="client-usage">
              {t('console-usage-of-client')}
            </Link>
          </p>
          <section aria-labelledby="client-contracts">
            <h2 id="client-contracts">{t('console-nav-contracts')}</h2>
            <ContractsTable path={`${path}/contracts`} />
          </section>
          <section aria-labelledby="client-service-points">
            <h2 id="client-service-points">{t('console-nav-service-points')}</h2>
            <ServicePointsTable path={`${path}/service-points`} />
          </section>
          <section aria-labelledby="client-subscriptions">
            <h2 id="client-subscriptions">{t('console-nav-subscriptions')}</h2>
            <SubscriptionsTable path={`${path}/subscriptions`} />
          </section>
          <History path={`${path}/history`} entity="client" testId="client-history" />
        </>
      )}
    </section>
  );
}

export const clientScreens: Screen[] = [
  { path: '/clients', component: ClientList, nav: { label: 'console-nav-clients', testId: 'nav-clients', order: 10 } },
  { path: '/clients/new', component: ClientCreate },
  { path: '/clients/:id', component: ClientDetail },
  { path: '/clients/:id/edit', component: ClientEdit },
];
