// kubectl explain RESOURCE[.FIELD...] [--recursive] [--api-version=G/V]: the documentation of a
// kind or field from the API's published schemas, printed as kubectl 1.32 prints it (plaintext
// template). Built-in kinds come from the generated schema data; custom kinds from their CRDs.

import type { KindInfo } from '../../api/kinds';
import type { ApiSchema } from '../explain/format';
import { crdComponent, explainDocument, ExplainError, renderExplain } from '../explain';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError } from '../context';
import { GLOBAL_FLAGS } from '../flags';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'api-version', type: 'string' },
  { name: 'recursive', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
];

export function explainCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  if (a.positional.length === 0) {
    throw new ExitError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  if (a.positional.length > 1) throw new ExitError('error: We accept only this format: explain RESOURCE');
  const format = flagString(a, 'output') ?? 'plaintext';
  if (format !== 'plaintext' && format !== 'plaintext-openapiv2') throw new ExitError(`error: unrecognized format: ${format}`);
  const apiVersionFlag = flagString(a, 'api-version');
  const input = a.positional[0];

  const target = apiVersionFlag ? splitRequest(ctx, input) : splitRequestWithMatchingPrefix(ctx, input);
  let { group, version } = { group: target.info.group, version: target.info.version };
  if (apiVersionFlag) {
    const slash = apiVersionFlag.indexOf('/');
    if (apiVersionFlag.split('/').length > 2) throw new ExitError(`error: unexpected GroupVersion string: ${apiVersionFlag}`);
    [group, version] = slash < 0 ? ['', apiVersionFlag] : [apiVersionFlag.slice(0, slash), apiVersionFlag.slice(slash + 1)];
  }
  const gvr = `${group}/${version}, Resource=${target.info.plural}`;
  const served = ctx.cluster.kinds.all().filter((k) => k.group === group && (k.version === version || k.otherVersions?.includes(version)));
  if (served.length === 0) throw new ExitError(`error: couldn't find resource for "${gvr}"`);
  const kind = served.find((k) => k.plural === target.info.plural);
  if (!kind) throw new ExitError(`error: GVR (${gvr}) not found in OpenAPI schema`);

  const extra: Record<string, ApiSchema> = {};
  if (kind.custom) {
    const crd = ctx.cluster.api.store.get('apiextensions.k8s.io/CustomResourceDefinition', undefined, `${kind.plural}.${kind.group}`);
    const c = crd && crdComponent(crd, kind, version);
    if (c) extra[c[0]] = c[1];
  }
  const gvk = { group, kind: kind.kind, version };
  try {
    ctx.out(renderExplain(explainDocument(extra), gvk, target.fields, flagBool(a, 'recursive')));
  } catch (e) {
    if (!(e instanceof ExplainError)) throw e;
    // The template has printed the header when a field is missing.
    if (e.message.startsWith('error: field ')) ctx.out(`${header(gvk)}\n`);
    throw new ExitError(e.message);
  }
}

function header(g: { group: string; kind: string; version: string }): string {
  return `${g.group ? `GROUP:      ${g.group}\n` : ''}KIND:       ${g.kind}\nVERSION:    ${g.version}\n`;
}

interface Target {
  info: KindInfo;
  fields: string[];
}

function resourcesFor(ctx: Ctx, typed: string): KindInfo[] {
  const info = ctx.cluster.kinds.resolveResource(typed);
  // kubectl's mapper error for explain is printed without the `error: ` prefix.
  if (!info) throw new ExitError(`the server doesn't have a resource type "${typed}"`);
  return [info];
}

/** explain.SplitAndParseResourceRequestWithMatchingPrefix: `deployments.apps.spec` or `deploy.spec`. */
function splitRequestWithMatchingPrefix(ctx: Ctx, input: string): Target {
  const inResource = input.replace(/\.$/, '');
  const dotParts = inResource.split('.');
  const infos = resourcesFor(ctx, dotParts[0]);
  for (const info of infos) {
    const groupResource = info.group ? `${info.plural}.${info.group}` : info.plural;
    if (inResource.startsWith(groupResource)) {
      const suffix = inResource.slice(groupResource.length);
      return { info, fields: suffix.length > 0 ? splitFields(suffix.replace(/^\./, '')) : [] };
    }
  }
  return { info: infos[0], fields: dotParts.slice(1) };
}

/** explain.SplitAndParseResourceRequest (with --api-version): the first dot separates the fields. */
function splitRequest(ctx: Ctx, input: string): Target {
  const dot = input.indexOf('.');
  const [info] = resourcesFor(ctx, dot < 0 ? input : input.slice(0, dot));
  return { info, fields: dot < 0 ? [] : splitFields(input.slice(dot + 1)) };
}

function splitFields(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

