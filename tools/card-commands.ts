/**
 * `billstream cards create-batch|list|show|activate|recharge|block|unblock` (docs/prepaid.md).
 * A new batch's PINs exist only in the command's output: written to --out FILE (created with
 * mode 0600, refused if it exists) or, when asked with --pins-to-stdout, printed. A voucher's PIN
 * never comes from the command line, where other users and the shell history would see it: from
 * BILLSTREAM_VOUCHER_PIN, else the first line of standard input.
 */
import fs from 'node:fs';
import { cliContext, type Billstream } from '../src/main.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { createCardBatch, type NewCardBatch } from '../src/app/prepaid/batches.ts';
import { activateCard, blockCard, cardSessions, listCards, readCard, rechargeCard, unblockCard, type CardStatusView, type CardView } from '../src/app/prepaid/cards.ts';
import { CARD_STATUSES } from '../src/domain/prepaid/card.ts';
import { CARDS } from '../projections/cards.projection.ts';
import { count, table } from './table.ts';

export const CARDS_USAGE = `cards create-batch --name NAME --count N --face-value AMOUNT --currency CUR --tariff ID (--expires-on DATE | --valid-days N)
      [--pin-length N] [--time-zone ZONE] [--country CC] [--serial-prefix P] [--batch ID] (--out FILE | --pins-to-stdout | --imported)
  | cards list [--batch ID] [--status S] [--json] | cards show CARD [--json] | cards activate CARD
  | cards recharge CARD (--amount A --currency CUR --reference R | --voucher) | cards block CARD --reason TEXT | cards unblock CARD`;

export interface CardOptions {
  name?: string; count?: string; 'face-value'?: string; currency?: string; tariff?: string; 'expires-on'?: string; 'valid-days'?: string;
  'pin-length'?: string; 'time-zone'?: string; country?: string; 'serial-prefix'?: string; batch?: string; out?: string; 'pins-to-stdout': boolean;
  imported: boolean; status?: string; amount?: string; reference?: string; voucher: boolean; reason?: string; json: boolean;
}

export async function cardsCommand(billstream: Billstream, args: string[], options: CardOptions, usageError: (message: string) => Error): Promise<number> {
  const [action, card, ...extra] = args;
  if (extra.length) throw usageError(CARDS_USAGE);
  const context = () => cliContext(uuidv7(billstream.clock));
  const print = (view: CardView) => console.log(options.json ? JSON.stringify(view) : `card ${view.serial} (${view.cardId}): ${view.status}, balance ${view.balance} ${view.currency}${view.expiresAt ? `, expires ${view.expiresAt}` : ''}`);
  switch (action) {
    case 'create-batch':
      if (card) throw usageError(CARDS_USAGE);
      return createBatch(billstream, options, usageError);
    case 'list': {
      if (card) throw usageError(CARDS_USAGE);
      if (options.status && !(CARD_STATUSES as readonly string[]).includes(options.status)) throw usageError(`--status ${options.status}: one of ${CARD_STATUSES.join(', ')}`);
      await billstream.catchUp();
      const cards: CardView[] = [];
      let after: string | undefined;
      do {
        const page = await listCards(billstream, { ...(options.batch ? { batchId: options.batch } : {}), ...(options.status ? { status: options.status as CardStatusView } : {}), limit: 1000, ...(after ? { after } : {}) });
        cards.push(...page.items);
        after = page.next ?? undefined;
      } while (after);
      if (options.json) console.log(JSON.stringify(cards));
      else {
        const rows = cards.map((c) => [c.serial, c.batchId, c.status, `${c.balance} ${c.currency}`, c.expiresAt ?? '', c.cardId]);
        for (const line of table([{ header: 'serial' }, { header: 'batch' }, { header: 'status' }, { header: 'balance', right: true }, { header: 'expires', optional: true }, { header: 'card id' }], rows)) console.log(line);
        console.log(count(cards.length, 'card'));
      }
      return 0;
    }
    case 'show': {
      const cardId = await cardIdOf(billstream, card, usageError);
      const view = await readCard(billstream, cardId);
      const calls = await cardSessions(billstream, cardId, { limit: 1000 });
      if (options.json) {
        console.log(JSON.stringify({ ...view, calls: calls.items }));
        return 0;
      }
      print(view);
      if (!/^0(\.0+)?$/.test(view.overdraft)) console.log(`overdraft (spent beyond the balance): ${view.overdraft} ${view.currency}`);
      const rows = calls.items.map((c) => [c.startedAt, c.service, c.calledNumber ?? '', c.destination ?? '', String(c.seconds), c.bytes, c.cost, c.ended ? '' : 'open']);
      for (const line of table([{ header: 'start' }, { header: 'service' }, { header: 'called', optional: true }, { header: 'destination', optional: true }, { header: 'seconds', right: true }, { header: 'bytes', right: true }, { header: 'cost', right: true }, { header: 'state', optional: true }], rows)) console.log(line);
      console.log(count(calls.items.length, 'session'));
      return 0;
    }
    case 'activate':
      print(await activateCard(billstream, await cardIdOf(billstream, card, usageError), context()));
      return 0;
    case 'block':
      if (!options.reason) throw usageError('cards block needs --reason TEXT');
      print(await blockCard(billstream, await cardIdOf(billstream, card, usageError), options.reason, context()));
      return 0;
    case 'unblock':
      print(await unblockCard(billstream, await cardIdOf(billstream, card, usageError), context()));
      return 0;
    case 'recharge': {
      const cardId = await cardIdOf(billstream, card, usageError);
      if (options.voucher) {
        if (options.amount !== undefined || options.currency !== undefined || options.reference !== undefined) throw usageError('cards recharge --voucher takes no --amount, --currency or --reference: the voucher card\'s whole balance moves');
        print(await rechargeCard(billstream, cardId, { voucherPin: await readVoucherPin() }, context()));
        return 0;
      }
      if (!options.amount || !options.currency || !options.reference) throw usageError('cards recharge needs --amount, --currency and --reference (a payment), or --voucher');
      print(await rechargeCard(billstream, cardId, { amount: options.amount, currency: options.currency, reference: options.reference }, context()));
      return 0;
    }
    default:
      throw usageError(CARDS_USAGE);
  }
}

