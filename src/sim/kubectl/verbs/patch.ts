// kubectl patch (kubectl/pkg/cmd/patch/patch.go, 1.32): `kubectl patch TYPE NAME -p PATCH`,
// `TYPE/NAME`, `-f FILE`, `--patch-file`, `--type strategic|merge|json`, `--subresource
// status|scale`, `--dry-run`, `-o`, and `--local -f FILE` (patch the file's object, print it).
//
// As upstream, the patch text is YAML or JSON (converted to JSON on the client), the server
// applies it (patch.strategic.ts, patch.jsonpatch.ts) and then validates and stores the result
// like an update, so immutable fields and invalid specs fail with the usual validation errors.
// `--dry-run=client` patches the live object on the client without writing it; patch prints no
// "(dry run)" suffix (it never passes the dry-run strategy to its printer).

import { badRequest, status } from '../../api/errors';
import type { KindInfo } from '../../api/kinds';
import { jsonEqual } from '../../api/meta';
import { isStatus, type KObject, type Status } from '../../api/types';
import { flagBool, flagString, flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS } from '../flags';
import { printObjects, type ParsedOutputFormat } from '../printers/output';
import { manifestObjects, selectObjects } from '../select';
import { applyJsonPatch, applyMergePatch, JsonPatchError, type Json } from './patch.jsonpatch';
import { decodePatchText, goJsonTypeName } from './patch.decode';
import { pruneUnknownFields } from './patch.fields';
import { applyStrategicPatch, StrategicPatchError } from './patch.strategic';
import { dryRunStrategy, NO_RESOURCES } from './scale';
import { objectOutputFormat } from './set.util';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  { name: 'patch', short: 'p', type: 'string' },
  { name: 'patch-file', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'local', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
  { name: 'field-manager', type: 'string' },
  { name: 'record', type: 'bool' },
];

export type PatchType = 'json' | 'merge' | 'strategic';

const MEDIA_TYPE: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

const UNSUPPORTED_MEDIA =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

/** Kinds with a scale subresource. */
const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', '/ReplicationController', 'apps/StatefulSet']);

export function patchCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const dryRun = dryRunStrategy(a);
  const local = flagBool(a, 'local');
  const patchText = flagString(a, 'patch') ?? '';
  const patchFile = flagString(a, 'patch-file') ?? '';
  if (local && a.positional.length > 0) throw new ExitError('error: cannot specify --local and server resources');
  if (local && dryRun === 'server') throw new ExitError('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (patchText && patchFile) throw new ExitError('error: cannot specify --patch and --patch-file together');
  if (!patchText && !patchFile) throw new ExitError('error: must specify --patch or --patch-file containing the contents of the patch');
  const typeFlag = flagString(a, 'type') ?? 'strategic';
  const type = (typeFlag === '' ? 'strategic' : typeFlag.toLowerCase()) as PatchType;
  if (!(type in MEDIA_TYPE)) throw new ExitError(`error: --type must be one of [json merge strategic], not "${typeFlag}"`);
  const format = objectOutputFormat(flagString(a, 'output'));
  if (format.kind === 'error') throw new ExitError(format.error);

  let text = patchText;
  if (patchFile) {
    const t = ctx.io.readFile?.(patchFile);
    if (t === undefined) throw new ExitError(`error: unable to read patch file: open ${patchFile}: no such file or directory`);
    text = t;
  }
  const decoded = decodePatchText(text);
  if ('error' in decoded) throw new ExitError(`error: unable to parse "${text}": ${decoded.error}`);
  const subresource = flagString(a, 'subresource') ?? '';

  const targets = local ? localObjects(ctx, a) : serverObjects(ctx, a);
  let count = 0;
  for (const { info, object } of targets) {
    count++;
    if ('invalidJson' in decoded) {
      ctx.fail(invalidJsonMessage(ctx, info, object, type, decoded.invalidJson, local || dryRun === 'client'));
      continue;
    }
    if (local || dryRun === 'client') {
      const r = patchObject(object, info, type, decoded.json);
      if ('error' in r) {
        // On the client the patch libraries' own messages show.
        ctx.fail(`error: ${r.error.message}`);
        continue;
      }
      print(ctx, format, info, r.object, !jsonEqual(r.object, object));
      continue;
    }
    const result = serverPatch(ctx, info, object, type, decoded.json, subresource, dryRun === 'server');
    if (isStatus(result)) {
      ctx.fail(patchErrorMessage(result, type, info));
      continue;
    }
    print(ctx, format, result.info, result.object, result.changed);
  }
  if (count === 0 && ctx.exitCode === 0) throw new ExitError('error: no objects passed to patch');
}

