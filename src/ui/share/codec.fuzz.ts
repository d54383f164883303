// Fuzz properties of the share-link decoder, shared by codec.test.ts (CI-sized) and
// `npm run fuzz` (scripts/fuzz.ts). The decoder must be total: valid states round-trip exactly;
// random, mutated and truncated links give a ShareState or a `share link is not valid: …` error,
// never an exception. Bounded time and memory come from the LIMITS it enforces (the script's
// throughput shows no case takes long).

import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { FuzzFailure, type FuzzProperty, mutate } from '../../sim/testing/fuzzProps';
import { SHARE_PREFIX, decodeShare, encodeShare, toBase64Url, type DecodeResult } from './codec';
import { LIMITS, validateShareState, type ShareAction, type ShareState } from './state';

function check(ok: boolean, message: string): void {
  if (!ok) throw new FuzzFailure(message);
}

/** JSON with object keys sorted: equal values print equal whatever their key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

const text = (maxLength: number) => fc.oneof(fc.string({ maxLength }), fc.string({ maxLength, unit: 'grapheme' }), fc.string({ maxLength: 8, unit: 'binary' }));
const name = fc.oneof(fc.constantFrom('web.yaml', 'db.yaml', '__proto__', 'constructor', 'a b.yaml'), fc.string({ minLength: 1, maxLength: 20 }));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** An action minus its time, of every op. */
const actionBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ op: fc.constant('kubectl'), line: text(80), stdin: optional(text(200)), files: optional(fc.dictionary(name, text(200), { maxKeys: 3 })) }, { requiredKeys: ['op', 'line'] }),
  fc.record({ op: fc.constant('apply'), text: text(300), source: optional(name), dryRun: optional(fc.constant('server')) }, { requiredKeys: ['op', 'text'] }),
  fc.record({ op: fc.constant('diff'), text: text(200), source: optional(name) }, { requiredKeys: ['op', 'text'] }),
  fc.record({
    op: fc.constant('saveEdit'),
    target: fc.record({ kindKey: fc.constantFrom('apps/Deployment', '/Pod', '/ConfigMap'), namespace: optional(fc.constantFrom('default', 'kube-system')), name: name, ref: fc.string({ maxLength: 30 }), resourceVersion: optional(fc.nat().map(String)) }, { requiredKeys: ['kindKey', 'name', 'ref'] }),
    text: text(200),
    original: optional(text(200)),
  }, { requiredKeys: ['op', 'target', 'text'] }),
  fc.record({ op: fc.constant('control'), line: text(80) }),
  fc.record({ op: fc.constant('step'), mode: fc.constantFrom('event', 'second', 'nextEvent'), maxMs: optional(fc.integer({ min: 1, max: 3_600_000 })) }, { requiredKeys: ['op', 'mode'] }),
  fc.record({ op: fc.constant('cancel'), action: fc.nat() }),
);

/** A cancel names an earlier kubectl action (one is added when there is none). */
function linkCancels(actions: ShareAction[]): ShareAction[] {
  return actions.map((a, i) => {
    if (a.op !== 'cancel') return a;
    const kubectl = actions.slice(0, i).flatMap((b, j) => (b.op === 'kubectl' ? [j] : []));
    return kubectl.length > 0 ? { ...a, action: kubectl[a.action % kubectl.length] } : { at: a.at, op: 'control', line: 'kubeplay node crash x' };
  });
}

/** Valid share states (within every limit). */
export const shareStateArb: fc.Arbitrary<ShareState> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    nodes: fc.integer({ min: 0, max: LIMITS.nodes }),
    startMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    spanMs: fc.integer({ min: 0, max: LIMITS.spanMs }),
    buffers: fc.array(fc.record({ name: name.filter((n) => n.trim() !== ''), text: text(300) }), { maxLength: 4 }),
    actions: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), actionBody), { maxLength: 8 }),
  })
  .map(({ seed, nodes, startMs, spanMs, buffers, actions }) => ({
    v: 1 as const,
    seed,
    nodes,
    startMs,
    endMs: startMs + spanMs,
    buffers,
    actions: linkCancels(actions.map(([f, body]) => ({ at: startMs + Math.floor(f * spanMs), ...body }) as ShareAction).sort((a, b) => a.at - b.at)),
  }));

