// Share links: `#share=v1.<payload>`, where payload is base64url(raw DEFLATE(UTF-8 JSON of a
// ShareState)). encodeShare / decodeShare are pure and synchronous.
//
// Compression is fflate's: a small, maintained, dependency-free DEFLATE with a synchronous
// API. The platform's CompressionStream would do too, but it is asynchronous only, which would
// force the page to wait before it can even choose the seed to boot with; and fflate's streaming
// Inflate lets the decoder stop as soon as the output passes the size cap (a 2 MB link of zeros
// would otherwise inflate to 2 GB). The module itself is a lazily loaded chunk (session.ts): a link
// waits for that chunk, not for a stream.
//
// decodeShare is total: every string gives a ShareState or a ShareLinkError, in time and memory
// bounded by the LIMITS in state.ts; nothing throws.

import { Inflate, deflateSync } from 'fflate';
import { LIMITS, validateShareState, type ShareState } from './state';

import { SHARE_HASH_KEY } from './hash';

export const SHARE_PREFIX = 'v1.';

export interface ShareLinkError {
  kind: 'ShareLinkError';
  /** `share link is not valid: <why>` */
  message: string;
}

export type DecodeResult = { ok: true; state: ShareState } | { ok: false; error: ShareLinkError };

function invalid(why: string): { ok: false; error: ShareLinkError } {
  return { ok: false, error: { kind: 'ShareLinkError', message: `share link is not valid: ${why}` } };
}

// ---- base64url -----------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let chunk: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    chunk.push(ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + (left > 1 ? ALPHABET[(n >> 6) & 63] : '') + (left > 2 ? ALPHABET[n & 63] : ''));
    if (chunk.length === 4096) {
      out += chunk.join('');
      chunk = [];
    }
  }
  return out + chunk.join('');
}

/** The bytes, or the reason the text is not unpadded base64url. */
export function fromBase64Url(text: string): Uint8Array | string {
  if (text.length % 4 === 1) return 'the payload is truncated (its length is not valid base64url)';
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    const end = Math.min(i + 4, text.length);
    for (let j = i; j < end; j++) {
      const c = text.charCodeAt(j);
      const v = c < 128 ? VALUE[c] : -1;
      if (v < 0) return `the payload has a character that is not base64url at position ${j + 1}`;
      n = (n << 6) | v;
    }
    const chars = end - i;
    n <<= 6 * (4 - chars);
    out[o++] = (n >> 16) & 255;
    if (chars > 2) out[o++] = (n >> 8) & 255;
    if (chars > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

// ---- inflate with a cap --------------------------------------------------------------------

/** Input fed to the inflater per push: DEFLATE expands at most ~1032×, so ≤ ~1 MB out per push. */
const INFLATE_CHUNK = 1024;

function inflateCapped(data: Uint8Array, capBytes: number): Uint8Array | string {
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > capBytes) over = true;
    else parts.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !over; i += INFLATE_CHUNK) {
      const end = Math.min(i + INFLATE_CHUNK, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    return `the payload does not decompress (${e instanceof Error ? e.message : String(e)})`;
  }
  if (over) return `the payload decompresses to more than ${capBytes} bytes`;
  if (!ended) return 'the payload is truncated (the compressed data ends early)';
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---- encode / decode -----------------------------------------------------------------------

/** `v1.<base64url>`: the value of the `share` hash parameter. */
export function encodeShare(state: ShareState): string {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return SHARE_PREFIX + toBase64Url(deflateSync(json, { level: 9 }));
}

/** Decodes a `v1.<base64url>` value into a validated ShareState; never throws. */
export function decodeShare(text: unknown): DecodeResult {
  try {
    if (typeof text !== 'string') return invalid('it is not text');
    if (!text.startsWith(SHARE_PREFIX)) {
      const dot = text.indexOf('.');
      return invalid(dot > 0 && dot < 12 ? `unknown format version ${JSON.stringify(text.slice(0, dot))} (expected v1)` : 'it does not start with "v1."');
    }
    const payload = text.slice(SHARE_PREFIX.length);
    if (payload.length === 0) return invalid('the payload is empty');
    if (payload.length > LIMITS.encodedChars) return invalid(`the payload is longer than ${LIMITS.encodedChars} characters`);
    const bytes = fromBase64Url(payload);
    if (typeof bytes === 'string') return invalid(bytes);
    const raw = inflateCapped(bytes, LIMITS.jsonBytes);
    if (typeof raw === 'string') return invalid(raw);
    let json: string;
    try {
      json = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return invalid('the payload is not UTF-8 text');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      return invalid(`the payload is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const checked = validateShareState(parsed);
    return checked.ok ? { ok: true, state: checked.value } : invalid(checked.why);
  } catch (e) {
    // Nothing above should throw; this keeps the promise if a platform API surprises us.
    return invalid(`unexpected error (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The page URL that opens `state`: the current page without query or hash, plus the share hash. */
export function shareUrl(base: string, state: ShareState): string {
  const u = new URL(base);
  return `${u.origin}${u.pathname}#${SHARE_HASH_KEY}=${encodeShare(state)}`;
}
