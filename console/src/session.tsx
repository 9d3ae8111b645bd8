/**
 * Who is signed in (GET /auth/session, POST /auth/sign-in): the user, their roles and scope, and
 * the CSRF token every change sends. Screens ask `useSession().can('operator')` before they
 * offer a change; the API decides anyway (403), this only keeps buttons away from those who may
 * not press them.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'admin' | 'operator' | 'billing' | 'accountant' | 'auditor' | 'partner' | 'client';
export const STAFF: Role[] = ['admin', 'operator', 'billing', 'accountant', 'auditor'];

export interface SessionUser {
  id: string;
  name: string;
  roles: Role[];
  clientId: string | null;
  partnerId: string | null;
  language: string;
}

/** The body of POST /auth/sign-in and GET /auth/session. */
export interface SessionBody {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export interface Session {
  user: SessionUser;
  /** Whether the user has one of `roles` (admin has every role). */
  can(...roles: Role[]): boolean;
  signOut(): Promise<void>;
}

export function sessionOf(body: SessionBody, signOut: () => Promise<void>): Session {
  return {
    user: body.user,
    can: (...roles) => body.user.roles.includes('admin') || roles.some((role) => body.user.roles.includes(role)),
    signOut,
  };
}

export const SessionContext = createContext<Session | null>(null);

/** The session of the signed-in screens (the shell renders them only with one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in screen');
  return session;
}
