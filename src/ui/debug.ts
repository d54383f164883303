// A small read-only window on the page's state for end-to-end tests and the curious
// (`window.kubeplay` in the browser console): the editor's markers and the terminal's text.

export interface KubeplayDebug {
  /** Markers of the editor's models: `kubeplay` (apply errors) and `yaml` (schema validation). */
  editorMarkers?(): { owner: string; line: number; message: string; resource: string }[];
  /** The terminal's buffer as text, one line per row (trailing spaces trimmed). */
  terminalText?(): string;
}

declare global {
  interface Window {
    kubeplay?: KubeplayDebug;
  }
}

export function exposeDebug<K extends keyof KubeplayDebug>(key: K, fn: KubeplayDebug[K]): void {
  if (typeof window === 'undefined') return;
  window.kubeplay = { ...window.kubeplay, [key]: fn };
}
