// A small window on the page's state for end-to-end tests and the curious
// (`window.kubeplay` in the browser console): the editor's markers, the terminal's text, and a
// way to kill the simulation worker (to see it restarted from its last snapshot).

export interface KubeplayDebug {
  /** Markers of the editor's models: `kubeplay` (apply errors) and `yaml` (schema validation). */
  editorMarkers?(): { owner: string; line: number; message: string; resource: string }[];
  /** The terminal's buffer as text, one line per row (trailing spaces trimmed). */
  terminalText?(): string;
  /** Runs a kubectl line (with stdin) or a `kubeplay ...` control in the worker; resolves to its output (bench/ui.ts). */
  run?(line: string, stdin?: string): Promise<{ ok: boolean; output: string }>;
  /** Sets the clock: playing and speed (bench/ui.ts). */
  setClock?(playing: boolean, speed: number): void;
  /** Kills the simulation worker as a crash would: the page restarts one from the last snapshot. */
  killWorker?(): void;
  /** Virtual time of the latest snapshot the worker sent (null before the first). */
  lastSnapshotMs?(): number | null;
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