/**
 * A patch that is not JSON (`-p '{bad'`): on the client the patch libraries reject the document;
 * the server fails to decode the body (strategic and json: Go's decoder error; merge: its own).
 */
function invalidJsonMessage(ctx: Ctx, info: KindInfo, object: KObject, type: PatchType, goError: string, client: boolean): string {
  if (client) return `error: ${type === 'strategic' ? 'invalid JSON document' : type === 'merge' ? 'Invalid JSON Patch' : goError}`;
  const current = ctx.cluster.api.get(info, object.metadata.namespace, object.metadata.name!);
  if (isStatus(current)) return formatStatusError(current);
  if (type === 'strategic' && info.custom) return patchErrorMessage(status(415, 'UnsupportedMediaType' as Status['reason'], UNSUPPORTED_MEDIA), type, info);
  return formatStatusError(badRequest(type === 'merge' ? 'Invalid JSON Patch' : goError));
}

/** `--local -f FILE`: the objects as the files hold them. */
export function localObjects(ctx: Ctx, a: ReturnType<typeof parseArgs>): { info: KindInfo; object: KObject }[] {
  const files = flagStrings(a, 'filename');
  if (files.length === 0) throw new ExitError(NO_RESOURCES);
  return [...manifestObjects(ctx, files, flagBool(a, 'recursive'))];
}

function serverObjects(ctx: Ctx, a: ReturnType<typeof parseArgs>): { info: KindInfo; object: KObject }[] {
  if (a.positional.length === 0 && flagStrings(a, 'filename').length === 0) throw new ExitError(NO_RESOURCES);
  // A type without a name is the builder's "resource(s) were provided, but no name was specified".
  return selectObjects(ctx, a, { allowAll: false }).items;
}

type PatchResult = { object: KObject } | { error: Error };

/** The object after the patch, or the patch library's error. */
export function patchObject(object: KObject, info: KindInfo, type: PatchType, patch: Json): PatchResult {
  try {
    let out: Json;
    if (type === 'json') {
      if (patch !== null && !Array.isArray(patch)) throw new Error(`json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type jsonpatch.Patch`);
      out = applyJsonPatch(object as unknown as Json, patch ?? []);
    } else if (type === 'merge') {
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('Invalid JSON Patch');
      out = applyMergePatch(object as unknown as Json, patch);
    } else {
      if (patch !== null && (typeof patch !== 'object' || Array.isArray(patch))) {
        throw new Error(`json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type map[string]interface {}`);
      }
      out = applyStrategicPatch(object as unknown as { [k: string]: Json }, patch ?? {}, info);
    }
    if (typeof out !== 'object' || out === null || Array.isArray(out)) throw new JsonPatchError('the patched object is not a JSON object');
    return { object: out as unknown as KObject };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }
}

/** What the server does with a PATCH request; `info` is the kind printed (Scale for /scale). */
function serverPatch(
  ctx: Ctx,
  info: KindInfo,
  object: KObject,
  type: PatchType,
  patch: Json,
  subresource: string,
  dryRun: boolean,
): { info: KindInfo; object: KObject; changed: boolean } | Status {
  const api = ctx.cluster.api;
  if (type === 'strategic' && info.custom) {
    return status(415, 'UnsupportedMediaType' as Status['reason'], UNSUPPORTED_MEDIA);
  }
  const current = api.get(info, object.metadata.namespace, object.metadata.name!);
  if (isStatus(current)) return current;
  if (subresource !== '' && subresource !== 'status' && subresource !== 'scale') return notFoundResource();
  if (subresource === 'scale') return patchScale(ctx, info, current, type, patch, dryRun);
  // Kinds without a status (ConfigMap, Secret, ...) have no /status subresource.
  if (subresource === 'status' && current.status === undefined) return notFoundResource();
  const decodeError = rawPatchError(type, patch);
  if (decodeError) return decodeError;
  const r = patchObject(current, info, type, patch);
  if ('error' in r) return patchApplyError(r.error);
  const next = r.object;
  // Field validation "Warn": unknown fields are dropped with a warning (the stored object's own
  // unknown fields, if a simulated component wrote any, are not the patch's doing).
  const known = new Set(pruneUnknownFields(structuredClone(current), info));
  for (const f of pruneUnknownFields(next, info, known)) ctx.err(`Warning: unknown field "${f}"`);
  if (next.metadata?.name !== current.metadata.name) {
    return badRequest(`the name of the object (${String(next.metadata?.name ?? '')}) does not match the name on the URL (${current.metadata.name})`);
  }
  // The server compares the result with what it read: nothing changed → nothing written.
  if (jsonEqual(next, current)) return { info, object: current, changed: false };
  if (next.metadata.resourceVersion === undefined) next.metadata.resourceVersion = current.metadata.resourceVersion;
  const written = api.update(next, { dryRun, ...(subresource === 'status' ? { subresource: 'status' as const } : {}) });
  if (isStatus(written)) return written;
  return { info, object: written, changed: written.metadata.resourceVersion !== current.metadata.resourceVersion || dryRun };
}

