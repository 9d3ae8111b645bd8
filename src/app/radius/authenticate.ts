/**
 * Whether a subscriber may connect, decided from the in-memory directory: the credential (PAP,
 * CHAP or MS-CHAPv2 against the service point's password), the service point (active, not
 * blocked), its client (active), a subscription active on the client's today, and that
 * subscription's tariff having a radius section. A user name that is no service point's is tried
 * as a prepaid card PIN (src/app/prepaid/realtime.ts), which reserves balance and gives the
 * session its time or volume.
 *
 * Every refusal has a reason code (stored in the support log and counted) and an English
 * Reply-Message; the reason never says more than the NAS's user may know (a wrong password and an
 * unknown user read the same to them: "Authentication failed").
 */
import type { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../deps.ts';
import type { RadiusAuthorization } from '../../domain/tariff/definition.ts';
import { chapValid, constantTimeEqual } from '../../radius/codec/crypto.ts';
import { msChapV2Verify, type MppeKeys } from '../../radius/codec/mschap.ts';
import { authorizeCard, cardOfPin, type CardOfPin } from '../prepaid/realtime.ts';
import { maskedIfPin } from '../../domain/prepaid/card-reference.ts';
import type { RadiusDirectory, ServicePointAccess } from './directory.ts';

export type AuthenticationMethod =
  | { kind: 'pap'; password: Buffer }
  | { kind: 'chap'; chapPassword: Buffer; challenge: Buffer }
  | { kind: 'mschapv2'; authenticatorChallenge: Buffer; response: Buffer }
  | { kind: 'eap' }
  | { kind: 'none' };

export interface AccessRequest {
  nasId: string;
  userName: string;
  method: AuthenticationMethod;
  calledStationId: string | null;
  callingStationId: string | null;
  /** Identifies the session for a prepaid reservation (NAS and Acct-Session-Id, or the request itself). */
  sessionKey: string;
}

export const REJECT_REASONS = [
  'unknown-user', 'wrong-password', 'no-password', 'eap-not-supported',
  'service-point-inactive', 'service-point-blocked', 'client-suspended', 'client-closed', 'client-not-active',
  'no-active-subscription', 'tariff-without-network-access',
] as const;
/** A service point's reasons above, or a prepaid card's (`card-unknown`, `balance-exhausted`, ...: H5's authorizeCard). */
export type RejectReason = (typeof REJECT_REASONS)[number] | `card-${string}` | string;

/**
 * An MS-CHAPv2 login's proof for the client and keys for the NAS: MS-CHAP2-Success (relayed to
 * the client, who checks that the server knew the password) and the MPPE keys with which the NAS
 * encrypts the link (MS-MPPE-Send-Key and -Recv-Key).
 */
export interface MsChapAccept {
  success: Buffer;
  keys: MppeKeys;
}

export type AccessDecision =
  | {
    result: 'accept';
    servicePointId: string;
    subscriptionId: string;
    tariffId: string;
    radius: RadiusAuthorization;
    /** What an MS-CHAPv2 login's accept carries; null for PAP and CHAP. */
    msChap: MsChapAccept | null;
  }
  | {
    result: 'accept-card';
    cardId: string;
    /** What the support log shows in place of the PIN: `card:<serial>`. */
    cardReference: string;
    reservationId: string;
    sessionTimeoutSeconds: number | null;
    volumeQuotaBytes: bigint | null;
    interimInterval: number;
    msChap: MsChapAccept | null;
  }
  /** `cardReference`: for a card's PIN, what the support log shows in its place (null: no card's). */
  | { result: 'reject'; reason: RejectReason; message: string; servicePointId: string | null; cardId: string | null; cardReference: string | null };

/** What the user is told; the reason code is for staff (support log, metrics). */
const MESSAGES: Record<string, string> = {
  'unknown-user': 'Authentication failed',
  'wrong-password': 'Authentication failed',
  'no-password': 'Authentication failed: no PAP, CHAP or MS-CHAPv2 password in the request',
  'eap-not-supported': 'EAP is not supported: use PAP, CHAP or MS-CHAPv2',
  'service-point-inactive': 'This connection is not active',
  'service-point-blocked': 'This connection is blocked: contact customer service',
  'client-suspended': 'Your account is suspended: contact customer service',
  'client-closed': 'Your account is closed',
  'client-not-active': 'Your account is not active yet',
  'no-active-subscription': 'No active subscription for this connection',
  'tariff-without-network-access': 'Your tariff does not include network access',
};

export function rejectMessage(reason: string): string {
  return MESSAGES[reason] ?? (reason.startsWith('card-') || reason === 'balance-exhausted' || reason === 'no-rate' ? `Prepaid card refused (${reason})` : 'Access refused');
}

/** Prepaid interim interval when a card session has no tariff to say: a minute, so overdraft stays small. */
export const CARD_INTERIM_SECONDS = 60;

const reject = (reason: RejectReason, servicePointId: string | null = null, card: CardOfPin | null = null): AccessDecision => ({
  result: 'reject', reason, message: rejectMessage(reason), servicePointId, cardId: card?.cardId ?? null, cardReference: card?.reference ?? null,
});

/** A refusal of a user name that is no service point's and no card's (the server's, for an empty User-Name). */
export function unknownUser(): AccessDecision {
  return reject('unknown-user');
}

/**
 * The user name the support log keeps for a decision: a service point's as sent; a card's never
 * (its PIN), but `card:<serial>`; and a refused user name that is neither, masked when it has the
 * form of a PIN (it may be one, mistyped or of a card not yet known here): `********0274`.
 */
export function loggedUserName(userName: string, decision: AccessDecision): string {
  switch (decision.result) {
    case 'accept':
      return userName;
    case 'accept-card':
      return decision.cardReference;
    case 'reject':
      if (decision.cardReference !== null) return decision.cardReference;
      return decision.servicePointId !== null ? userName : maskedIfPin(userName);
    default: {
      const exhaustive: never = decision;
      return exhaustive;
    }
  }
}

/** The password proof in the request against the clear secret; MS-CHAPv2 also gives the success value. */
function proofValid(method: AuthenticationMethod, userName: string, secret: Buffer): { ok: boolean; msChap: MsChapAccept | null } {
  switch (method.kind) {
    case 'pap':
      return { ok: constantTimeEqual(method.password, secret), msChap: null };
    case 'chap':
      return { ok: chapValid(method.chapPassword, method.challenge, secret), msChap: null };
    case 'mschapv2': {
      const verified = msChapV2Verify({ userName, password: secret.toString('utf8'), authenticatorChallenge: method.authenticatorChallenge, response: method.response });
      return verified.ok ? { ok: true, msChap: { success: verified.success, keys: verified.keys } } : { ok: false, msChap: null };
    }
    default:
      return { ok: false, msChap: null };
  }
}

/** The service point's own rules: its status, its client's, and a subscription with network access today. */
function servicePointDecision(point: ServicePointAccess, directory: RadiusDirectory, now: Temporal.Instant, msChap: MsChapAccept | null): AccessDecision {
  const id = point.servicePointId;
  if (point.blocked) return reject('service-point-blocked', id);
  if (!point.active) return reject('service-point-inactive', id);
  if (point.clientStatus === 'suspended') return reject('client-suspended', id);
  if (point.clientStatus === 'closed') return reject('client-closed', id);
  if (point.clientStatus !== 'active') return reject('client-not-active', id);
  const today = directory.today(point.timeZone, now);
  let activeWithoutAccess = false;
  for (const subscription of point.subscriptions) {
    if (subscription.startDate > today || (subscription.endDate !== null && subscription.endDate <= today)) continue;
    const radius = directory.radiusOf(subscription.tariffId, today);
    if (!radius) {
      activeWithoutAccess = true;
      continue;
    }
    return { result: 'accept', servicePointId: id, subscriptionId: subscription.subscriptionId, tariffId: subscription.tariffId, radius, msChap };
  }
  return reject(activeWithoutAccess ? 'tariff-without-network-access' : 'no-active-subscription', id);
}

/**
 * What a login of the service point would get now, whatever its password (dynamic authorization
 * asks this of a running session's point): the same rules as an Access-Request.
 */
export function currentServicePointAccess(directory: RadiusDirectory, servicePointId: string, now: Temporal.Instant): AccessDecision {
  const point = directory.servicePoint(servicePointId);
  return point ? servicePointDecision(point, directory, now, null) : reject('unknown-user', servicePointId);
}

/**
 * The decision for a service point's user name, synchronously; null when the user name is no
 * service point's (then it may be a prepaid card: `authenticate`).
 */
export function decideServicePointAccess(directory: RadiusDirectory, request: AccessRequest, now: Temporal.Instant): AccessDecision | null {
  const credential = directory.credentialFor(request.userName);
  if (!credential) return null;
  if (request.method.kind === 'eap') return reject('eap-not-supported', credential.servicePointId);
  if (request.method.kind === 'none') return reject('no-password', credential.servicePointId);
  const proof = proofValid(request.method, request.userName, credential.password);
  if (!proof.ok) return reject('wrong-password', credential.servicePointId);
  const point = directory.servicePoint(credential.servicePointId);
  if (!point) return reject('unknown-user', credential.servicePointId);
  return servicePointDecision(point, directory, now, proof.msChap);
}

/** A Called-Station-Id that is a dialled number (a VoIP gateway's request) rather than a MAC or SSID. */
export function isDialledNumber(calledStationId: string | null): boolean {
  return calledStationId !== null && /^\+?\d{3,20}$/.test(calledStationId);
}

/** The decision for any user name: a service point's (synchronous), else a prepaid card's. */
export async function authenticate(deps: AppDeps, directory: RadiusDirectory, request: AccessRequest, now: Temporal.Instant): Promise<AccessDecision> {
  return decideServicePointAccess(directory, request, now) ?? authenticateCard(deps, request, now);
}

async function authenticateCard(deps: AppDeps, request: AccessRequest, now: Temporal.Instant): Promise<AccessDecision> {
  if (request.method.kind === 'eap') return reject('eap-not-supported');
  if (request.method.kind === 'none') return reject('no-password');
  let password: Buffer | null = null;
  let msChap: MsChapAccept | null = null;
  if (request.method.kind === 'pap') password = request.method.password;
  else {
    // CHAP and MS-CHAPv2 prove knowledge of a secret billstream must hold in clear: the card's PIN.
    const card = await cardOfPin(deps, request.userName);
    if (card === null) return reject('unknown-user');
    const proof = proofValid(request.method, request.userName, Buffer.from(request.userName, 'utf8'));
    if (!proof.ok) return reject('wrong-password', null, card);
    msChap = proof.msChap;
  }
  const voice = isDialledNumber(request.calledStationId);
  const answer = await authorizeCard(deps, {
    pin: request.userName,
    password,
    calledNumber: voice ? request.calledStationId : null,
    service: voice ? 'voice' : 'data',
    sessionKey: request.sessionKey,
    at: now,
    interimSeconds: CARD_INTERIM_SECONDS,
  });
  if (!answer.accept) return reject(answer.reason === 'card-unknown' ? 'unknown-user' : answer.reason, null, answer.card ?? null);
  const { authorization } = answer;
  return {
    result: 'accept-card',
    cardId: authorization.cardId,
    cardReference: authorization.reference,
    reservationId: authorization.reservationId,
    sessionTimeoutSeconds: authorization.sessionTimeoutSeconds,
    volumeQuotaBytes: authorization.volumeQuotaBytes,
    interimInterval: CARD_INTERIM_SECONDS,
    msChap,
  };
}
