/**
 * How a prepaid card is named where its PIN must not appear. A card's PIN is its RADIUS user name
 * and password, and billstream keeps only a keyed hash of it (docs/prepaid.md): once a request or
 * report is known to be a card's, the support log, the RADIUS sessions (their events, their ids and
 * their view) and the log lines name the card by its serial (printed on the card, not a secret)
 * instead: `card:<serial>`.
 *
 * A refused login whose user name is no service point's and no known card's may still be a PIN
 * (mistyped, or of a card not activated): a user name of a PIN's form is kept masked, only its last
 * few digits shown, so support can still match it with what a caller reads out.
 */

/** What a card's sessions and support log entries show in place of its PIN. */
export function cardReference(serial: string): string {
  return `card:${serial}`;
}

/** Whether a user name is already a card reference (not a PIN). */
export function isCardReference(userName: string): boolean {
  return userName.startsWith('card:');
}

/**
 * Every PIN billstream accepts is 6 to 20 decimal digits: generated PINs have 10 to 20
 * (batch.ts PIN_LENGTHS), imported ones 6 to 20 (src/import/cards.ts).
 */
const PIN_FORM = /^\d{6,20}$/;

/** Whether a user name has the form of a card PIN. */
export function hasPinForm(userName: string): boolean {
  return PIN_FORM.test(userName);
}

/**
 * A user name of a PIN's form with all but its last digits masked: the last 4 of 12 or more
 * digits, fewer of a shorter one (a third of them, at least 2), so the shown digits never narrow a
 * guess much: `482913650274` -> `********0274`, `123456` -> `****56`. Anything else is returned as is.
 */
export function maskedIfPin(userName: string): string {
  if (!hasPinForm(userName)) return userName;
  const shown = Math.max(2, Math.min(4, Math.floor(userName.length / 3)));
  return '*'.repeat(userName.length - shown) + userName.slice(-shown);
}
