// Selecting the objects a command acts on: names, `TYPE/NAME`, `-l`, `--field-selector`, `--all`
// and `-f` files. Missing names are reported as the server's NotFound errors.
import { parseManifests } from '../api/apply/manifests';
import { notFound } from '../api/errors';
import type { KindInfo } from '../api/kinds';
import { parseFieldSelector, parseLabelSelector } from '../api/selectors';
import { isStatus, type KObject } from '../api/types';
import { flagBool, flagString, flagStrings, type ParsedArgs } from './args';
import { Ctx, ExitError, formatStatusError } from './context';
import { readManifestSources } from './files';
import { listObjects, nsFor, parseResourceArgs } from './resources';

export interface Selected {
  info: KindInfo;
  object: KObject;
}

export interface Selection {
  items: Selected[];
  /** Kinds the request named (for "No resources found" and empty tables). */
  kinds: KindInfo[];
  /** Whether names were given (a names request never prints "No resources found"). */
  byName: boolean;
}

export type ObjectFilter = (o: KObject) => boolean;

/**
 * Builds the label and field selector filter from `-l` and `--field-selector`. A selector the
 * server cannot parse is its 400 for the list request of `info`.
 */
export function selectorFilter(ctx: Ctx, a: ParsedArgs, info?: KindInfo): ObjectFilter | undefined {
  const l = flagString(a, 'selector');
  const f = flagString(a, 'field-selector');
  const filters: ObjectFilter[] = [];
  const badRequest = (why: string) => {
    if (!info) return new ExitError(`error: ${why}`);
    const gvr = `${info.group}/${info.version}, Resource=${info.plural}`;
    return new ExitError(`Error from server (BadRequest): Unable to find "${gvr}" that match label selector "${l ?? ''}", field selector "${f ?? ''}": ${why}`);
  };
  if (l !== undefined) {
    const sel = parseLabelSelector(l);
    if ('error' in sel) throw badRequest(String(sel.error));
    filters.push((o) => sel.matches(o.metadata.labels ?? {}));
  }
  if (f !== undefined) {
    const sel = parseFieldSelector(f);
    if ('error' in sel) throw badRequest(String(sel.error));
    const bad = info ? sel.validateFor(info) : undefined;
    if (bad) throw badRequest(bad);
    filters.push((o) => sel.matchesFields(o));
  }
  void ctx;
  return filters.length === 0 ? undefined : (o) => filters.every((fn) => fn(o));
}

/**
 * The objects `-f` files hold, with their kinds, as the files have them. Parse errors and kinds
 * the server does not know are reported as kubectl reports them and skipped. Lazy, so the
 * reports interleave with whatever the caller prints per object, file by file.
 */
export function* manifestObjects(ctx: Ctx, files: string[], recursive: boolean): Generator<Selected> {
  for (const src of readManifestSources(ctx, files, recursive)) {
    const parsed = parseManifests(src.text, src.name);
    for (const e of parsed.errors) ctx.fail(e.message);
    for (const d of parsed.docs) {
      const info = ctx.cluster.api.resolve(d.object.apiVersion, d.object.kind);
      if (isStatus(info)) {
        ctx.fail(`error: resource mapping not found for name: "${d.object.metadata?.name ?? ''}" namespace: "${d.object.metadata?.namespace ?? ''}" from "${src.name}": ${info.message}\nensure CRDs are installed first`);
        continue;
      }
      yield { info, object: d.object };
    }
  }
}

export function selectObjects(ctx: Ctx, a: ParsedArgs, opts: { requireSelection?: string; allowAll?: boolean; ignoreNotFound?: boolean } = {}): Selection {
  const files = flagStrings(a, 'filename');
  const allNs = flagBool(a, 'all-namespaces');
  const items: Selected[] = [];
  if (files.length > 0) {
    const kinds: KindInfo[] = [];
    for (const { info, object } of manifestObjects(ctx, files, flagBool(a, 'recursive'))) {
      if (!kinds.includes(info)) kinds.push(info);
      const ns = info.namespaced ? object.metadata?.namespace || ctx.namespace : undefined;
      const o = ctx.cluster.api.get(info, ns, object.metadata?.name ?? '');
      if (isStatus(o)) ctx.fail(formatStatusError(o));
      else items.push({ info, object: o });
    }
    return { items, kinds, byName: true };
  }
  const reqs = parseResourceArgs(ctx, a.positional);
  const filter = selectorFilter(ctx, a, reqs[0]?.info);
  if (reqs.length === 0) {
    throw new ExitError(opts.requireSelection ?? `error: you must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.`);
  }
  const byName = reqs.some((r) => r.names.length > 0);
  const all = flagBool(a, 'all');
  if (byName && (filter || all) && flagString(a, 'selector') !== undefined) {
    throw new ExitError(`error: name cannot be provided when a selector is specified`);
  }
  if (!byName && opts.allowAll === false && !filter && !all) {
    throw new ExitError(opts.requireSelection ?? 'error: resource(s) were provided, but no name was specified');
  }
  for (const r of reqs) {
    if (r.names.length === 0) {
      for (const o of listObjects(ctx, r.info, allNs, selectorFilter(ctx, a, r.info))) items.push({ info: r.info, object: o });
      continue;
    }
    for (const name of r.names) {
      const o = ctx.cluster.api.get(r.info, nsFor(ctx, r.info), name);
      if (isStatus(o)) {
        if (!opts.ignoreNotFound) ctx.fail(formatStatusError(notFound(r.info, name)));
      }
      else if (!filter || filter(o)) items.push({ info: r.info, object: o });
    }
  }
  return { items, kinds: reqs.map((r) => r.info), byName };
}
