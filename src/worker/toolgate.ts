// The worker's tools (kubectl, YAML, the editor's commands: tools.ts) as the host gets them:
// linked in, or loaded by the Web Worker after `ready`. Until a load settles, a message that needs
// them is held, and so is every message after it, so the host still handles them in order.

/** What tools.ts exports (a type only: importing it here would link the tools in). */
export type WorkerTools = typeof import('./tools');

/** The tools themselves, or a loader called after `ready` (or at the first message needing them). */
export type ToolsSource = WorkerTools | (() => Promise<WorkerTools>);

/** Messages that run kubectl or the editor's commands. */
const NEEDS_TOOLS = new Set(['kubectl', 'apply', 'diff', 'openEdit', 'saveEdit']);

export class ToolGate {
  private tools?: WorkerTools;
  private loading = false;
  /** Why the last load failed (a message needing the tools then gets an error). */
  private failure?: string;
  /** Messages that arrived while the tools loaded: the first needed them, the rest keep their order. */
  private held: unknown[] = [];

  /** `dispatch` handles a message for real (held ones when the load settles). */
  constructor(
    private readonly source: ToolsSource | undefined,
    private readonly dispatch: (msg: unknown) => void,
  ) {
    if (typeof source === 'object') this.tools = source;
  }

  /** Handles `msg` now, or holds it until the tools have loaded (or failed to). */
  handle(msg: unknown): void {
    const type = (msg as { type?: unknown } | null)?.type;
    if (this.held.length === 0 && !(this.pending && typeof type === 'string' && NEEDS_TOOLS.has(type))) return this.dispatch(msg);
    this.held.push(msg);
    this.load();
  }

  /** Whether the tools come from a loader that has not delivered them. */
  get pending(): boolean {
    return !this.tools && typeof this.source === 'function';
  }

  /** Starts loading the tools, once at a time; held messages are handled when it settles. */
  load(): void {
    const load = this.source;
    if (this.tools || this.loading || typeof load !== 'function') return;
    this.loading = true;
    let loading: Promise<WorkerTools>;
    try {
      loading = load();
    } catch (e) {
      loading = Promise.reject(e);
    }
    loading
      .then(
        (tools) => {
          this.tools = tools;
          this.failure = undefined;
        },
        (e: unknown) => {
          this.failure = e instanceof Error ? e.message : String(e);
        },
      )
      .then(() => {
        this.loading = false;
        const held = this.held;
        this.held = [];
        for (const m of held) this.dispatch(m);
      });
  }

  /** The tools; throws (the command's error reply) when they are not there. */
  need(): WorkerTools {
    if (this.tools) return this.tools;
    throw new Error(
      this.failure
        ? `kubectl and the editor's commands could not be loaded (${this.failure}); reload the page`
        : "the editor's commands are not available",
    );
  }
}
