/** The service catalogue: what the operator sells, by category (the category picks VAT treatment and revenue account). */
import { entityDecider } from '../../core/entity-decider.ts';
import { idProblem, Issues, languageProblem } from '../../core/validate.ts';

export const SERVICE_CATEGORIES = ['voip', 'internet', 'wifi', 'pstn', 'catv', 'vod', 'bundle'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export interface ServiceDetails {
  /** By language: `{ en: 'Home VoIP', hu: 'Otthoni VoIP' }`. */
  name: Record<string, string>;
  category: ServiceCategory;
  externalId: string | null;
}

export const SERVICE_REGISTERED = 'ServiceDefined';
export const SERVICE_CHANGED = 'ServiceDetailsChanged';

export const serviceDecider = entityDecider<ServiceDetails>({
  noun: 'service',
  registered: SERVICE_REGISTERED,
  changed: SERVICE_CHANGED,
  idKey: 'serviceId',
  issues(details, id) {
    const issues = new Issues();
    issues.check('id', idProblem(id));
    const languages = Object.keys(details.name ?? {});
    if (languages.length === 0) issues.check('name', 'needs at least one language');
    for (const language of languages) issues.check(`name.${language}`, languageProblem(language) ?? (details.name[language]?.trim() ? null : 'is empty'));
    if (!SERVICE_CATEGORIES.includes(details.category)) issues.check('category', `${JSON.stringify(details.category)} is not one of ${SERVICE_CATEGORIES.join(', ')}`);
    return issues.list;
  },
});
