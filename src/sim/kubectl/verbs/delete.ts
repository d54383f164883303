// kubectl delete: `TYPE NAME...`, `TYPE/NAME`, `-f`, `-l`, `--all`; `--cascade`, `--grace-period`,
// `--force`, `--now`, `--wait`. Like kubectl, it waits until the objects are gone (pods terminate
// gracefully; foreground deletion waits for dependents): a process fed as virtual time passes.
import type { PropagationPolicy } from '../../api/server';
import { qualifiedSingular } from '../../api/kinds';
import { isStatus } from '../../api/types';
import { parseDuration } from '../../core/time';
import { flagBool, flagInt, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, SELECTOR_FLAGS } from '../flags';
import { selectObjects } from '../select';
import { NO_RESOURCES } from './scale';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'cascade', type: 'string' },
  { name: 'grace-period', type: 'int' },
  { name: 'force', type: 'bool' },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'timeout', type: 'string' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
];

/** How long `kubectl delete` waits in virtual time when no --timeout is given (kubectl waits forever). */
const DEFAULT_DELETE_WAIT_MS = 60 * 60 * 1000;

export function deleteCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const cascade = flagString(a, 'cascade') ?? 'background';
  const policies: Record<string, PropagationPolicy> = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' };
  const propagationPolicy = policies[cascade];
  if (!propagationPolicy) throw new ExitError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  let grace = flagInt(a, 'grace-period') ?? -1;
  const force = flagBool(a, 'force');
  if (flagBool(a, 'now')) {
    if (grace !== -1) throw new ExitError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (force && grace === -1) grace = 0;
  if (force && grace === 0) {
    ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  }
  if (!force && grace === 0) {
    // kubectl: grace period 0 without --force means "as soon as possible" (1s).
    grace = 1;
  }
  const timeoutFlag = flagString(a, 'timeout');
  const explicitTimeout = !!timeoutFlag && timeoutFlag !== '0' && timeoutFlag !== '0s';
  const timeoutMs = explicitTimeout ? parseDuration(timeoutFlag) : DEFAULT_DELETE_WAIT_MS;
  if (timeoutMs === undefined) throw new ExitError(`error: invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`);
  const ignoreNotFound = flagBool(a, 'ignore-not-found');
  const hasSelector = a.flags.has('selector') || a.flags.has('field-selector');
  if (a.positional.length > 0 && !a.positional[0].includes('/') && a.positional.length === 1 && !flagBool(a, 'all') && !hasSelector && !a.flags.has('filename')) {
    throw new ExitError('error: resource(s) were provided, but no name was specified');
  }
  const sel = selectObjects(ctx, a, {
    ignoreNotFound,
    requireSelection: NO_RESOURCES,
  });
  if (sel.items.length === 0 && !sel.byName) {
    ctx.out('No resources found');
    return;
  }
  const dryRun = flagString(a, 'dry-run');
  const deleted: { ref: string; info: (typeof sel.items)[0]['info']; ns?: string; name: string; uid: string }[] = [];
  for (const { info, object } of sel.items) {
    const name = object.metadata.name!;
    const r = dryRun && dryRun !== 'none'
      ? object
      : ctx.cluster.api.delete(info, object.metadata.namespace, name, {
          propagationPolicy,
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
        });
    if (isStatus(r)) {
      if (!(ignoreNotFound && r.reason === 'NotFound')) ctx.fail(formatStatusError(r));
      continue;
    }
    const what = `${qualifiedSingular(info)} "${name}"`;
    if (flagString(a, 'output') === 'name') ctx.out(`${qualifiedSingular(info)}/${name}`);
    else ctx.out(`${what} ${force && grace === 0 ? 'force deleted' : 'deleted'}${dryRun === 'server' ? ' (server dry run)' : dryRun === 'client' ? ' (dry run)' : ''}`);
    deleted.push({ ref: `${info.plural}/${name}`, info, ns: object.metadata.namespace, name, uid: object.metadata.uid! });
  }
  if (dryRun && dryRun !== 'none') return;
  const wait = a.flags.has('wait') ? flagBool(a, 'wait') : true;
  if (!wait || deleted.length === 0) return;
  const gone = (d: (typeof deleted)[0]) => ctx.cluster.api.store.get(`${d.info.group}/${d.info.kind}`, d.ns, d.name)?.metadata.uid !== d.uid;
  // kubectl waits until the objects are gone (finalizers, graceful termination, foreground
  // deletion): a process fed by the clock; without --timeout it waits until Ctrl+C.
  ctx.waitFor({
    poll: () => deleted.every(gone),
    deadlineMs: explicitTimeout ? ctx.cluster.nowMs + timeoutMs : undefined,
    batchLimitMs: timeoutMs,
    finish: (done) => {
      if (!done) for (const d of deleted.filter((x) => !gone(x))) ctx.fail(`error: timed out waiting for the condition on ${d.ref}`);
    },
  });
}
