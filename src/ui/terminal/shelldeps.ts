// What the terminal's shell (shell.ts) needs from the page: the terminal, the worker's kubectl,
// the editor's buffers, completion and history.

import type { CommandResult, EditTarget } from '../../worker/protocol';
import type { CompletionSource } from './completion';
import type { CommandHistory } from './history';

export interface ShellDeps {
  /** Writes to the terminal (ANSI; `\r\n` line ends). */
  write(text: string): void;
  /** Terminal width in columns. */
  cols(): number;
  /**
   * Starts a kubectl command line. A long-running one (`get -w`, `rollout status`, `logs -f`)
   * streams its output through `onOutput` before the reply, which then holds only the rest.
   */
  run(
    line: string,
    opts: { stdin?: string; files?: Record<string, string>; onOutput?: (stream: 'out' | 'err', text: string) => void },
  ): { id: number; result: Promise<CommandResult> };
  cancel(id: number): void;
  /** The editor's buffers by name (for `-f NAME`). */
  files(): Record<string, string>;
  completion(): CompletionSource;
  /** `kubectl edit`: open these objects in the editor. */
  openEditor(targets: EditTarget[]): void;
  /** Runs a `kubeplay ...` simulator control line (faults, nodes, traffic); resolves to its output. */
  control?(line: string): Promise<{ ok: boolean; output: string }>;
  /** Clears the screen and scrollback. */
  clear(): void;
  history: CommandHistory;
}
