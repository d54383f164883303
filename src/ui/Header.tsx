// The top bar: title, the virtual clock and its controls, and the simulation's health.

import { useBridge } from './bridge';
import { useUiStore } from './store';

const SPEEDS = [1, 10, 100, 1000];

/** Virtual time as `2025-01-15 09:00:00 UTC` (API timestamps are UTC too). */
export function formatClock(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function Header() {
  const bridge = useBridge();
  const clock = useUiStore((s) => s.clock);
  const connection = useUiStore((s) => s.connection);
  const ready = connection.status === 'ready';
  return (
    <header className="header">
      <h1 className="header__title">kubeplay</h1>
      <span className="header__subtitle">Kubernetes v1.32, simulated in your browser</span>
      <div className="header__clock" aria-label="virtual clock">
        <button
          type="button"
          className="btn"
          data-testid="clock-toggle"
          disabled={!ready}
          onClick={() => bridge.setClock(!clock.playing, clock.speed)}
          aria-label={clock.playing ? 'Pause' : 'Play'}
          title={clock.playing ? 'Pause virtual time' : 'Resume virtual time'}
        >
          {clock.playing ? '❚❚' : '▶'}
        </button>
        <select
          className="speed"
          data-testid="clock-speed"
          aria-label="speed"
          value={clock.speed}
          disabled={!ready}
          onChange={(e) => bridge.setClock(clock.playing, Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <time className="header__time" data-testid="clock" dateTime={new Date(clock.nowMs).toISOString()}>
          {ready ? formatClock(clock.nowMs) : 'booting…'}
        </time>
      </div>
    </header>
  );
}

/** A banner when the simulation died or reported an error. */
export function ConnectionBanner() {
  const connection = useUiStore((s) => s.connection);
  if (!connection.error && connection.status !== 'dead') return null;
  const dead = connection.status === 'dead';
  return (
    <div className={dead ? 'banner banner--dead' : 'banner'} role="alert" data-testid="sim-error">
      {dead ? 'The simulation has stopped. Reload the page to start a new cluster. ' : 'Simulation error: '}
      {connection.error}
    </div>
  );
}
