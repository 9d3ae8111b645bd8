/**
 * A legal entity's logo, printed above its name on the documents it issues (issue 13 item 2).
 * The entity's events record only which image it is (its SHA-256 in the document store) and its
 * media type; the bytes are stored once, content-addressed, by whoever accepts the image (the
 * legal-entities.yaml import, `PUT /legal-entities/{id}/logo`), after `logoImage` accepted them.
 *
 * What counts as an image is decided by its content, never by a file name: a PNG (signature, then
 * its IHDR header with the size) or a JPEG (start-of-image, then segments up to a frame header with
 * the size), as the document renderer reads them (src/documents/docx-template.ts uses this reader).
 */
import type { FieldIssue } from '../../core/errors.ts';

export type LogoMediaType = 'image/png' | 'image/jpeg';

/** Which image a legal entity prints: the key of its bytes in the document store. */
export interface LegalEntityLogo {
  /** SHA-256 (hex) of the image bytes. */
  sha256: string;
  mediaType: LogoMediaType;
}

/** A logo is a small picture: a larger file would be copied into every document of a run. */
export const MAX_LOGO_BYTES = 512 * 1024;

export const LOGO_MEDIA_TYPES: readonly LogoMediaType[] = ['image/png', 'image/jpeg'];

export interface ImageHeader {
  mediaType: LogoMediaType;
  width: number;
  height: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Width and height in pixels from a PNG's IHDR or a JPEG's start-of-frame; null for anything else
 * (a JPEG is walked segment by segment from its start, and not past the start of its image data).
 */
export function imageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    // The first chunk must be IHDR (type at 12), width and height after it.
    if (view.getUint32(12) !== 0x49484452) return null;
    return { mediaType: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 4 && view.getUint16(0) === 0xffd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1]!;
      // SOF0 to SOF15, but DHT (C4), JPG (C8) and DAC (CC), which share the range.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { mediaType: 'image/jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      // Start of scan or end of image before any frame header: no size to read.
      if (marker === 0xda || marker === 0xd9) return null;
      at += 2 + view.getUint16(at + 2);
    }
  }
  return null;
}

/** The image the bytes are, or why they cannot be a logo (a reason to follow the file name or field). */
export function logoImage(bytes: Uint8Array): { image: ImageHeader; problem: null } | { image: null; problem: string } {
  const refused = (problem: string) => ({ image: null, problem });
  if (bytes.length === 0) return refused('is empty: a logo is a PNG or JPEG image');
  if (bytes.length > MAX_LOGO_BYTES) return refused(`has ${bytes.length} bytes, more than the ${MAX_LOGO_BYTES} (512 KB) a logo may have`);
  const png = bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) return refused('is not a PNG or JPEG image: its content starts as neither (a PNG starts with the bytes 89 50 4E 47, a JPEG with FF D8 FF; the file name does not count)');
  const image = imageHeader(bytes);
  const kind = png ? 'PNG' : 'JPEG';
  if (!image) return refused(`is a damaged ${kind} image: its width and height cannot be read (${png ? 'no IHDR header after the signature' : 'no frame header before the image data'})`);
  if (image.width === 0 || image.height === 0) return refused(`is a ${kind} image of ${image.width} x ${image.height} pixels: a logo needs a width and a height`);
  return { image, problem: null };
}

/** Problems with a recorded logo reference (the bytes were checked when they were accepted). */
export function logoIssues(logo: LegalEntityLogo, field = 'logo'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof logo.sha256 !== 'string' || !SHA256.test(logo.sha256)) issues.push({ field: `${field}.sha256`, message: 'is the SHA-256 of the image, 64 lowercase hex digits' });
  if (!LOGO_MEDIA_TYPES.includes(logo.mediaType)) issues.push({ field: `${field}.mediaType`, message: `${JSON.stringify(logo.mediaType)} is not ${LOGO_MEDIA_TYPES.join(' or ')}` });
  return issues;
}
