/**
 * The benchmark's users, the same for both servers: FreeRADIUS's users file, billstream's service
 * points and the load generator's requests all take them from here.
 */
import type { RadiusUser } from './freeradius.ts';

export function benchUserName(index: number): string {
  return `bench${String(index).padStart(7, '0')}`;
}

/** A password per user (12 characters: one 16-octet User-Password block, as most are). */
export function benchUserPassword(index: number): string {
  return `pw-${((index * 2654435761) >>> 0).toString(36).padStart(7, '0')}-${index % 10}`.slice(0, 12);
}

export function* benchUsers(count: number): Generator<RadiusUser> {
  for (let i = 0; i < count; i++) yield { name: benchUserName(i), password: benchUserPassword(i) };
}
