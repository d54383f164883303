// kubectl label / annotate: `key=value` sets, `key-` removes, `--overwrite` replaces, `--list`.
import { isStatus } from '../../api/types';
import { flagBool, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, SELECTOR_FLAGS } from '../flags';
import { selectObjects } from '../select';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'overwrite', type: 'bool' },
  { name: 'list', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'resource-version', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
];

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function labelCmd(ctx: Ctx, words: string[], field: 'labels' | 'annotations'): void {
  const past = field === 'labels' ? 'labeled' : 'annotated';
  const a = parseArgs(words, FLAGS);
  // Split positional words into resource arguments and key=value / key- changes.
  const changes = a.positional.filter((w) => w.includes('=') || (w.endsWith('-') && !w.includes('/')));
  a.positional = a.positional.filter((w) => !changes.includes(w));
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const c of changes) {
    if (c.endsWith('-') && !c.includes('=')) {
      remove.push(c.slice(0, -1));
      continue;
    }
    const eq = c.indexOf('=');
    const key = c.slice(0, eq);
    const value = c.slice(eq + 1);
    if (field === 'labels' && (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value) || value.length > 63)) {
      throw new ExitError(`error: invalid label spec: ${c}`);
    }
    set.set(key, value);
  }
  if (changes.length === 0 && !flagBool(a, 'list')) {
    throw new ExitError(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
  }
  const sel = selectObjects(ctx, a, { requireSelection: `error: one or more resources must be specified as <resource> <name> or <resource>/<name>`, allowAll: false });
  for (const { info, object } of sel.items) {
    const current = object.metadata[field] ?? {};
    if (flagBool(a, 'list')) {
      for (const [k, v] of Object.entries(current)) ctx.out(`${k}=${v}`);
      continue;
    }
    if (!flagBool(a, 'overwrite')) {
      const clash = [...set.keys()].find((k) => current[k] !== undefined && current[k] !== set.get(k));
      if (clash) {
        ctx.fail(`error: '${clash}' already has a value (${current[clash]}), and --overwrite is false`);
        continue;
      }
    }
    const next: Record<string, string> = { ...current };
    for (const k of remove) {
      if (next[k] === undefined) ctx.out(`${field === 'labels' ? 'label' : 'annotation'} "${k}" not found.`);
      delete next[k];
    }
    for (const [k, v] of set) next[k] = v;
    const unchanged = JSON.stringify(Object.entries(next).sort()) === JSON.stringify(Object.entries(current).sort());
    if (unchanged) {
      ctx.out(`${refOf(info, object)} not ${past}`);
      continue;
    }
    const r = ctx.cluster.api.mutate(info, object.metadata.namespace, object.metadata.name!, (o) => {
      if (Object.keys(next).length === 0) delete o.metadata[field];
      else o.metadata[field] = next;
    });
    if (isStatus(r)) {
      ctx.fail(formatStatusError(r));
      continue;
    }
    // kubectl's updateDataChangeMsg: without --overwrite, an object whose serialised form got
    // shorter (a label was removed) is "unlabeled".
    const shorter = JSON.stringify(next).length < JSON.stringify(current).length;
    const verb = field === 'labels' && !flagBool(a, 'overwrite') && shorter ? 'unlabeled' : past;
    ctx.out(`${refOf(info, object)} ${verb}`);
  }
}
