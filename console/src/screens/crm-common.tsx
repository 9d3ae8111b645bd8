/**
 * What the CRM screens share: who may change CRM data, the id pattern, the postal address in
 * forms, and the tables of contracts, service points and subscriptions (paged through the API).
 */
import { api, seg, type Page, type Schemas } from '../api.ts';
import { Field, type FieldSpec, type FormState, type Values } from '../components/form.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

type Contract = Schemas['Contract'];
type ServicePoint = Schemas['ServicePoint'];
type Subscription = Schemas['Subscription'];

export const PAGE_SIZE = 25;

/** Who may change CRM data (test/e2e/route-roles.ts). */
export const CRM_WRITERS = ['operator'] as const;
export const ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,63}';

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

/** A form whose address lines stand together in a fieldset with a legend. */
export function FieldsWithAddress({ fields, form, formId, legend }: { fields: FieldSpec[]; form: FormState; formId: string; legend: string }) {
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

/** The address fields of a form, named as the API names them in its field errors. */
export function addressFields({ t }: I18n): FieldSpec[] {
  return [
    { name: 'address.line1', label: t('console-address-line1'), maxLength: 200 },
    { name: 'address.line2', label: t('console-address-line2'), maxLength: 200 },
    { name: 'address.postalCode', label: t('console-address-postal-code'), maxLength: 20 },
    { name: 'address.city', label: t('console-address-city'), maxLength: 100 },
  ];
}

/** An address on one line. */
export function addressLine(address: Schemas['PostalAddress'] | null | undefined): string | null {
  if (!address) return null;
  return [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}
