// The label filter shared by the views: a label selector as `kubectl get -l` takes it, parsed by
// the simulation's own parser (src/sim/api/selectors.ts, pure, no dependencies), so the filter
// accepts exactly what kubectl accepts and rejects the rest with apimachinery's words.

import { isSelectorError, parseLabelSelector } from '../../sim/api/selectors';

export type LabelMatch = (labels: Readonly<Record<string, string>> | undefined) => boolean;

export interface LabelFilter {
  /** Undefined when the filter is empty: everything matches. */
  match?: LabelMatch;
  /** The parse error, as kubectl reports it (`unable to parse requirement: …`). */
  error?: string;
}

let last: { text: string; filter: LabelFilter } | undefined;

/** Parses a selector typed in the filter box (memoized: every view asks for the same text). */
export function labelFilter(text: string): LabelFilter {
  if (last?.text === text) return last.filter;
  let filter: LabelFilter;
  if (text.trim() === '') filter = {};
  else {
    const sel = parseLabelSelector(text);
    filter = isSelectorError(sel) ? { error: sel.error } : { match: (labels) => sel.matches(labels ?? {}) };
  }
  last = { text, filter };
  return filter;
}
