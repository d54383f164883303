// Resource quantities for admission and accounting. Parsing is shared with validation
// (validation/quantity.ts); this file adds formatting in the API's canonical form.
export { parseQuantity } from './validation/quantity';

const BINARY: [string, number][] = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
const DECIMAL: [string, number][] = [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]];

/** Formats a value as resource.Quantity's canonical string: `500m`, `2`, `512Mi`, `1G`. */
export function formatQuantity(value: number, binary = false): string {
  if (value === 0) return '0';
  if (!Number.isInteger(value)) {
    const milli = Math.round(value * 1000);
    return Number.isInteger(milli / 1000) ? String(milli / 1000) : `${milli}m`;
  }
  for (const [suffix, unit] of binary ? BINARY : DECIMAL) {
    if (value % unit === 0) return `${value / unit}${suffix}`;
  }
  return String(value);
}

/** Whether a quantity string was written in binary SI (Ki, Mi, Gi …). */
export function isBinaryQuantity(s: unknown): boolean {
  return typeof s === 'string' && /[KMGTPE]i$/.test(s);
}
