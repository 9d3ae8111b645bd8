/**
 * Clients: search by name prefix (GET /clients?name=), the cursor-paged list, a client's detail
 * with its contracts, service points, subscriptions and history, and the forms to create
 * (POST /clients) and change (PUT /clients/{id} with If-Match) one.
 */
import { useEffect } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { Field, Form, orNull, useForm, type FieldSpec, type Values } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { SearchBox, useQueryParam } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';

type Client = Schemas['Client'];
type Contract = Schemas['Contract'];
type ServicePoint = Schemas['ServicePoint'];
type Subscription = Schemas['Subscription'];

/** Who may change CRM data (test/e2e/route-roles.ts). */
export const CRM_WRITERS = ['operator'] as const;
export const ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,63}';
const PAGE_SIZE = 25;

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
          <Link class="button" href="/clients/new" data-testid="client-create">
            {t('console-clients-create')}
          </Link>
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
    { name: 'address.line1', label: t('console-address-line1'), maxLength: 200 },
    { name: 'address.line2', label: t('console-address-line2'), maxLength: 200 },
    { name: 'address.postalCode', label: t('console-address-postal-code'), maxLength: 20 },
    { name: 'address.city', label: t('console-address-city'), maxLength: 100 },
    { name: 'partnerId', label: t('console-client-partner'), maxLength: 64 },
    { name: 'agentId', label: t('console-client-agent'), maxLength: 64 },
    { name: 'externalId', label: t('console-external-id'), maxLength: 100 },
    ...(create
      ? [{ name: 'status', label: t('console-client-status'), type: 'select' as const, required: true, options: STATUSES.map((status) => ({ value: status, label: t('console-client-status-value', { status }) })) }]
      : []),
  ];
}

/** An address from the form, or null when every line of it is empty. */
export function addressOf(values: Values): Schemas['PostalAddress'] | null {
  const line1 = values['address.line1']?.trim() ?? '';
  const city = values['address.city']?.trim() ?? '';
  const line2 = values['address.line2']?.trim() ?? '';
  const postalCode = values['address.postalCode']?.trim() ?? '';
  if (!line1 && !city && !line2 && !postalCode) return null;
  return { line1, city, ...(line2 ? { line2 } : {}), ...(postalCode ? { postalCode } : {}) };
}

export function addressValues(address: Schemas['PostalAddress'] | null | undefined): Values {
  return {
    'address.line1': address?.line1 ?? '',
    'address.line2': address?.line2 ?? '',
    'address.postalCode': address?.postalCode ?? '',
    'address.city': address?.city ?? '',
  };
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

/** A form whose address lines stand together in a fieldset with a legend. */
export function FieldsWithAddress({ fields, form, formId, legend }: { fields: FieldSpec[]; form: ReturnType<typeof useForm>; formId: string; legend: string }) {
  const address = fields.filter((f) => f.name.startsWith('address.'));
  const before = fields.slice(0, fields.findIndex((f) => f.name.startsWith('address.')));
  const after = fields.filter((f) => !f.name.startsWith('address.') && !before.includes(f));
  return (
    <>
      {before.map((spec) => <Field key={spec.name} spec={spec} form={form} formId={formId} />)}
      <fieldset>
        <legend>{legend}</legend>
        {address.map((spec) => <Field key={spec.name} spec={spec} form={form} formId={formId} />)}
      </fieldset>
      {after.map((spec) => <Field key={spec.name} spec={spec} form={form} formId={formId} />)}
    </>
  );
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

export function ContractsTable({ path, testId = 'contracts-table' }: { path: string; testId?: string }) {
  const { t, date } = useI18n();
  return (
    <PagedTable<Contract>
      testId={testId}
      caption={t('console-contracts-caption')}
      load={(after) => api.get<Page<Contract>>(path, { after, limit: PAGE_SIZE })}
      rowKey={(c) => c.id}
      columns={[
        { header: t('console-contract-number'), cell: (c) => <Link href={`/contracts/${seg(c.id)}`}>{c.number}</Link> },
        { header: t('console-contract-legal-entity'), cell: (c) => c.legalEntityId },
        { header: t('console-contract-start'), cell: (c) => date(c.startDate) },
        { header: t('console-contract-end'), cell: (c) => date(c.endDate) },
        { header: t('console-contract-cycle'), cell: (c) => t('console-contract-cycle-value', { cycle: c.billingCycle }) },
        { header: t('console-contract-currency'), cell: (c) => c.currency },
      ]}
    />
  );
}

export function ServicePointsTable({ path, testId = 'service-points-table' }: { path: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <PagedTable<ServicePoint>
      testId={testId}
      caption={t('console-service-points-caption')}
      load={(after) => api.get<Page<ServicePoint>>(path, { after, limit: PAGE_SIZE })}
      rowKey={(p) => p.id}
      columns={[
        { header: t('console-service-point-id'), cell: (p) => <Link href={`/service-points/${seg(p.id)}`}>{p.id}</Link> },
        { header: t('console-service-point-identifiers'), cell: (p) => p.identifiers.join(', ') },
        { header: t('console-address-city'), cell: (p) => p.address?.city ?? '' },
        { header: t('console-service-point-active'), cell: (p) => t('console-yes-no', { value: String(p.active) }) },
      ]}
    />
  );
}

export function SubscriptionsTable({ path, testId = 'subscriptions-table' }: { path: string; testId?: string }) {
  const { t, date, number } = useI18n();
  return (
    <PagedTable<Subscription>
      testId={testId}
      caption={t('console-subscriptions-caption')}
      load={(after) => api.get<Page<Subscription>>(path, { after, limit: PAGE_SIZE })}
      rowKey={(s) => s.id}
      columns={[
        { header: t('console-subscription-id'), cell: (s) => <Link href={`/subscriptions/${seg(s.id)}`}>{s.id}</Link> },
        { header: t('console-subscription-service-point'), cell: (s) => s.servicePointId },
        { header: t('console-subscription-tariff'), cell: (s) => s.tariffId },
        { header: t('console-subscription-start'), cell: (s) => date(s.startDate) },
        { header: t('console-subscription-end'), cell: (s) => date(s.endDate) },
        { header: t('console-subscription-quantity'), cell: (s) => number(s.quantity), numeric: true },
      ]}
    />
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
          <Link class="button" href={`${path}/edit`} data-testid="client-edit">
            {t('console-edit')}
          </Link>
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
            [t('console-address'), c.address ? [c.address.line1, c.address.line2, [c.address.postalCode, c.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : null],
            [t('console-client-partner'), c.partnerId],
            [t('console-client-agent'), c.agentId],
            [t('console-external-id'), c.externalId],
            [t('console-updated-at'), dateTime(c.updatedAt)],
          ]}
        />
      )}
      {c && (
        <>
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
          <History path={`${path}/history`} idKey="clientId" testId="client-history" />
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
