// The page's theme and presenter mode (data attributes on <html>, set by the views), for the
// parts drawn outside CSS: Monaco and xterm.js follow them.

export interface PageTheme {
  dark: boolean;
  presenter: boolean;
}

export function pageTheme(): PageTheme {
  const d = document.documentElement.dataset;
  return { dark: d.theme === 'dark', presenter: d.presenter === 'on' };
}

/** Calls `fn` now and whenever the theme or presenter mode changes; returns the unsubscribe. */
export function watchPageTheme(fn: (t: PageTheme) => void): () => void {
  fn(pageTheme());
  const mo = new MutationObserver(() => fn(pageTheme()));
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-presenter'] });
  return () => mo.disconnect();
}
