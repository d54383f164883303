// The share-link codec is a chunk of its own (session.ts loads it for a `#share=` link and for the
// Share button). If that chunk cannot load, the page still boots a cluster and says why.
import { describe, expect, it, vi } from 'vitest';
import type { Bridge, BootOptions } from '../bridge';
import { startPlayground, useShareStore } from './session';

vi.mock('./codec', () => {
  throw new Error('Failed to fetch dynamically imported module: /assets/codec.js');
});

describe('share session without its codec chunk', () => {
  it('boots the normal playground and says the link could not be read', async () => {
    const calls: string[] = [];
    const bridge = { setTap: () => calls.push('setTap'), boot: (o: BootOptions) => calls.push(`boot ${JSON.stringify(o)}`) } as unknown as Bridge;
    startPlayground(bridge, { hash: '#share=v1.abc', pathname: '/', search: '' }, { seed: 1, nodes: 3 });
    await expect.poll(() => calls.length).toBe(2);
    expect(calls[1]).toMatch(/^boot \{"seed":1,"nodes":3,"startMs":\d+000\}$/);
    expect(useShareStore.getState().banner?.kind).toBe('error');
    expect(useShareStore.getState().banner?.text).toMatch(/^the shared link could not be read: .+\. Started a new playground instead\.$/);
  });

});
