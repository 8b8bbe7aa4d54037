/**
 * Raw RFC 822 / MIME e-mail → the text a reader sees: the Subject line and
 * the readable body. Every other header is dropped (routing headers, dates
 * and the corpus's anonymised addresses say more about how a corpus was
 * collected than about spam); multipart messages keep their text parts
 * (text/plain preferred over text/html in multipart/alternative), attachments
 * are dropped, base64 and quoted-printable are decoded, HTML is reduced to its
 * text.
 */

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** Nesting limit for multipart messages (real mail rarely goes past 3). */
const MAX_DEPTH = 8;

/**
 * The subject and readable body of a raw e-mail, separated by a blank line.
 *
 * @example
 * emailToText('From: a@b\nSubject: Hello\n\nHi there');
 * // 'Hello\n\nHi there'
 */
export function emailToText(raw: string): string {
  const message = splitPart(raw);
  const subject = decodeEncodedWords(message.headers.get('subject') ?? '').trim();
  const body = partText(message, 0).trim();
  return subject ? `${subject}\n\n${body}` : body;
}

/** Splits a message or MIME part into unfolded headers (lower-case names, first wins) and body. */
function splitPart(raw: string): Part {
  const text = raw.replace(/\r\n?/g, '\n');
  // A part that opens with an empty line has no headers.
  if (text.startsWith('\n')) return { headers: new Map(), body: text.slice(1) };
  const blank = text.search(/\n[ \t]*\n/);
  const headerText = blank < 0 ? text : text.slice(0, blank);
  // Without a blank line and without anything header-like, it is all body.
  if (blank < 0 && !/^[\x21-\x39\x3b-\x7e]+:/.test(text)) return { headers: new Map(), body: text };
  const body = blank < 0 ? '' : text.slice(text.indexOf('\n', blank + 1) + 1);
  const headers = new Map<string, string>();
  const unfolded = headerText.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

interface ContentType {
  type: string;
  params: Map<string, string>;
}

function contentType(part: Part): ContentType {
  const value = part.headers.get('content-type') ?? 'text/plain';
  const [type, ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    params.set(
      key,
      param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/s, '$1'),
    );
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function partText(part: Part, depth: number): string {
  const { type, params } = contentType(part);
  const disposition = (part.headers.get('content-disposition') ?? '').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = params.get('boundary');
    const children = boundary && depth < MAX_DEPTH ? splitMultipart(part.body, boundary) : [];
    if (children.length === 0) return readableText(part.body, 'text/plain');
    if (type === 'multipart/alternative') {
      const plain = children.find((child) => contentType(child).type === 'text/plain');
      const chosen = plain ?? children.find((child) => contentType(child).type.startsWith('text/'));
      return chosen ? partText(chosen, depth + 1) : '';
    }
    return children
      .map((child) => partText(child, depth + 1))
      .filter((text) => text.trim() !== '')
      .join('\n\n');
  }
  if (type === 'message/rfc822' && depth < MAX_DEPTH) {
    const inner = splitPart(part.body);
    const subject = decodeEncodedWords(inner.headers.get('subject') ?? '').trim();
    return [subject, partText(inner, depth + 1)].filter(Boolean).join('\n\n');
  }
  if (!type.startsWith('text/') || disposition.startsWith('attachment')) return '';
  const decoded = decodeTransfer(
    part.body,
    part.headers.get('content-transfer-encoding'),
    params.get('charset'),
  );
  return readableText(decoded, type);
}

function splitMultipart(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const parts: Part[] = [];
  let current: string[] | undefined;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(splitPart(current.join('\n')));
      current = trimmed === delimiter ? [] : undefined;
      if (!current) break;
    } else if (current) current.push(line);
  }
  // A missing closing delimiter still ends the last part.
  if (current && current.length) parts.push(splitPart(current.join('\n')));
  return parts;
}

function readableText(text: string, type: string): string {
  return type === 'text/html' || /^\s*<(!doctype|html|head|body)\b/i.test(text) ? htmlToText(text) : text;
}

function decodeTransfer(body: string, encoding: string | undefined, charset: string | undefined): string {
  const kind = (encoding ?? '').trim().toLowerCase();
  if (kind === 'base64') {
    const compact = body.replace(/[^A-Za-z0-9+/=]/g, '');
    return decodeBytes(Buffer.from(compact, 'base64'), charset);
  }
  if (kind === 'quoted-printable') return decodeBytes(quotedPrintableBytes(body), charset);
  return body;
}

function quotedPrintableBytes(text: string): Buffer {
  const withoutSoftBreaks = text.replace(/=[ \t]*\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < withoutSoftBreaks.length; i++) {
    const ch = withoutSoftBreaks[i];
    const hex = withoutSoftBreaks.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else for (const byte of Buffer.from(ch, 'utf8')) bytes.push(byte);
    }
  }
  return Buffer.from(bytes);
}

function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // Unknown charset label: Latin-1 keeps every byte as one character.
    return Buffer.from(bytes).toString('latin1');
  }
}

/** Decodes RFC 2047 encoded words (`=?charset?B|Q?…?=`) in a header value. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1') // whitespace between encoded words is dropped
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, kind: string, text: string) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : quotedPrintableBytes(text.replace(/_/g, ' '));
      return decodeBytes(bytes, charset.split('*')[0]);
    });
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  copy: '©',
  reg: '®',
  pound: '£',
  euro: '€',
  mdash: '—',
  ndash: '–',
  hellip: '…',
};

/** Drops scripts, styles, comments and tags (block tags become line breaks) and decodes entities. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(br|p|div|tr|li|h[1-6]|table|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n');
}
