// kubectl set (kubectl/pkg/cmd/set): `set image TYPE/NAME CONTAINER=IMAGE ...` (`*` for every
// container) on pods and every kind with a pod template; `set env` (set.env.ts) and `set
// resources` (set.resources.ts). selector, serviceaccount and subject are not built yet.
import type { KObject } from '../../api/types';
import { isStatus } from '../../api/types';
import { flagBool, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS, SELECTOR_FLAGS } from '../flags';
import { selectObjects } from '../select';
import { dryRunStrategy, dryRunSuffix, NO_RESOURCES } from './scale';
import { setEnvCmd } from './set.env';
import { setResourcesCmd } from './set.resources';
import { goTypeOf, objectRef, podSpecOf } from './set.util';

export { podSpecOf };

const SET_HELP = `Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).`;

const SUBCOMMANDS = ['env', 'image', 'resources', 'selector', 'serviceaccount', 'subject'];

const IMAGE_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'local', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
  { name: 'field-manager', type: 'string' },
  { name: 'record', type: 'bool' },
];

export function setCmd(ctx: Ctx, words: string[]): void {
  const sub = words.find((w) => !w.startsWith('-'));
  if (sub === undefined) {
    ctx.out(SET_HELP);
    ctx.exitCode = 1;
    return;
  }
  const rest = words.filter((w) => w !== sub);
  if (!SUBCOMMANDS.includes(sub)) throw new ExitError(`error: unknown command "${sub}"\nSee 'kubectl set -h' for help and examples`);
  if (sub === 'env') return setEnvCmd(ctx, rest);
  if (sub === 'resources') return setResourcesCmd(ctx, rest);
  if (sub !== 'image') throw new ExitError(`error: "kubectl set ${sub}" is not available in kubeplay yet`);
  setImageCmd(ctx, rest);
}

function setImageCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, IMAGE_FLAGS);
  const dryRun = dryRunStrategy(a);
  const pairs = a.positional.filter((w) => w.includes('='));
  a.positional = a.positional.filter((w) => !w.includes('='));
  const images = new Map<string, string>();
  for (const p of pairs) {
    const i = p.indexOf('=');
    images.set(p.slice(0, i), p.slice(i + 1));
  }
  if (a.positional.length === 0 && !a.flags.has('filename') && !a.flags.has('kustomize')) throw new ExitError(NO_RESOURCES);
  const errs: string[] = [];
  if (flagBool(a, 'all') && a.flags.has('selector')) errs.push('cannot set --all and --selector at the same time');
  if (images.size < 1) errs.push('at least one image update is required');
  else if (images.size > 1 && images.has('*')) errs.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
  if (errs.length === 1) throw new ExitError(`error: ${errs[0]}`);
  if (errs.length > 1) throw new ExitError(`error: [${errs.join(', ')}]`);

  const sel = selectObjects(ctx, a, { allowAll: false });
  const problems: string[] = [];
  for (const { info, object } of sel.items) {
    const next = structuredClone(object) as KObject;
    const spec = podSpecOf(next);
    if (!spec) {
      problems.push(`error: ${objectRef(info, object)} the object is not a pod or does not have a pod template: ${goTypeOf(info)}`);
      continue;
    }
    for (const [name, image] of images) {
      const found = ['initContainers', 'containers', 'ephemeralContainers']
        .map((field) => setImage(spec[field] as { name: string; image?: string }[] | undefined, name, image))
        .some(Boolean);
      if (!found) problems.push(`error: unable to find container named "${name}"`);
    }
    if (JSON.stringify(next) === JSON.stringify(object)) continue; // no changes: nothing printed
    if (dryRun !== 'client') {
      const r = ctx.cluster.api.update(next, { dryRun: dryRun === 'server' });
      if (isStatus(r)) {
        problems.push(`failed to patch image update to pod template: ${formatStatusError(r).replace(/^Error from server \([A-Za-z]+\): /, '')}`);
        continue;
      }
    }
    ctx.out(`${refOf(info, object)} image updated${dryRunSuffix(dryRun)}`);
  }
  if (problems.length === 1) ctx.fail(problems[0].startsWith('error: ') ? problems[0] : `error: ${problems[0]}`);
  else if (problems.length > 1) ctx.fail(`error: [${problems.join(', ')}]`);
}

function setImage(containers: { name: string; image?: string }[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (name === '*' || c.name === name) {
      c.image = image;
      found = true;
    }
  }
  return found;
}
