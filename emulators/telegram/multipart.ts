/**
 * A small multipart/form-data reader: grammY switches to multipart as soon as a payload holds
 * an `InputFile` (an upload), so the emulator must read it to accept uploads at all.
 */

/** One part of a multipart body: a plain field (`filename` absent) or an uploaded file. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Extracts the boundary from a `multipart/form-data; boundary=...` content type. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Splits a multipart body into parts; malformed parts are skipped rather than guessed at. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    let contentStart = start + delimiter.length;
    if (body.subarray(contentStart, contentStart + 2).toString() === '--') break;
    if (body.subarray(contentStart, contentStart + 2).toString() === '\r\n') contentStart += 2;
    const next = body.indexOf(delimiter, contentStart);
    if (next === -1) break;
    // The part ends with CRLF before the next delimiter.
    let contentEnd = next;
    if (body.subarray(next - 2, next).toString() === '\r\n') contentEnd -= 2;
    const part = parsePart(body.subarray(contentStart, contentEnd));
    if (part) parts.push(part);
    start = next;
  }
  return parts;
}

function parsePart(raw: Buffer): MultipartPart | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const headers = new Map<string, string>();
  for (const line of raw.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (!disposition) return undefined;
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return undefined;
  return {
    name,
    filename: dispositionParam(disposition, 'filename'),
    contentType: headers.get('content-type'),
    data: raw.subarray(headerEnd + 4),
  };
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;]*))`, 'i').exec(disposition);
  return match ? (match[1] ?? match[2]?.trim()) : undefined;
}
