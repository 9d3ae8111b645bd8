/**
 * The Class attribute billstream puts in every Access-Accept (RFC 2865 s5.25): the NAS sends it
 * back unchanged in each Accounting-Request of the session, so accounting finds the service point
 * and subscription (or the prepaid card and its reservation) the session was authorized for
 * without guessing from the User-Name. Versioned (`bs1:`) so a later format can be told apart from
 * sessions that are still running with this one.
 *
 *   bs1:sp=<servicePointId>;sub=<subscriptionId>
 *   bs1:card=<cardId>;res=<reservationId>
 *
 * Ids never hold `;` or `=` (src/core/validate.ts idProblem), so the text splits unambiguously.
 */
export type SessionClass = { servicePointId: string; subscriptionId: string } | { cardId: string; reservationId: string };

const PREFIX = 'bs1:';
/** Class is at most 253 bytes (an attribute's value); two ids of at most 64 characters fit. */
const MAX_CLASS_BYTES = 253;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$/;

export function encodeClass(value: SessionClass): Buffer {
  const text = 'servicePointId' in value ? `${PREFIX}sp=${value.servicePointId};sub=${value.subscriptionId}` : `${PREFIX}card=${value.cardId};res=${value.reservationId}`;
  return Buffer.from(text, 'utf8');
}

/** The session's class, or null when the Class is not one billstream wrote (another server's, or damaged). */
export function decodeClass(value: Buffer): SessionClass | null {
  if (value.length > MAX_CLASS_BYTES || value.length < PREFIX.length) return null;
  const text = value.toString('latin1');
  if (!text.startsWith(PREFIX)) return null;
  const fields = text.slice(PREFIX.length).split(';');
  if (fields.length !== 2) return null;
  const [first, second] = fields.map((field) => {
    const at = field.indexOf('=');
    return at < 0 ? null : { key: field.slice(0, at), id: field.slice(at + 1) };
  });
  if (!first || !second || !ID.test(first.id) || !ID.test(second.id)) return null;
  if (first.key === 'sp' && second.key === 'sub') return { servicePointId: first.id, subscriptionId: second.id };
  if (first.key === 'card' && second.key === 'res') return { cardId: first.id, reservationId: second.id };
  return null;
}
