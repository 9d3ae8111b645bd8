/**
 * Partners: the resellers and wholesale partners a client may come through (clients.csv
 * `partner_id`). A partner key (`roles: [partner]`) is scoped to one of them.
 */
import { entityDecider } from '../../core/entity-decider.ts';
import { emailProblem, idProblem, Issues } from '../../core/validate.ts';

export interface PartnerDetails {
  name: string;
  email: string | null;
  externalId: string | null;
}

export const PARTNER_REGISTERED = 'PartnerRegistered';
export const PARTNER_CHANGED = 'PartnerDetailsChanged';

export const partnerDecider = entityDecider<PartnerDetails>({
  noun: 'partner',
  registered: PARTNER_REGISTERED,
  changed: PARTNER_CHANGED,
  idKey: 'partnerId',
  issues(details, id) {
    const issues = new Issues();
    issues.check('id', idProblem(id));
    issues.require('name', details.name?.trim());
    if (details.email !== null) issues.check('email', emailProblem(details.email));
    issues.length('name', details.name, 200);
    issues.length('email', details.email, 200);
    issues.length('externalId', details.externalId, 100);
    return issues.list;
  },
});
