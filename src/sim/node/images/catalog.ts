// The image catalog: every image the simulation knows by name (docs/images.md lists them).
// Unknown images run as a generic long-running process; near-misses of these names fail to pull.
import { BASE_IMAGES } from './base';
import { BOOK_CMDS, BOOK_FILES, BOOK_IMAGES } from './book';
import { SERVER_IMAGES } from './servers';
import { SYSTEM_IMAGES } from './system';
import type { ImageEntry } from './types';

export type { ImageEntry } from './types';

export const CATALOG: readonly ImageEntry[] = [...SERVER_IMAGES, ...BASE_IMAGES, ...BOOK_IMAGES, ...SYSTEM_IMAGES];

const byName = new Map(CATALOG.map((e) => [e.name, e]));
const names = [...byName.keys()].sort();

export function catalogEntry(shortName: string): ImageEntry | undefined {
  return byName.get(shortName);
}

export function catalogNames(): readonly string[] {
  return names;
}

/** Files and CMD that differ per tag (luksa/fortune:args). */
export function tagVariant(entry: ImageEntry, tag: string): { files: Record<string, string>; cmd?: string[] } {
  const key = `${entry.name}:${tag}`;
  return { files: { ...(entry.files ?? {}), ...(BOOK_FILES[key] ?? {}) }, cmd: BOOK_CMDS[key] ?? entry.cmd };
}
