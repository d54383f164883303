// Everything `kubectl get` prints, as pure functions over plain API objects. Times are virtual:
// callers pass `nowMs`; nothing here reads a clock or a random source.

export { humanDuration, translateTimestampSince } from './duration';
export { printTable, tableCells, tableHeader, tableDefFor, cellText, kindPrefix, type TableOptions } from './table';
export {
  printObjects, parseOutputFormat, resourceName, type OutputFormat, type ParsedOutputFormat, type PrintOptions, type PrintError,
} from './output';
export { sortObjects, naturalLess, parseQuantity } from './sort';
export { executeJsonPath, findResults, parseJsonPath, printResults, relaxedJsonPath } from './jsonpath';
export { toYaml } from './yaml';
export { goJsonIndent, goJsonMarshal } from './goformat';
export { tabwrite } from './tabwriter';
export { podSummary } from './columns/pods';
export type { PrinterColumn } from './columns/config';
export type { Column, Cell, TableDef } from './columns/common';
