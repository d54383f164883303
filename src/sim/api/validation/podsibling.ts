// Pod create validation that checks only what differs from a sibling pod already validated.
//
// The pods a controller creates from one template differ in a few places: their metadata (name,
// uid) and the `kube-api-access-*` volume admission adds, whose random name is also each
// container's mount of it. So their specs are never equal, but they are equal up to renaming that
// one volume. `validatePodSpec` treats a volume name only through the name's own check (a DNS-1123
// label), its uniqueness among the volumes, and the mounts' lookups of it: renaming one volume to
// a valid label that no volume or mount of the validated spec used, at every place it occurs,
// cannot change the outcome. So a spec that is a validated sibling's spec with one volume renamed
// so is valid too, and its validation is skipped; anything else (another difference, a half-done
// rename, a name clash) gets the whole validation, so errors and their texts are unchanged.
// The metadata is always validated (validatePod's first step), in the same order as before.
//
// The walk is cheap because the write path shares a sibling's identical subtrees first
// (api/intern.ts): equal parts are mostly the same objects, compared by identity.

import type { KObject } from '../types';
import type { FieldError } from './errors';
import type { Errs, Obj } from './check';
import { validateObjectMeta } from './meta';
import { isDNS1123Label, nameIsDNSSubdomain } from './names';

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Strict JSON equality: same own keys (an `undefined` value counts as a key) and equal values. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameObject(a as Obj, b as Obj, undefined);
}

/** Own-key count, so two objects can be compared key by key in one direction. */
function keyCount(o: Obj): number {
  let n = 0;
  for (const k in o) if (hasOwn.call(o, k)) n++;
  return n;
}

/**
 * Equal objects, every key's values compared by `special` when given (it sees identical values
 * too: the places where a volume name may occur note the names they hold either way), else by
 * `same`.
 */
function sameObject(a: Obj, b: Obj, special: ((key: string, av: unknown, bv: unknown) => boolean) | undefined): boolean {
  if (keyCount(a) !== keyCount(b)) return false;
  for (const k in a) {
    if (!hasOwn.call(a, k)) continue;
    if (!hasOwn.call(b, k)) return false;
    const av = a[k];
    const bv = b[k];
    if (special !== undefined) {
      if (!special(k, av, bv)) return false;
    } else if (av !== bv && !same(av, bv)) return false;
  }
  return true;
}

/** The one volume rename found so far, and the names seen at the places a volume name occurs. */
interface Rename {
  from?: string;
  to?: string;
  /** Every name of the validated spec at those places (`to` must be none of them). */
  validatedNames: Set<string>;
  /** Names the new spec kept unchanged at those places (`from` must be none of them). */
  kept: Set<string>;
}

/** One place a volume name occurs: the same name, or the one consistent rename. */
function sameName(r: Rename, a: unknown, b: unknown): boolean {
  if (typeof b === 'string') r.validatedNames.add(b);
  if (a === b) {
    if (typeof a === 'string') r.kept.add(a);
    return true;
  }
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  if (r.from === undefined) {
    r.from = b;
    r.to = a;
    return true;
  }
  return r.from === b && r.to === a;
}

/** Arrays of objects whose `name` is a volume name (volumes, volumeMounts, volumeDevices). */
function sameNamedList(r: Rename, a: unknown, b: unknown): boolean {
  if (a === b) {
    // Shared by identity: every name in it is kept (and is a validated name).
    if (Array.isArray(a)) for (const e of a) if (isPlainObject(e) && typeof e.name === 'string') {
      r.kept.add(e.name);
      r.validatedNames.add(e.name);
    }
    return true;
  }
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const ae = a[i];
    const be = b[i];
    if (ae === be) {
      if (isPlainObject(ae) && typeof ae.name === 'string') {
        r.kept.add(ae.name);
        r.validatedNames.add(ae.name);
      }
      continue;
    }
    if (!isPlainObject(ae) || !isPlainObject(be)) return false;
    if (!sameObject(ae, be, (k, av, bv) => (k === 'name' ? sameName(r, av, bv) : same(av, bv)))) return false;
  }
  return true;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function sameContainers(r: Rename, a: unknown, b: unknown): boolean {
  if (a === b) {
    // Shared by identity: every mount name in it is kept.
    if (Array.isArray(a)) for (const c of a) if (isPlainObject(c)) {
      sameNamedList(r, c.volumeMounts, c.volumeMounts);
      sameNamedList(r, c.volumeDevices, c.volumeDevices);
    }
    return true;
  }
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const ac = a[i];
    const bc = b[i];
    if (!isPlainObject(ac) || !isPlainObject(bc)) {
      if (ac !== bc) return false;
      continue;
    }
    if (ac === bc) {
      sameNamedList(r, ac.volumeMounts, ac.volumeMounts);
      sameNamedList(r, ac.volumeDevices, ac.volumeDevices);
      continue;
    }
    if (!sameObject(ac, bc, (k, av, bv) => (k === 'volumeMounts' || k === 'volumeDevices' ? sameNamedList(r, av, bv) : same(av, bv)))) return false;
  }
  return true;
}

/**
 * Whether `spec` is `validated` (a pod spec that passed `validatePodSpec`) with at most one
 * volume renamed consistently to a valid, unused name: then it passes too.
 */
export function specValidLikeSibling(spec: unknown, validated: unknown): boolean {
  if (spec === validated) return true;
  if (!isPlainObject(spec) || !isPlainObject(validated)) return false;
  const r: Rename = { validatedNames: new Set(), kept: new Set() };
  const ok = sameObject(spec, validated, (k, a, b) => {
    if (k === 'volumes') return sameNamedList(r, a, b);
    if (CONTAINER_LISTS.has(k)) return sameContainers(r, a, b);
    return same(a, b);
  });
  if (!ok) return false;
  if (r.from === undefined) return true;
  return !r.kept.has(r.from) && !r.validatedNames.has(r.to!) && isDNS1123Label(r.to!).length === 0;
}

/**
 * `validatePod` for a create whose controller's previous pod, `sibling`, was validated and stored:
 * the metadata is validated as always; the spec is skipped when `specValidLikeSibling` says it
 * passes. Returns undefined when the spec needs the whole validation.
 */
export function validatePodCreateLikeSibling(pod: KObject, sibling: KObject): FieldError[] | undefined {
  if (!specValidLikeSibling(pod.spec, sibling.spec)) return undefined;
  const errs: Errs = [];
  validateObjectMeta(errs, pod.metadata, true, nameIsDNSSubdomain);
  return errs;
}
