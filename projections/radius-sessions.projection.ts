/**
 * RADIUS accounting sessions: the ones online now and the closed ones, with their counters as
 * last reported. Also where accounting finds the open sessions of a NAS that restarted and the
 * sessions gone stale (their stream decides; this is only the index to find them by).
 */
import { documentProjection } from '../src/processing/projection.ts';
import { reportReopens, staleAt } from '../src/domain/radius-session/decider.ts';
import { RADIUS_SESSION_EVENT_TYPES, type CloseReason, type RadiusSessionEvent, type SessionOwner } from '../src/domain/radius-session/events.ts';
import { isCardReference } from '../src/domain/prepaid/card-reference.ts';

export const RADIUS_SESSIONS = 'radius_sessions';

export interface RadiusSessionDocument {
  [key: string]: unknown;
  id: string;
  nasId: string;
  /** The address the session's first report came from (null for sessions recorded before billstream kept it). */
  nasAddress: string | null;
  acctSessionId: string;
  /** The User-Name normalized like service point identifiers; for a prepaid card's session `card:<serial>`, never its PIN. */
  userName: string;
  servicePointId: string | null;
  subscriptionId: string | null;
  cardId: string | null;
  startTime: string;
  online: boolean;
  /** When the session is closed as stale if no report comes before; null once closed. */
  staleAt: string | null;
  lastReportAt: string;
  interimInterval: number;
  sessionTime: number;
  bytesIn: string;
  bytesOut: string;
  /** Reports that added to the counters (retransmissions and repeats are not stored). */
  reports: number;
  closedAt: string | null;
  closeReason: CloseReason | null;
  terminateCause: string | null;
  callingStationId: string | null;
  calledStationId: string | null;
  framedIp: string | null;
}

export const radiusSessionsProjection = documentProjection<RadiusSessionDocument>({
  name: 'radius-sessions',
  version: 2,
  collection: { name: RADIUS_SESSIONS, indexes: ['online', 'nasId', 'userName', 'servicePointId', 'cardId', 'staleAt', 'startTime'] },
  handles: RADIUS_SESSION_EVENT_TYPES,
  creates: ['RadiusSessionStarted'],
  documentId: (event) => (event.data as { sessionId: string }).sessionId,
  evolve(document, recorded) {
    const event = recorded as unknown as RadiusSessionEvent;
    switch (event.type) {
      case 'RadiusSessionStarted': {
        const d = event.data;
        const owner = d.owner;
        return {
          id: d.sessionId, nasId: d.nasId, nasAddress: d.nasAddress ?? null, acctSessionId: d.acctSessionId, userName: shownUserName(d.userName, owner),
          servicePointId: owner && 'servicePointId' in owner ? owner.servicePointId : null,
          subscriptionId: owner && 'subscriptionId' in owner ? owner.subscriptionId : null,
          cardId: owner && 'cardId' in owner ? owner.cardId : null,
          startTime: d.startTime, online: true, staleAt: staleAt({ lastReportAt: d.at, interimInterval: d.interimInterval }), lastReportAt: d.at, interimInterval: d.interimInterval,
          sessionTime: 0, bytesIn: '0', bytesOut: '0', reports: 0, closedAt: null, closeReason: null, terminateCause: null,
          callingStationId: d.callingStationId, calledStationId: d.calledStationId, framedIp: d.framedIp,
        };
      }
      case 'RadiusSessionReported': {
        if (!document) return null;
        const d = event.data;
        const reopened = reportReopens(document.closeReason, d.statusType);
        const online = document.online || reopened;
        return {
          ...document, sessionTime: d.sessionTime, bytesIn: d.bytesIn, bytesOut: d.bytesOut, reports: document.reports + 1, lastReportAt: d.at,
          online, staleAt: online ? staleAt({ lastReportAt: d.at, interimInterval: document.interimInterval }) : null,
          ...(reopened ? { closedAt: null, closeReason: null } : {}),
        };
      }
      case 'RadiusSessionClosed': {
        if (!document) return null;
        const d = event.data;
        return { ...document, online: false, staleAt: null, closedAt: d.at, closeReason: d.reason, terminateCause: d.terminateCause, sessionTime: d.sessionTime, bytesIn: d.bytesIn, bytesOut: d.bytesOut };
      }
    }
  },
});

/**
 * A card's session is recorded under `card:<serial>`; sessions recorded before billstream did so
 * carry the card's PIN as their user name, which is never shown: they show `card:<cardId>`.
 */
function shownUserName(userName: string, owner: SessionOwner | null): string {
  return owner && 'cardId' in owner && !isCardReference(userName) ? `card:${owner.cardId}` : userName;
}
