// Finding a share link in the page's URL, without the codec: the page reads the hash at start-up
// on every load, and loads the codec (with its DEFLATE library) only when there is a link to decode.

export const SHARE_HASH_KEY = 'share';

/** The share value in a location hash (`#share=v1.…`), or undefined when there is none. */
export function shareParamFromHash(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq) === SHARE_HASH_KEY) return part.slice(eq + 1);
  }
  return undefined;
}
