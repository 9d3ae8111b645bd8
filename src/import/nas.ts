/**
 * nas.csv (FORMATS.md): the RADIUS clients, `nas_id, name, address, secret,
 * require_message_authenticator`. Rows go through the bulk import like the CRM files (line and
 * column for every bad cell, chunks of appends, `--all-or-nothing`); the secret is sealed when the
 * row is checked, and a row whose secret is the one stored changes nothing, so the same file
 * imported twice writes nothing the second time.
 */
import type { FieldIssue } from '../core/errors.ts';
import { MESSAGE_AUTHENTICATOR_POLICIES, type MessageAuthenticatorPolicy } from '../domain/nas/decider.ts';
import { nasKind, type NasInput } from '../app/radius/nas.ts';
import type { CsvEntityImport, ParsedRow } from './bulk.ts';

export const NAS_COLUMNS = {
  required: ['nas_id', 'name', 'address', 'secret'],
  // Empty or absent: auto (required once the NAS has sent a Message-Authenticator).
  optional: ['require_message_authenticator'],
};

export const nasFile: CsvEntityImport<NasInput> = {
  kind: nasKind,
  idColumn: 'nas_id',
  columns: NAS_COLUMNS,
  fieldColumns: { id: 'nas_id', name: 'name', address: 'address', secret: 'secret', requireMessageAuthenticator: 'require_message_authenticator' },
  parse(row): ParsedRow<NasInput> {
    const v = row.values;
    const issues: FieldIssue[] = [];
    const details: Partial<NasInput> = { name: v.name ?? '', address: v.address ?? '', clearSecret: v.secret ?? '' };
    // As in the CRM files, a column the file lacks leaves the stored value alone; an empty cell is auto.
    if (row.columnOf('require_message_authenticator') > 0) {
      const policy = v.require_message_authenticator ?? 'auto';
      if (!MESSAGE_AUTHENTICATOR_POLICIES.includes(policy as MessageAuthenticatorPolicy)) issues.push({ field: 'requireMessageAuthenticator', message: `must be yes or auto, not ${JSON.stringify(policy)}` });
      details.requireMessageAuthenticator = policy as MessageAuthenticatorPolicy;
    }
    if (!v.nas_id) issues.push({ field: 'id', message: 'is required' });
    return { id: v.nas_id ?? null, details, issues };
  },
  create(_id, parsed) {
    return { secret: '', requireMessageAuthenticator: 'auto', ...parsed } as NasInput;
  },
};
