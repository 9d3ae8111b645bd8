/**
 * `billstream users create|disable|enable|list`: people who sign in to the console
 * (docs/operations.md, "Users and sign-in"). A password never comes from the command line, where
 * other users of the machine and the shell's history would see it: from BILLSTREAM_USER_PASSWORD,
 * else from standard input (typed without echo at a terminal).
 */
import { cliContext, type Billstream } from '../src/main.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { findAll } from '../src/readstore/port.ts';
import { ROLES, type Role } from '../src/domain/api-key/events.ts';
import { createUser, disableUser, enableUser } from '../src/app/users/service.ts';
import { USERS, type UserDocument } from '../projections/users.projection.ts';
import { count, table } from './table.ts';

export const USERS_USAGE = 'users create NAME --roles ROLE[,ROLE…] [--client ID] [--partner ID] [--language LANG] | users disable NAME | users enable NAME | users list [--json]';

export async function usersCommand(
  billstream: Billstream,
  args: string[],
  options: { roles?: string; client?: string; partner?: string; language?: string; json: boolean },
  usageError: (message: string) => Error,
): Promise<number> {
  const [action, name, ...extra] = args;
  if (extra.length) throw usageError(USERS_USAGE);
  const context = () => cliContext(uuidv7(billstream.clock));
  switch (action) {
    case 'create': {
      if (!name) throw usageError(`users create needs a NAME: ${USERS_USAGE}`);
      const roles = (options.roles ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '') as Role[];
      const unknown = roles.filter((r) => !ROLES.includes(r));
      if (unknown.length) throw usageError(`--roles ${unknown.join(',')}: no such role; the roles are ${ROLES.join(', ')}`);
      if (roles.length === 0) throw usageError(`users create needs --roles (one or more of ${ROLES.join(', ')}, separated by commas)`);
      const password = await readPassword();
      const user = await createUser(billstream, {
        name, password, roles, clientId: options.client ?? null, partnerId: options.partner ?? null, language: options.language ?? null,
      }, context());
      console.log(options.json ? JSON.stringify(user) : `user ${user.id} (${user.roles.join(', ')}${scopeOf(user) ? `; ${scopeOf(user)}` : ''}, ${user.language}) created`);
      return 0;
    }
    case 'disable': {
      if (!name) throw usageError(`users disable needs a NAME: ${USERS_USAGE}`);
      const user = await disableUser(billstream, name, context());
      console.log(options.json ? JSON.stringify(user) : `user ${user.id} disabled: its sign-ins are refused and its sessions ended`);
      return 0;
    }
    case 'enable': {
      if (!name) throw usageError(`users enable needs a NAME: ${USERS_USAGE}`);
      const user = await enableUser(billstream, name, context());
      console.log(options.json ? JSON.stringify(user) : `user ${user.id} enabled`);
      return 0;
    }
    case 'list': {
      if (name) throw usageError(USERS_USAGE);
      await billstream.catchUp();
      const users = await findAll<UserDocument>(billstream.readStore, USERS, {});
      if (options.json) {
        console.log(JSON.stringify(users));
        return 0;
      }
      const now = billstream.clock.now().toString();
      const rows = users.map((u) => [u.id, u.roles.join(','), scopeOf(u), u.language, statusOf(u, now), u.lastSignInAt ?? '']);
      for (const line of table([{ header: 'user' }, { header: 'roles' }, { header: 'scope', optional: true }, { header: 'language' }, { header: 'status' }, { header: 'last sign-in' }], rows)) console.log(line);
      console.log(count(users.length, 'user'));
      return 0;
    }
    default:
      throw usageError(USERS_USAGE);
  }
}

function scopeOf(user: UserDocument): string {
  return [user.clientId ? `client ${user.clientId}` : '', user.partnerId ? `partner ${user.partnerId}` : ''].filter(Boolean).join(', ');
}

function statusOf(user: UserDocument, now: string): string {
  if (user.disabled) return 'disabled';
  if (user.lockedUntil && Date.parse(user.lockedUntil) > Date.parse(now)) return `locked until ${user.lockedUntil}`;
  return 'active';
}

/** The new user's password: BILLSTREAM_USER_PASSWORD, else a line typed without echo at a terminal, else all of standard input (one final line break dropped). */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.BILLSTREAM_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write('password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (text: string) => {
        for (const char of text) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            return resolve(typed);
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            return reject(new Error('cancelled'));
          }
          if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
          else typed += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
