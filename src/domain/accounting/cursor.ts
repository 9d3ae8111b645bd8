/**
 * The journal's export cursor: the causing event's global position and the entry's index among
 * that event's entries. Positions never change, and a rebuild makes the same entries from the same
 * events, so a cursor stays valid across restarts and rebuilds and a poller gets every entry once,
 * in order. The cursor carries a check so that garbage or an edited cursor is refused rather than
 * read as a place in the journal; it is opaque to clients (base64url).
 */

/** The key entries are stored and ordered by: position and index, zero-padded so that text order is numeric order. */
export function journalSeq(position: number, index: number): string {
  return `${String(position).padStart(16, '0')}-${String(index).padStart(4, '0')}`;
}

export function journalCursor(position: number, index: number): string {
  const body = `${position}.${index}`;
  return Buffer.from(`${body}.${check(body)}`).toString('base64url');
}

/** The position and index a cursor names; null when it is not one the journal issued (malformed, or its check fails). */
export function parseJournalCursor(cursor: string): { position: number; index: number; seq: string } | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const match = /^(\d{1,15})\.(\d{1,4})\.([0-9a-f]{8})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) return null;
  const [, position, index, sum] = match as unknown as [string, string, string, string];
  if (check(`${position}.${index}`) !== sum || String(Number(position)) !== position || String(Number(index)) !== index) return null;
  if (journalCursor(Number(position), Number(index)) !== cursor) return null;
  return { position: Number(position), index: Number(index), seq: journalSeq(Number(position), Number(index)) };
}

/** FNV-1a (32 bits) of the text, salted: catches damage and edits, not a determined forger (the cursor grants nothing). */
function check(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of `billstream-journal:${text}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
