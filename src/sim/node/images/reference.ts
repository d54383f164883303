// Image references as containerd normalizes them (`nginx` → `docker.io/library/nginx:latest`),
// the digests the runtime reports, and the pull outcome of a reference against the catalog:
// known image, unknown image (a generic process), a near-miss of a catalog name (`ngnix`: the
// registry denies it) or an unknown tag of a known image (not found).

import { BoundedMap } from '../../core/boundedmap';
import { catalogEntry, catalogNames, type ImageEntry } from './catalog';

export interface ImageRef {
  /** As written in the pod spec. */
  raw: string;
  /** `docker.io/library/nginx` */
  repository: string;
  /** `latest` when the reference has neither tag nor digest; '' for digest-only references. */
  tag: string;
  digest?: string;
  /** `docker.io/library/nginx:latest` (or `…@sha256:…`): the key of the node's image cache. */
  normalized: string;
  /** The catalog's name for the repository: `nginx`, `luksa/kubia`, `registry.k8s.io/pause`. */
  shortName: string;
}

export type ParseResult = ImageRef | { error: string };

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * reference.ParseNormalizedNamed plus the default tag, with containerd's error texts. A pure
 * function of the string, asked on every container start and status: answers are kept for up to
 * 1,000 strings (callers never mutate them).
 */
const parsed = new BoundedMap<string, ParseResult>(1000);
export function parseImageRef(raw: string): ParseResult {
  let r = parsed.get(raw);
  if (r === undefined) {
    r = parseUncached(raw);
    parsed.set(raw, r);
  }
  return r;
}

function parseUncached(raw: string): ParseResult {
  const invalid = (why: string) => ({ error: `couldn't parse image name "${raw}": ${why}` });
  if (raw === '' || raw !== raw.trim()) return invalid('invalid reference format');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid('invalid reference format');
  }
  let tag = '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return invalid('invalid reference format');
  }
  const parts = rest.split('/');
  let domain = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    domain = parts.shift()!;
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  if (/[A-Z]/.test(path)) return invalid(`invalid reference format: repository name (${path}) must be lowercase`);
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return invalid('invalid reference format');
  const repository = `${domain}/${path}`;
  if (!tag && !digest) tag = 'latest';
  const normalized = digest ? `${repository}@${digest}` : `${repository}:${tag}`;
  const shortName = domain === 'docker.io' ? (path.startsWith('library/') ? path.slice(8) : path) : repository;
  return { raw, repository, tag, digest, normalized, shortName };
}

export type Resolution =
  | { kind: 'known'; ref: ImageRef; entry: ImageEntry }
  | { kind: 'unknown'; ref: ImageRef }
  | { kind: 'denied'; ref: ImageRef; message: string }
  | { kind: 'notFound'; ref: ImageRef; message: string }
  | { kind: 'invalid'; error: string };

/**
 * What pulling `raw` does. The catalog is fixed, so the answer per image string is too: kept for
 * up to 1,000 strings (every container start asks; callers never mutate the result).
 */
const resolved = new BoundedMap<string, Resolution>(1000);
export function resolveImage(raw: string): Resolution {
  let r = resolved.get(raw);
  if (r === undefined) {
    r = resolveUncached(raw);
    resolved.set(raw, r);
  }
  return r;
}

