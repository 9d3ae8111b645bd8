/**
 * Service points: the list (by identifier, client, contract), a service point's detail with its
 * subscriptions and history, and the forms to create (POST /service-points) and change
 * (PUT /service-points/{id} with If-Match) one.
 */
import { useEffect } from 'preact/hooks';
import { api, seg, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { Form, orNull, useForm, type FieldSpec, type FormState, type Values } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { addressFields, addressLine, addressOf, addressValues, CRM_WRITERS, FieldsWithAddress, ID_PATTERN, ServicePointsTable, SubscriptionsTable } from './crm-common.tsx';

type ServicePoint = Schemas['ServicePoint'];

function ServicePointList() {
  const { t } = useI18n();
  const query = listQuery(useLocation().query, ['identifier', 'clientId', 'contractId']);
  return (
    <section data-testid="service-points">
      <h1 tabIndex={-1}>{t('console-nav-service-points')}</h1>
      <QueryFilters
        testId="service-points-filter"
        filters={[
          { param: 'identifier', label: t('console-service-point-identifier') },
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'contractId', label: t('console-service-point-contract') },
        ]}
      />
      <ServicePointsTable key={query} path={`/service-points${query ? `?${query}` : ''}`} />
    </section>
  );
}

function servicePointFields(i18n: I18n, create: boolean): FieldSpec[] {
  const { t } = i18n;
  return [
    ...(create ? [{ name: 'id', label: t('console-service-point-id'), required: true, pattern: ID_PATTERN, maxLength: 64, hint: t('console-id-hint') }] : []),
    { name: 'contractId', label: t('console-service-point-contract'), required: true, maxLength: 64 },
    { name: 'identifiers', label: t('console-service-point-identifiers'), type: 'textarea', hint: t('console-service-point-identifiers-hint') },
    ...addressFields(i18n),
    { name: 'country', label: t('console-client-country'), pattern: '[A-Z]{2}', maxLength: 2, hint: t('console-service-point-country-hint') },
    { name: 'active', label: t('console-service-point-active'), type: 'checkbox' },
    { name: 'externalId', label: t('console-external-id'), maxLength: 100 },
  ];
}

function detailsOf(values: Values): Schemas['ServicePointDetails'] {
  const address = addressOf(values);
  return {
    contractId: values.contractId!.trim(),
    identifiers: (values.identifiers ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean),
    ...(address ? { address } : {}),
    country: orNull(values.country),
    active: values.active === 'true',
    externalId: orNull(values.externalId),
  };
}

function valuesOf(p: ServicePoint): Values {
  return {
    contractId: p.contractId,
    identifiers: p.identifiers.join('\n'),
    ...addressValues(p.address),
    country: p.country,
    active: String(p.active),
    externalId: p.externalId ?? '',
  };
}

function ServicePointForm({ form, fields, id }: { form: FormState; fields: FieldSpec[]; id: string }) {
  const { t } = useI18n();
  return <FieldsWithAddress fields={fields} form={form} formId={id} legend={t('console-address')} />;
}

function ServicePointCreate() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const fields = servicePointFields(i18n, true);
  const form = useForm({ contractId: query.get('contractId') ?? '', active: 'true', ...addressValues(null) });
  return (
    <section data-testid="service-point-create-screen">
      <h1 tabIndex={-1}>{t('console-service-points-create')}</h1>
      <Form
        id="service-point"
        fields={fields}
        form={form}
        submitLabel={t('console-create')}
        onCancel={() => history.back()}
        onSubmit={async (values) => {
          const { data } = await api.post<ServicePoint>('/service-points', { id: values.id!.trim(), ...detailsOf(values) });
          navigate(`/service-points/${seg(data.id)}`);
        }}
      >
        <ServicePointForm form={form} fields={fields} id="service-point" />
      </Form>
    </section>
  );
}

function ServicePointEdit({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const path = `/service-points/${seg(params.id!)}`;
  const point = useEntity<ServicePoint>(path);
  const fields = servicePointFields(i18n, false);
  const form = useForm({});
  const loaded = point.data;
  useEffect(() => {
    if (loaded) form.reset(valuesOf(loaded));
  }, [loaded]);
  return (
    <section data-testid="service-point-edit-screen">
      <h1 tabIndex={-1}>{t('console-service-point-edit-title', { id: params.id! })}</h1>
      <ErrorBanner error={point.error} />
      {loaded && form.values.contractId !== undefined && (
        <Form
          id="service-point"
          fields={fields}
          form={form}
          submitLabel={t('console-save')}
          onCancel={() => navigate(path)}
          onReload={point.reload}
          onSubmit={async (values) => {
            await api.put<ServicePoint>(path, detailsOf(values), { ifMatch: point.etag });
            navigate(path);
          }}
        >
          <ServicePointForm form={form} fields={fields} id="service-point" />
        </Form>
      )}
    </section>
  );
}

function ServicePointDetail({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const path = `/service-points/${seg(params.id!)}`;
  const point = useEntity<ServicePoint>(path);
  const p = point.data;
  return (
    <section data-testid="service-point-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-service-point-title', { id: params.id! })}</h1>
        {p && session.can(...CRM_WRITERS) && (
          <>
            <Link class="button" href={`/subscriptions/new?servicePointId=${encodeURIComponent(p.id)}`} data-testid="subscription-create">
              {t('console-subscriptions-create')}
            </Link>
            <Link class="button" href={`${path}/edit`} data-testid="service-point-edit">
              {t('console-edit')}
            </Link>
          </>
        )}
      </div>
      <ErrorBanner error={point.error} />
      {p && (
        <>
          <Facts
            testId="service-point-facts"
            items={[
              [t('console-service-point-id'), p.id],
              [t('console-contract-client'), <Link href={`/clients/${seg(p.clientId)}`}>{p.clientId}</Link>],
              [t('console-service-point-contract'), <Link href={`/contracts/${seg(p.contractId)}`}>{p.contractId}</Link>],
              [t('console-service-point-identifiers'), p.identifiers.join(', ')],
              [t('console-address'), addressLine(p.address)],
              [t('console-client-country'), p.country],
              [t('console-service-point-active'), t('console-yes-no', { value: String(p.active) })],
              [t('console-external-id'), p.externalId],
              [t('console-updated-at'), dateTime(p.updatedAt)],
            ]}
          />
          <section aria-labelledby="service-point-subscriptions">
            <h2 id="service-point-subscriptions">{t('console-nav-subscriptions')}</h2>
            <SubscriptionsTable path={`${path}/subscriptions`} />
          </section>
          <History path={`${path}/history`} entity="service-point" testId="service-point-history" />
        </>
      )}
    </section>
  );
}

export const servicePointScreens: Screen[] = [
  { path: '/service-points', component: ServicePointList, nav: { label: 'console-nav-service-points', testId: 'nav-service-points', order: 30 } },
  { path: '/service-points/new', component: ServicePointCreate },
  { path: '/service-points/:id', component: ServicePointDetail },
  { path: '/service-points/:id/edit', component: ServicePointEdit },
];