async function createBatch(billstream: Billstream, options: CardOptions, usageError: (message: string) => Error): Promise<number> {
  const required = ['name', 'count', 'face-value', 'currency', 'tariff'] as const;
  const missing = required.filter((flag) => options[flag] === undefined);
  if (missing.length) throw usageError(`cards create-batch needs ${missing.map((f) => `--${f}`).join(', ')}`);
  if ((options['expires-on'] === undefined) === (options['valid-days'] === undefined)) throw usageError('cards create-batch needs one of --expires-on DATE or --valid-days N');
  const outputs = [options.out !== undefined, options['pins-to-stdout'], options.imported].filter(Boolean).length;
  if (outputs !== 1) throw usageError('cards create-batch needs one of --out FILE (the PINs, mode 0600), --pins-to-stdout, or --imported (cards come from import cards)');
  const whole = (flag: 'count' | 'valid-days' | 'pin-length') => {
    const text = options[flag]!;
    if (!/^\d{1,7}$/.test(text)) throw usageError(`--${flag} ${text}: expected a whole number`);
    return Number(text);
  };
  // Made before anything is recorded: a file that cannot be written must not cost the batch's PINs.
  const out = options.out === undefined ? null : openPinFile(options.out, usageError);
  const input: NewCardBatch = {
    name: options.name!, count: whole('count'), faceValue: options['face-value']!, currency: options.currency!, tariffId: options.tariff!,
    expiry: options['expires-on'] !== undefined ? { onDate: options['expires-on'] } : { daysAfterActivation: whole('valid-days') },
    ...(options['pin-length'] !== undefined ? { pinLength: whole('pin-length') } : {}), ...(options['time-zone'] !== undefined ? { timeZone: options['time-zone'] } : {}),
    ...(options.country !== undefined ? { country: options.country } : {}), ...(options['serial-prefix'] !== undefined ? { serialPrefix: options['serial-prefix'] } : {}),
    ...(options.batch !== undefined ? { batchId: options.batch } : {}), imported: options.imported,
  };
  try {
    const { batch, cards } = await createCardBatch(billstream, input, cliContext(uuidv7(billstream.clock)));
    const csv = `serial,pin,card_id\n${cards.map((c) => `${c.serial},${c.pin},${c.cardId}\n`).join('')}`;
    if (out !== null) {
      fs.writeSync(out.fd, csv);
      fs.closeSync(out.fd);
    } else if (options['pins-to-stdout']) process.stdout.write(csv);
    const where = out ? `, PINs in ${out.path} (shown nowhere else)` : options.imported ? '; import its cards with billstream import cards FILE' : '';
    (options['pins-to-stdout'] ? console.error : console.log)(`card batch ${batch.batchId}: ${options.imported ? `up to ${batch.count}` : batch.count} cards of ${batch.faceValue} ${batch.currency}${where}`);
    return 0;
  } catch (error) {
    if (out !== null) {
      fs.closeSync(out.fd);
      fs.rmSync(out.path, { force: true });
    }
    throw error;
  }
}

function openPinFile(file: string, usageError: (message: string) => Error): { fd: number; path: string } {
  try {
    return { fd: fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600), path: file };
  } catch (error) {
    throw usageError(`--out ${file}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists; PINs are never written over another file' : (error as Error).message}`);
  }
}

/** A card by its id or its serial. */
async function cardIdOf(billstream: Billstream, card: string | undefined, usageError: (message: string) => Error): Promise<string> {
  if (!card) throw usageError(`the command needs a CARD (its id or serial): ${CARDS_USAGE}`);
  await billstream.catchUp();
  if (await billstream.readStore.get(CARDS, card)) return card;
  const { items } = await billstream.readStore.find(CARDS, { serial: card }, { limit: 1 });
  return items[0] ? String(items[0].id) : card;
}

async function readVoucherPin(): Promise<string> {
  const fromEnv = process.env.BILLSTREAM_VOUCHER_PIN;
  if (fromEnv) return fromEnv.trim();
  if (process.stdin.isTTY) process.stderr.write('voucher PIN: ');
  for await (const line of (await import('node:readline')).createInterface({ input: process.stdin })) return line.trim();
  return '';
}
