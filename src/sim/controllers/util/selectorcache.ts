// Label selector matchers of stored objects, parsed once per selector object. Stored objects are
// never changed in place (the store freezes them under test), so a selector object read from the
// store always means the same selector; a ReplicaSet sync used to parse and validate its
// selector (regexes, sorting, the selector string) on every sync, and a status write keeps the
// stored spec. Only for objects read from the store: a private copy is a new object every time.

import { labelSelectorFromSet, labelSelectorFromSpec, type LabelSelectorMatcher, type LabelSelectorSpec } from '../../api/selectors';

const fromSpec = new WeakMap<object, LabelSelectorMatcher>();
const fromSet = new WeakMap<object, LabelSelectorMatcher>();

/** `labelSelectorFromSpec` of a stored `spec.selector` (a LabelSelector). */
export function storedSelectorFromSpec(sel: LabelSelectorSpec | undefined | null): LabelSelectorMatcher {
  if (typeof sel !== 'object' || sel === null) return labelSelectorFromSpec(sel);
  let m = fromSpec.get(sel);
  if (m === undefined) fromSpec.set(sel, (m = labelSelectorFromSpec(sel)));
  return m;
}

/** `labelSelectorFromSet` of a stored label map (a ReplicationController's `spec.selector`). */
export function storedSelectorFromSet(set: Readonly<Record<string, string>> | undefined | null): LabelSelectorMatcher {
  if (typeof set !== 'object' || set === null) return labelSelectorFromSet(set);
  let m = fromSet.get(set);
  if (m === undefined) fromSet.set(set, (m = labelSelectorFromSet(set)));
  return m;
}
