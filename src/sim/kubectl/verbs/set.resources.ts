// kubectl set resources (kubectl/pkg/cmd/set/set_resources.go, 1.32): `--limits` and
// `--requests` as `name=quantity,...` on the selected containers (`-c`, default all) of pods and
// pod templates. Quantities are stored in canonical form (`0.5` → `500m`); `cpu=0` sets zero
// (it does not remove the entry), as upstream.

import { canonicalQuantity, QUANTITY_FORMAT_ERROR } from '../../api/validation/quantity';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS, SELECTOR_FLAGS } from '../flags';
import { dryRunStrategy } from './scale';
import { objectOutputFormat, podTemplateTargets, printSetResult, selectContainers } from './set.util';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'containers', short: 'c', type: 'string' },
  { name: 'limits', type: 'string' },
  { name: 'requests', type: 'string' },
  { name: 'local', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
  { name: 'field-manager', type: 'string' },
  { name: 'record', type: 'bool' },
];

/** populateResourceListV1: `cpu=200m,memory=512Mi`. */
function resourceList(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const statement of spec.split(',')) {
    if (statement === '') continue;
    const pieces = statement.split('=');
    if (pieces.length !== 2) throw new ExitError(`error: Invalid argument syntax ${statement}, expected <resource>=<value>`);
    const q = canonicalQuantity(pieces[1]);
    if (q === undefined) throw new ExitError(`error: ${QUANTITY_FORMAT_ERROR}`);
    out[pieces[0]] = q;
  }
  return out;
}

export function setResourcesCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const dryRun = dryRunStrategy(a);
  const local = flagBool(a, 'local');
  const format = objectOutputFormat(flagString(a, 'output'));
  if (format.kind === 'error') throw new ExitError(format.error);
  // Complete resolves the objects first (its errors come before the flag checks).
  const targets = podTemplateTargets(ctx, a, local);
  if (local && dryRun === 'server') throw new ExitError('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (flagBool(a, 'all') && flagString(a, 'selector')) throw new ExitError('error: cannot set --all and --selector at the same time');
  const limitsFlag = flagString(a, 'limits') ?? '';
  const requestsFlag = flagString(a, 'requests') ?? '';
  if (!limitsFlag && !requestsFlag) throw new ExitError('error: you must specify an update to requests or limits (in the form of --requests/--limits)');
  const limits = resourceList(limitsFlag);
  const requests = resourceList(requestsFlag);
  const selector = flagString(a, 'containers') ?? '*';

  const errors: string[] = [];
  for (const t of targets) {
    if ('error' in t) {
      errors.push(t.error);
      continue;
    }
    const containers = [...selectContainers(t.spec.containers, selector), ...selectContainers(t.spec.initContainers, selector)];
    if (containers.length === 0) {
      errors.push(`error: unable to find container named ${selector}`);
      continue;
    }
    for (const c of containers) {
      const res = ((c.resources ??= {}) as { limits?: Record<string, string>; requests?: Record<string, string> });
      if (limitsFlag) res.limits = { ...(res.limits ?? {}), ...limits };
      if (requestsFlag) res.requests = { ...(res.requests ?? {}), ...requests };
    }
    const err = printSetResult(ctx, {
      info: t.info, original: t.original, next: t.object, local, dryRun, format,
      operation: 'resource requirements updated', failure: 'failed to patch resources update to pod template ',
    });
    if (err) errors.push(err);
  }
  if (errors.length === 1) ctx.fail(errors[0].startsWith('error: ') ? errors[0] : `error: ${errors[0]}`);
  else if (errors.length > 1) ctx.fail(`error: [${errors.join(', ')}]`);
}