/** The /scale subresource: the patch applies to an autoscaling/v1 Scale; only spec.replicas is written back. */
function patchScale(ctx: Ctx, info: KindInfo, current: KObject, type: PatchType, patch: Json, dryRun: boolean): { info: KindInfo; object: KObject; changed: boolean } | Status {
  if (!SCALABLE.has(`${info.group}/${info.kind}`)) return notFoundResource();
  const scaleInfo: KindInfo = { kind: 'Scale', group: 'autoscaling', version: 'v1', plural: 'scale', singular: 'scale', shortNames: [], namespaced: true };
  const toScale = (o: KObject): KObject => ({
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector: selectorString(o) },
  });
  const scale = toScale(current);
  const decodeError = rawPatchError(type, patch);
  if (decodeError) return decodeError;
  const r = patchObject(scale, scaleInfo, type, patch);
  if ('error' in r) return patchApplyError(r.error);
  const replicas = r.object.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    return badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${goJsonTypeName(replicas as Json)} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  if (replicas === scale.spec.replicas) return { info: scaleInfo, object: scale, changed: false };
  const written = ctx.cluster.api.mutate(info, current.metadata.namespace, current.metadata.name!, (o) => {
    o.spec = { ...(o.spec ?? {}), replicas };
  }, { dryRun });
  if (isStatus(written)) return written;
  return { info: scaleInfo, object: toScale(written), changed: true };
}

function selectorString(o: KObject): string {
  const sel = o.spec?.selector;
  if (!sel) return '';
  if (o.kind === 'ReplicationController') return Object.entries(sel as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',');
  return Object.entries((sel.matchLabels ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The server decodes the patch body before applying it: its 400s. */
function rawPatchError(type: PatchType, patch: Json): Status | undefined {
  if (type === 'json' && patch !== null && !Array.isArray(patch)) {
    return badRequest(`json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type jsonpatch.Patch`);
  }
  if (type === 'merge' && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) return badRequest('Invalid JSON Patch');
  if (type === 'strategic' && patch !== null && (typeof patch !== 'object' || Array.isArray(patch))) {
    return badRequest(`json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type map[string]interface {}`);
  }
  return undefined;
}

/**
 * A patch that does not apply: a JSON patch operation failing is a 422 without details (kubectl
 * shows "The request is invalid"); a strategic patch error is the server's bare error (a 500
 * without a reason).
 */
function patchApplyError(e: Error): Status {
  if (e instanceof JsonPatchError) return status(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  if (e instanceof StrategicPatchError) return status(500, '' as Status['reason'], e.message);
  return badRequest(e.message);
}

function notFoundResource(): Status {
  return status(404, 'NotFound', 'the server could not find the requested resource');
}

function patchErrorMessage(s: Status, type: PatchType, info: KindInfo): string {
  if (s.code === 415) {
    const gvk = `${info.group ? `${info.group}/` : ''}${info.version}, Kind=${info.kind}`;
    return `error: ${MEDIA_TYPE[type]} is not supported by ${gvk}: ${s.message}`;
  }
  if (s.reason === 'Invalid' && !s.details?.kind && !s.details?.name && !(s.details?.causes?.length)) return 'The request is invalid';
  return formatStatusError(s);
}

function print(ctx: Ctx, format: ParsedOutputFormat, info: KindInfo, o: KObject, changed: boolean): void {
  if (format.kind === 'table') {
    ctx.out(`${refOf(info, o)} patched${changed ? '' : ' (no change)'}`);
    return;
  }
  const printed = printObjects(format, info, [o], { nowMs: ctx.cluster.nowMs, single: true });
  if ('error' in printed) throw new ExitError(printed.error);
  ctx.out(printed.text.replace(/\n$/, ''));
}

