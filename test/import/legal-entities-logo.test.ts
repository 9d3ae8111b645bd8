/**
 * Issue 13 item 2: a legal entity's optional logo. legal-entities.yaml names a PNG or JPEG file
 * (`logo:`, relative to the YAML file or absolute); the import checks it (exists, readable, at most
 * 512 KB, a PNG or JPEG by its content with a readable size), stores it once in the document store
 * by its SHA-256, and records only the hash and media type. Over REST the entity shows them, the
 * bytes are at GET /legal-entities/{id}/logo, and PUT / DELETE there change the logo. Real files,
 * a real data folder.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Billstream } from '../../src/main.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { findLegalEntity } from '../../src/app/legal-entities/service.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { legalEntityStream } from '../../src/domain/legal-entity/stream.ts';
import { imageHeader, logoImage } from '../../src/domain/legal-entity/logo.ts';
import { jpeg, png } from '../support/images.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const ADMIN = 'logo-admin-key-0123456789';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const entry = (id: string, logo: string | null) => `- id: ${id}
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: ${id}
${logo === null ? '' : `  logo: ${logo}\n`}`;

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('legal entity logo', () => {
  const dir = temporaryDataDir('billstream-logo-');
  const dataDir = path.join(dir, 'data');
  const files = path.join(dir, 'files');
  const PNG = png(40, 20);
  const JPEG = jpeg(16, 8);
  let billstream: Billstream;
  let app: Express;
  const admin = { Authorization: `Bearer ${ADMIN}` };
  const context = { actor: 'test' };
  let auditor = '';
  const importFile = (yaml: string, name = 'legal-entities.yaml') => {
    fs.writeFileSync(path.join(files, name), yaml);
    return importLegalEntities(billstream, yaml, context, { baseDir: files });
  };

  beforeAll(async () => {
    fs.mkdirSync(path.join(files, 'images'), { recursive: true });
    fs.writeFileSync(path.join(files, 'images', 'logo.png'), PNG);
    fs.writeFileSync(path.join(files, 'images', 'logo.jpg'), JPEG);
    billstream = await openTestBillstream({ adminKey: ADMIN, dataDir });
    await bootstrapAdminKey(billstream);
    auditor = (await issueApiKey(billstream, { name: 'auditor', roles: ['auditor'] }, { commandId: 'k-auditor', actor: 'test' })).key;
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('the test images are what they say (PNG and JPEG headers with their sizes)', () => {
    expect(imageHeader(PNG)).toEqual({ mediaType: 'image/png', width: 40, height: 20 });
    expect(imageHeader(JPEG)).toEqual({ mediaType: 'image/jpeg', width: 16, height: 8 });
  });

  it('imports a PNG (relative path) and a JPEG (absolute path): stored once by SHA-256, the entity records hash and media type', async () => {
    const yaml = entry('L1', 'images/logo.png') + entry('L2', JSON.stringify(path.join(files, 'images', 'logo.jpg')));
    expect(await importFile(yaml)).toMatchObject({ created: 2, rejected: 0, errors: [] });
    const l1 = await findLegalEntity(billstream, 'L1');
    const l2 = await findLegalEntity(billstream, 'L2');
    expect(l1?.logo).toEqual({ sha256: sha256(PNG), mediaType: 'image/png' });
    expect(l2?.logo).toEqual({ sha256: sha256(JPEG), mediaType: 'image/jpeg' });
    // In the document store under its hash, the same bytes.
    expect(fs.readFileSync(path.join(dataDir, 'documents', sha256(PNG))).equals(PNG)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'documents', sha256(JPEG))).equals(JPEG)).toBe(true);
    // The event carries the reference only, never the bytes.
    const [registered] = await billstream.eventStore.readStream(legalEntityStream('L1'));
    expect((registered!.data as { logo: unknown }).logo).toEqual({ sha256: sha256(PNG), mediaType: 'image/png' });
    expect(JSON.stringify(registered!.data).length).toBeLessThan(1000);

    // The same file again changes nothing.
    expect(await importFile(yaml)).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(await billstream.eventStore.readStream(legalEntityStream('L1'))).toHaveLength(1);
  });

  it('a changed image is a change event; without the key (or logo: null) the logo is removed, as payment details are', async () => {
    const other = png(40, 20, 0x20);
    fs.writeFileSync(path.join(files, 'images', 'logo.png'), other);
    try {
      expect(await importFile(entry('L1', 'images/logo.png'))).toMatchObject({ updated: 1, rejected: 0 });
      const events = await billstream.eventStore.readStream(legalEntityStream('L1'));
      expect(events.at(-1)).toMatchObject({ type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'L1', changes: { logo: { sha256: sha256(other), mediaType: 'image/png' } } } });
      // The earlier image stays in the store: documents issued with it still name it.
      expect(fs.existsSync(path.join(dataDir, 'documents', sha256(PNG)))).toBe(true);

      expect(await importFile(entry('L1', null))).toMatchObject({ updated: 1 });
      expect((await findLegalEntity(billstream, 'L1'))?.logo ?? null).toBeNull();
      expect(await importFile(entry('L1', null))).toMatchObject({ unchanged: 1 });
      expect(await importFile(entry('L1', 'null'))).toMatchObject({ unchanged: 1 });
      expect(await importFile(entry('L2', 'null'))).toMatchObject({ updated: 1 });
      expect((await findLegalEntity(billstream, 'L2'))?.logo ?? null).toBeNull();
    } finally {
      fs.writeFileSync(path.join(files, 'images', 'logo.png'), PNG);
    }
  });

  it('refuses a text file named .png, a missing file, a 600 KB file, a folder and a damaged PNG, each at the path\'s line and column', async () => {
    fs.writeFileSync(path.join(files, 'images', 'notes.png'), 'This is not an image, only text.\n');
    fs.writeFileSync(path.join(files, 'images', 'big.png'), Buffer.concat([PNG, Buffer.alloc(600 * 1024 - PNG.length)]));
    const damaged = Buffer.from(PNG);
    damaged.write('XXXX', 12, 'ascii');
    fs.writeFileSync(path.join(files, 'images', 'damaged.png'), damaged);
    const yaml = [
      entry('B1', 'images/notes.png'),
      entry('B2', 'images/missing.png'),
      entry('B3', 'images/big.png'),
      entry('B4', 'images'),
      entry('B5', 'images/damaged.png'),
      entry('B6', '[images/logo.png]'),
    ].join('');
    const summary = await importFile(yaml, 'bad-le.yaml');
    expect(summary).toMatchObject({ created: 0, rejected: 6 });
    const images = path.join(files, 'images');
    expect(summary.errors).toEqual([
      { line: 8, column: 9, reason: 'logo: images/notes.png: is not a PNG or JPEG image: its content starts as neither (a PNG starts with the bytes 89 50 4E 47, a JPEG with FF D8 FF; the file name does not count)' },
      { line: 16, column: 9, reason: `logo: images/missing.png: no such file (looked for ${path.join(images, 'missing.png')})` },
      { line: 24, column: 9, reason: 'logo: images/big.png: has 614400 bytes, more than the 524288 (512 KB) a logo may have' },
      { line: 32, column: 9, reason: `logo: images: is a folder, not an image file (${images})` },
      { line: 40, column: 9, reason: 'logo: images/damaged.png: is a damaged PNG image: its width and height cannot be read (no IHDR header after the signature)' },
      { line: 48, column: 9, reason: "logo: expected the path of a PNG or JPEG file (relative to this file's folder)" },
    ]);
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']) expect(await findLegalEntity(billstream, id)).toBeNull();
  });

  // Root reads every file: there is nothing to refuse then.
  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file with the reason', async () => {
    const locked = path.join(files, 'images', 'locked.png');
    fs.writeFileSync(locked, PNG);
    fs.chmodSync(locked, 0o000);
    const summary = await importFile(entry('B7', 'images/locked.png'));
    expect(summary.errors).toEqual([{ line: 8, column: 9, reason: `logo: images/locked.png: cannot be read: permission denied (${locked})` }]);
  });

  it('checks bytes by content: an image\'s size must be readable and non-zero', () => {
    expect(logoImage(Buffer.alloc(0)).problem).toBe('is empty: a logo is a PNG or JPEG image');
    expect(logoImage(png(0, 5)).problem).toBe('is a PNG image of 0 x 5 pixels: a logo needs a width and a height');
    // A JPEG cut off before its frame header.
    expect(logoImage(JPEG.subarray(0, 40)).problem).toMatch(/^is a damaged JPEG image/);
    expect(logoImage(JPEG).image).toEqual({ mediaType: 'image/jpeg', width: 16, height: 8 });
  });

  it('REST import of YAML refuses a logo path: the server reads no file a request names', async () => {
    const res = await request(app).post('/legal-entities/import').set(admin).set('Content-Type', 'application/yaml').send(entry('R1', 'images/logo.png')).expect(422);
    expect(res.body.errors).toEqual([{ line: 8, column: 9, reason: 'logo: images/logo.png: a logo file is read by the command line import only (billstream import legal-entities FILE); over REST, send the image to PUT /legal-entities/{id}/logo' }]);
  });

  it('REST: shows the logo reference, serves the bytes, and sets, keeps and removes the logo', async () => {
    expect(await importFile(entry('L3', 'images/logo.png'))).toMatchObject({ created: 1 });
    const entity = await request(app).get('/legal-entities/L3').set(admin).expect(200);
    expect(entity.body.logo).toEqual({ sha256: sha256(PNG), mediaType: 'image/png' });
    expect(JSON.stringify(entity.body)).not.toContain('iVBOR'); // no base64 of the bytes

    // Every staff role that reads legal entities reads the logo.
    const image = await request(app).get('/legal-entities/L3/logo').set('X-API-Key', auditor).buffer(true).parse(binary).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers.etag).toBe(`"${sha256(PNG)}"`);
    expect((image.body as Buffer).equals(PNG)).toBe(true);

    // PUT: a JPEG replaces it; the same again changes nothing; an auditor may not.
    await request(app).put('/legal-entities/L3/logo').set('X-API-Key', auditor).set('Content-Type', 'image/jpeg').send(JPEG).expect(403);
    const put = await request(app).put('/legal-entities/L3/logo').set(admin).set('Content-Type', 'image/jpeg').send(JPEG).expect(200);
    expect(put.body.logo).toEqual({ sha256: sha256(JPEG), mediaType: 'image/jpeg' });
    expect(put.body.revision).toBe(entity.body.revision + 1);
    const again = await request(app).put('/legal-entities/L3/logo').set(admin).set('Content-Type', 'image/jpeg').send(JPEG).expect(200);
    expect(again.body.revision).toBe(put.body.revision);
    const jpg = await request(app).get('/legal-entities/L3/logo').set(admin).buffer(true).parse(binary).expect(200);
    expect(jpg.headers['content-type']).toBe('image/jpeg');
    expect((jpg.body as Buffer).equals(JPEG)).toBe(true);
    // If-Match: a stale revision is refused.
    await request(app).put('/legal-entities/L3/logo').set(admin).set('If-Match', `W/"${entity.body.revision}"`).set('Content-Type', 'image/png').send(PNG).expect(412);

    // Checked like the import: text sent as PNG, a PNG sent as JPEG, too large, not an image type.
    const text = await request(app).put('/legal-entities/L3/logo').set(admin).set('Content-Type', 'image/png').send(Buffer.from('not an image')).expect(422);
    expect(text.body.errors).toEqual([{ field: 'logo', message: expect.stringMatching(/^the image is not a PNG or JPEG image/) }]);
    const mislabelled = await request(app).put('/legal-entities/L3/logo').set(admin).set('Content-Type', 'image/jpeg').send(PNG).expect(422);
    expect(mislabelled.body.errors).toEqual([{ field: 'logo', message: 'the image is a PNG (image/png), sent as image/jpeg' }]);
    await request(app).put('/legal-entities/L3/logo').set(admin).set('Content-Type', 'image/png').send(Buffer.concat([PNG, Buffer.alloc(600 * 1024)])).expect(413);
    await request(app).put('/legal-entities/L3/logo').set(admin).set('Content-Type', 'image/gif').send(Buffer.from('GIF89a')).expect(415);
    await request(app).put('/legal-entities/NOPE/logo').set(admin).set('Content-Type', 'image/png').send(PNG).expect(404);
    expect((await findLegalEntity(billstream, 'L3'))?.logo).toEqual({ sha256: sha256(JPEG), mediaType: 'image/jpeg' });

    // Replacing the details keeps the logo (it is not part of them).
    const details = { name: 'Példa Telekom Zrt.', country: 'HU', vatId: 'HU12345676', address: { line1: 'Váci út 1', city: 'Budapest', postalCode: '1062' }, currency: 'HUF', invoicePrefix: 'L3' };
    const replaced = await request(app).put('/legal-entities/L3').set(admin).send(details).expect(200);
    expect(replaced.body).toMatchObject({ name: 'Példa Telekom Zrt.', logo: { sha256: sha256(JPEG), mediaType: 'image/jpeg' } });

    // DELETE removes it; then there is no logo to get.
    const removed = await request(app).delete('/legal-entities/L3/logo').set(admin).expect(200);
    expect(removed.body.logo).toBeNull();
    const none = await request(app).get('/legal-entities/L3/logo').set(admin).expect(404);
    expect(none.body.detail).toBe('legal entity L3 has no logo');
    await request(app).get('/legal-entities/NOPE/logo').set(admin).expect(404);
    const history = await request(app).get('/legal-entities/L3/history').set(admin).expect(200);
    expect(history.body.items.map((e: { data: { changes?: object } }) => Object.keys(e.data.changes ?? {}))).toEqual([[], ['logo'], ['name'], ['logo']]);
  });
});
