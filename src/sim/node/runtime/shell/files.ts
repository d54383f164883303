// The files as one script sees them: its own writes (an overlay) over the container's view. The
// script's writes are also kept, stamped with its clock, as file operations the runtime replays
// onto the container's filesystem at the right virtual times.
import type { FsOp, FsView } from './types';

/** Marks a directory in the overlay (and in FsOp.content). */
export const DIR = '\0dir';
const MAX_FS_OPS = 4000;

export class ScriptFiles {
  private readonly overlay = new Map<string, string | null>();
  readonly ops: FsOp[] = [];

  constructor(private readonly fs: FsView) {}

  /** Paths are absolute and normalised; `atMs` is absolute virtual time. */
  read(p: string, atMs: number): string | undefined {
    if (this.overlay.has(p)) return this.overlay.get(p) ?? undefined;
    return this.fs.read(p, atMs);
  }

  isDir(p: string, atMs: number): boolean {
    if (this.overlay.get(p) === DIR) return true;
    if (this.overlay.has(p)) return false;
    if ([...this.overlay.keys()].some((k) => k.startsWith(`${p === '/' ? '' : p}/`) && this.overlay.get(k) !== null)) return true;
    return this.fs.isDir(p, atMs);
  }

  list(p: string, atMs: number): string[] | undefined {
    const base = this.fs.list(p, atMs);
    if (!base && !this.isDir(p, atMs)) return undefined;
    const names = new Set(base ?? []);
    const prefix = p === '/' ? '/' : `${p}/`;
    for (const [k, v] of this.overlay) {
      if (!k.startsWith(prefix)) continue;
      const name = k.slice(prefix.length).split('/')[0];
      if (v === null && !k.slice(prefix.length).includes('/')) names.delete(name);
      else if (v !== null) names.add(name);
    }
    return [...names].sort();
  }

  /** content null: deleted; DIR: a directory. `clock` is the script's relative clock. */
  write(p: string, content: string | null, clock: number): void {
    this.overlay.set(p, content);
    this.ops.push({ at: clock, path: p, content });
    // Only the latest operations matter to a long-running script's container.
    if (this.ops.length > MAX_FS_OPS) this.ops.splice(0, MAX_FS_OPS / 2);
  }
}
