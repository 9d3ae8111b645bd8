/** Sales agents, assigned to clients and contracts. */
import { entityDecider } from '../../core/entity-decider.ts';
import { emailProblem, idProblem, Issues } from '../../core/validate.ts';

export interface AgentDetails {
  name: string;
  email: string | null;
  externalId: string | null;
}

export const AGENT_REGISTERED = 'AgentRegistered';
export const AGENT_CHANGED = 'AgentDetailsChanged';

export const agentDecider = entityDecider<AgentDetails>({
  noun: 'agent',
  registered: AGENT_REGISTERED,
  changed: AGENT_CHANGED,
  idKey: 'agentId',
  issues(details, id) {
    const issues = new Issues();
    issues.check('id', idProblem(id));
    if (issues.require('name', details.name?.trim())) issues.check('name', null);
    if (details.email !== null) issues.check('email', emailProblem(details.email));
    issues.length('name', details.name, 200);
    issues.length('email', details.email, 200);
    issues.length('externalId', details.externalId, 100);
    return issues.list;
  },
});