function resolveUncached(raw: string): Resolution {
  const ref = parseImageRef(raw);
  if ('error' in ref) return { kind: 'invalid', error: ref.error };
  const entry = catalogEntry(ref.shortName);
  if (entry) {
    if (ref.digest || tagKnown(entry, ref.tag)) return { kind: 'known', ref, entry };
    return {
      kind: 'notFound',
      ref,
      message: `rpc error: code = NotFound desc = failed to pull and unpack image "${ref.normalized}": failed to resolve reference "${ref.normalized}": ${ref.normalized}: not found`,
    };
  }
  if (isNearMiss(ref.shortName)) {
    return {
      kind: 'denied',
      ref,
      message: `rpc error: code = Unknown desc = failed to pull and unpack image "${ref.normalized}": failed to resolve reference "${ref.normalized}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    };
  }
  return { kind: 'unknown', ref };
}

/** A tag of a catalog image: one it lists, or a version-like tag (`1.27`, `1.27.3-alpine`, `v2`). */
export function tagKnown(entry: ImageEntry, tag: string): boolean {
  if (entry.tags.includes(tag)) return true;
  if (entry.strictTags) return false;
  return /^v?\d+(\.\d+){0,3}([-_.][a-z0-9]+)*$/.test(tag) || /^(alpine|slim|bookworm|bullseye|jammy|noble|focal)(\d[\d.]*)?$/.test(tag);
}

/** An obvious typo of a catalog name: edit distance 1 (names of 3+ characters) or 2 (5+). */
export function isNearMiss(name: string): boolean {
  for (const known of catalogNames()) {
    if (known === name) return false;
    const d = editDistance(name, known);
    const limit = Math.min(name.length, known.length) >= 5 ? 2 : Math.min(name.length, known.length) >= 3 ? 1 : 0;
    if (d > 0 && d <= limit) return true;
  }
  return false;
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** Digests of the images seen (a handful of names), computed once: every container status reports one. */
const digests = new BoundedMap<string, string>(10_000);
function digestOf(normalized: string): string {
  let d = digests.get(normalized);
  if (d === undefined) {
    d = stableHex(normalized);
    digests.set(normalized, d);
  }
  return d;
}

/** Character codes of the hex digits. */
const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const HEX64_SCRATCH: number[] = new Array(64).fill(48);

/**
 * A stable 64-hex digest of a string (not cryptographic): image digests and ids derive from names.
 * Made as one flat string from character codes: each container and sandbox holds an id for its
 * lifetime (appended pieces made V8 keep a rope of cons strings, ≈ 0.4 KB per 64-hex id), and
 * printing each 32-bit half with `toString(16)` and padding it cost more than the hashing.
 */
export function stableHex(s: string, length = 64): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const rounds = Math.ceil(length / 16);
  // The common 64-hex id reuses one scratch array (ids are made one at a time).
  const codes: number[] = length === 64 ? HEX64_SCRATCH : new Array(rounds * 16);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i) + round * 131;
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (c + h1), 0x5bd1e995) >>> 0;
    }
    h1 = Math.imul(h1 ^ (h1 >>> 15), 0x2c1b3c6d) >>> 0;
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0x297a2d39) >>> 0;
    // h1 then h2, each as 8 hex digits, most significant first.
    const at = round * 16;
    for (let d = 0; d < 8; d++) {
      codes[at + d] = HEX_CODES[(h1 >>> (28 - 4 * d)) & 15]!;
      codes[at + 8 + d] = HEX_CODES[(h2 >>> (28 - 4 * d)) & 15]!;
    }
  }
  if (codes.length !== length) codes.length = length;
  return String.fromCharCode.apply(null, codes);
}

/** The `imageID` a running container reports: `docker.io/library/nginx@sha256:…`. */
export function imageIdOf(ref: ImageRef): string {
  return `${ref.repository}@${ref.digest ?? `sha256:${digestOf(ref.normalized)}`}`;
}

/** The `image` a running container reports: the normalized name (`docker.io/library/nginx:latest`). */
export function reportedImageName(ref: ImageRef): string {
  return ref.digest ? ref.raw : ref.normalized;
}

/** Bytes an image takes, for a catalog entry or an unknown image (about 50 MB). */
export function imageSizeBytes(ref: ImageRef, entry?: ImageEntry): number {
  const mb = entry ? (/alpine|slim/.test(ref.tag) && entry.alpineMB ? entry.alpineMB : entry.sizeMB) : 48 + (parseInt(stableHex(ref.normalized, 4), 16) % 40);
  // A few thousand bytes of per-tag variation make sizes look like real ones.
  return Math.round(mb * 1_000_000) + sizeJitter(ref.normalized);
}

/** The per-tag size variation, kept per image (asked on every pull and pull estimate). */
const sizeJitters = new BoundedMap<string, number>(10_000);

function sizeJitter(normalized: string): number {
  let j = sizeJitters.get(normalized);
  if (j === undefined) {
    j = parseInt(stableHex(`${normalized}#size`, 6), 16) % 999_983;
    sizeJitters.set(normalized, j);
  }
  return j;
}