/** The decoder's contract for any input: a valid state, or the error in its one wording. */
function checkOutcome(r: DecodeResult): void {
  check(typeof r === 'object' && r !== null, 'decodeShare returned no result');
  if (r.ok) {
    // Whatever decodes must itself be valid and encode back to the same state.
    const again = validateShareState(JSON.parse(JSON.stringify(r.state)));
    check(again.ok, `a decoded state does not validate: ${again.ok ? '' : again.why}`);
  } else {
    check(r.error.kind === 'ShareLinkError' && r.error.message.startsWith('share link is not valid: ') && r.error.message.length > 25, `bad error: ${JSON.stringify(r.error)}`);
  }
}

function deflated(json: string): string {
  return SHARE_PREFIX + toBase64Url(deflateSync(new TextEncoder().encode(json)));
}

export function shareFuzzProperties(): FuzzProperty[] {
  return [
    {
      name: 'share: valid states round-trip through encode and decode',
      testRuns: 300,
      weight: 12,
      property: fc.property(shareStateArb, (s) => {
        const r = decodeShare(encodeShare(s));
        check(r.ok, `a valid state did not decode: ${r.ok ? '' : r.error.message}`);
        if (r.ok) check(canonical(r.state) === canonical(s), `round trip changed the state:\n${canonical(s)}\n${canonical(r.state)}`);
      }),
    },
    {
      name: 'share: random strings never throw',
      testRuns: 500,
      weight: 20,
      property: fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 300 }).map((x) => SHARE_PREFIX + x), fc.stringMatching(/^v1\.[A-Za-z0-9_-]{0,300}$/)), (x) => {
        checkOutcome(decodeShare(x));
      }),
    },
    {
      name: 'share: mutated links never throw',
      testRuns: 300,
      weight: 18,
      property: fc.property(shareStateArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.constantFrom(...'AZaz09-_+/=.%~ '.split(''))), { minLength: 1, maxLength: 4 }), (s, edits) => {
        let link = encodeShare(s);
        for (const [at, how, ch] of edits) {
          const i = at % (link.length + 1);
          link = how === 'insert' ? link.slice(0, i) + ch + link.slice(i) : how === 'delete' ? link.slice(0, i) + link.slice(i + 1) : link.slice(0, i) + ch + link.slice(i + 1);
        }
        checkOutcome(decodeShare(link));
      }),
    },
    {
      name: 'share: truncated links never throw',
      testRuns: 300,
      weight: 15,
      property: fc.property(shareStateArb, fc.double({ min: 0, max: 1, noNaN: true }), (s, f) => {
        const link = encodeShare(s);
        const cut = Math.floor(f * link.length);
        const r = decodeShare(link.slice(0, cut));
        checkOutcome(r);
        check(cut === link.length || !r.ok || (r.ok && canonical(r.state) === canonical(s)), 'a truncated link decoded to a different state');
      }),
    },
    {
      name: 'share: well-compressed but wrong JSON is refused or valid, never thrown',
      testRuns: 300,
      weight: 20,
      property: fc.property(
        shareStateArb,
        fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 5 }),
        fc.oneof(fc.constant(undefined), fc.anything({ maxDepth: 2 }), fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.constant(-1), fc.constant(2 ** 53)),
        (s, path, replacement) => {
          checkOutcome(decodeShare(deflated(JSON.stringify(mutate(s, path, replacement)) ?? 'null')));
        },
      ),
    },
    {
      name: 'share: compressed random bytes and JSON never throw',
      testRuns: 300,
      weight: 15,
      property: fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => SHARE_PREFIX + toBase64Url(b)), fc.uint8Array({ maxLength: 300 }).map((b) => SHARE_PREFIX + toBase64Url(deflateSync(b))), fc.json({ maxDepth: 4 }).map(deflated)), (link) => {
        checkOutcome(decodeShare(link));
      }),
    },
  ];
}
