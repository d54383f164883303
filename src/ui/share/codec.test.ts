import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SHARE_PREFIX, decodeShare, encodeShare, fromBase64Url, shareUrl, toBase64Url } from './codec';
import { shareParamFromHash } from './hash';
import { shareFuzzProperties } from './codec.fuzz';
import { LIMITS, type ShareState } from './state';

const START = Date.UTC(2025, 0, 15, 9);
const STATE: ShareState = {
  v: 1,
  seed: 42,
  nodes: 3,
  startMs: START,
  endMs: START + 60_000,
  buffers: [{ name: 'web.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\n' }],
  actions: [
    { at: START + 1000, op: 'apply', text: 'kind: Deployment', source: 'web.yaml' },
    { at: START + 5000, op: 'kubectl', line: 'kubectl scale deployment web --replicas=5' },
    { at: START + 5000, op: 'control', line: 'kubeplay node crash kubeplay-worker2' },
    { at: START + 9000, op: 'step', mode: 'event' },
    { at: START + 9000, op: 'saveEdit', target: { kindKey: 'apps/Deployment', namespace: 'default', name: 'web', ref: 'deployment.apps/web', resourceVersion: '812' }, text: 'x', original: 'y' },
  ],
};

/** A link whose JSON is `json` (compressed and encoded as the real encoder does). */
function linkOf(json: unknown): string {
  return SHARE_PREFIX + toBase64Url(deflateSync(new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json))));
}

function errorOf(link: unknown): string {
  const r = decodeShare(link);
  if (r.ok) throw new Error('decoded');
  return r.error.message;
}

