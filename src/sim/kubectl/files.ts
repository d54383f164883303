// `-f FILE|DIR|-`: reading manifests the way kubectl's resource builder does.
import type { Ctx } from './context';
import { ExitError } from './context';

export interface ManifestSource {
  /** The name kubectl shows in messages: the path, or `STDIN`. */
  name: string;
  text: string;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/;

export function readManifestSources(ctx: Ctx, paths: readonly string[], recursive: boolean): ManifestSource[] {
  const out: ManifestSource[] = [];
  for (const p of paths) {
    if (p === '-') {
      if (ctx.io.stdin === undefined) throw new ExitError('error: no objects passed to apply');
      out.push({ name: 'STDIN', text: ctx.io.stdin });
      continue;
    }
    if (/^https?:\/\//.test(p)) {
      throw new ExitError(`error: unable to read URL "${p}", server reported 0 , status code=0 (kubeplay runs offline: paste the manifest instead)`);
    }
    const text = ctx.io.readFile?.(p);
    if (text !== undefined) {
      out.push({ name: p, text });
      continue;
    }
    const entries = ctx.io.listDir?.(p);
    if (entries) {
      for (const e of [...entries].sort()) {
        const child = `${p.replace(/\/$/, '')}/${e}`;
        const childText = ctx.io.readFile?.(child);
        if (childText !== undefined && MANIFEST_EXT.test(e)) out.push({ name: child, text: childText });
        else if (childText === undefined && recursive) out.push(...readManifestSources(ctx, [child], true));
      }
      continue;
    }
    throw new ExitError(`error: the path "${p}" does not exist`);
  }
  return out;
}