describe('share codec', () => {
  it('round-trips a state and makes a #share= URL', () => {
    const link = encodeShare(STATE);
    expect(link).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(decodeShare(link)).toEqual({ ok: true, state: STATE });
    const url = shareUrl('http://localhost:5173/play/?seed=3#old', STATE);
    expect(url).toBe(`http://localhost:5173/play/#share=${link}`);
    expect(shareParamFromHash(new URL(url).hash)).toBe(link);
    expect(shareParamFromHash('#x=1&share=v1.abc')).toBe('v1.abc');
    expect(shareParamFromHash('')).toBeUndefined();
  });

  it('base64url agrees with Node for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      const enc = toBase64Url(bytes);
      expect(enc).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(enc)).toEqual(bytes);
    }
  });

  it('refuses malformed links with the reason, in one wording', () => {
    expect(errorOf(42)).toBe('share link is not valid: it is not text');
    expect(errorOf('')).toBe('share link is not valid: it does not start with "v1."');
    expect(errorOf('v2.abcd')).toBe('share link is not valid: unknown format version "v2" (expected v1)');
    expect(errorOf('v1.')).toBe('share link is not valid: the payload is empty');
    expect(errorOf('v1.ab$d')).toBe('share link is not valid: the payload has a character that is not base64url at position 3');
    expect(errorOf('v1.a')).toBe('share link is not valid: the payload is truncated (its length is not valid base64url)');
    expect(errorOf(encodeShare(STATE).slice(0, -6))).toMatch(/^share link is not valid: the payload (does not decompress|is truncated)/);
    expect(errorOf(linkOf('{"v":1,'))).toMatch(/^share link is not valid: the payload is not JSON \(/);
    expect(errorOf(SHARE_PREFIX + toBase64Url(deflateSync(Uint8Array.of(0xff, 0xfe))))).toBe('share link is not valid: the payload is not UTF-8 text');
    expect(errorOf('v1.' + 'A'.repeat(LIMITS.encodedChars + 4))).toBe(`share link is not valid: the payload is longer than ${LIMITS.encodedChars} characters`);
  });

  it('refuses a decompression bomb without inflating it', () => {
    const bomb = SHARE_PREFIX + toBase64Url(deflateSync(new Uint8Array(16 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(50_000);
    expect(errorOf(bomb)).toBe(`share link is not valid: the payload decompresses to more than ${LIMITS.jsonBytes} bytes`);
  });

  it('checks every field and limit', () => {
    const bad = (patch: Record<string, unknown>) => errorOf(linkOf({ ...STATE, ...patch }));
    expect(errorOf(linkOf([1]))).toBe('share link is not valid: the payload is not an object');
    expect(bad({ v: 2 })).toBe('share link is not valid: format version 2 is not supported (expected 1)');
    expect(bad({ seed: 1.5 })).toBe('share link is not valid: seed must be an integer');
    expect(bad({ seed: -1 })).toBe('share link is not valid: seed must be between 0 and 2147483647');
    expect(bad({ nodes: 101 })).toBe('share link is not valid: nodes must be between 0 and 100');
    expect(bad({ endMs: START - 1 })).toMatch(/^share link is not valid: endMs must be between/);
    expect(bad({ endMs: START + LIMITS.spanMs + 1 })).toMatch(/^share link is not valid: endMs must be between/);
    expect(bad({ extra: 1 })).toBe('share link is not valid: the payload has an unknown field "extra"');
    expect(bad({ buffers: {} })).toBe('share link is not valid: buffers must be a list');
    expect(bad({ buffers: [{ name: ' ', text: '' }] })).toBe('share link is not valid: buffers[0].name is empty');
    expect(bad({ buffers: [{ name: 'a', text: 'x'.repeat(LIMITS.textChars + 1) }] })).toBe(`share link is not valid: buffers[0].text is longer than ${LIMITS.textChars} characters`);
    expect(bad({ actions: Array(LIMITS.actions + 1).fill(STATE.actions[3]) })).toBe(`share link is not valid: more than ${LIMITS.actions} actions`);
    expect(bad({ actions: [{ at: START, op: 'rm -rf' }] })).toBe('share link is not valid: actions[0].op must be one of kubectl, apply, diff, saveEdit, control, step, cancel');
    expect(bad({ actions: [{ at: START, op: 'cancel', action: 0 }] })).toBe('share link is not valid: actions[0].action must be between 0 and -1');
    expect(bad({ actions: [STATE.actions[0], { at: START + 1000, op: 'cancel', action: 0 }] })).toBe('share link is not valid: actions[1].action must name a kubectl action');
    expect(decodeShare(linkOf({ ...STATE, actions: [STATE.actions[1], { at: START + 6000, op: 'cancel', action: 0 }] })).ok).toBe(true);
    expect(bad({ actions: [{ at: START, op: 'kubectl', line: 7 }] })).toBe('share link is not valid: actions[0].line must be a string');
    expect(bad({ actions: [{ at: START, op: 'step', mode: 'to' }] })).toBe('share link is not valid: actions[0].mode must be event, second or nextEvent');
    expect(bad({ actions: [{ at: START, op: 'apply', text: '', dryRun: 'client' }] })).toBe('share link is not valid: actions[0].dryRun must be "server"');
    expect(bad({ actions: [STATE.actions[1], STATE.actions[0]] })).toBe('share link is not valid: actions[1].at goes back in time');
    expect(bad({ actions: [{ ...STATE.actions[0], at: START + 60_001 }] })).toMatch(/^share link is not valid: actions\[0\]\.at must be between/);
    expect(bad({ actions: [{ at: START, op: 'kubectl', line: 'x', files: { a: 1 } }] })).toBe('share link is not valid: actions[0].files["a"] must be a string');
    expect(bad({ actions: [{ at: START, op: 'saveEdit', text: '', target: { kindKey: 'x', name: 'y' } }] })).toBe('share link is not valid: actions[0].target.ref must be a string');
  });

  it('keeps a file named __proto__ as a file', () => {
    const r = decodeShare(linkOf({ ...STATE, actions: [{ at: START, op: 'kubectl', line: 'kubectl apply -f __proto__', files: JSON.parse('{"__proto__":"kind: Pod"}') }] }));
    if (!r.ok) throw new Error(r.error.message);
    const a = r.state.actions[0];
    expect(a.op === 'kubectl' && Object.prototype.hasOwnProperty.call(a.files, '__proto__') && a.files!['__proto__']).toBe('kind: Pod');
    expect(Object.getPrototypeOf({}).polluted).toBeUndefined();
  });
});

describe('share codec properties', () => {
  for (const p of shareFuzzProperties()) {
    it(p.name, () => {
      fc.assert(p.property, { numRuns: p.testRuns });
    });
  }
});
