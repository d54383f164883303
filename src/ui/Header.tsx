// The top bar: title, the virtual clock and its controls, and the simulation's health.

import { ClockControls } from './controls/ClockControls';
import { useUiStore } from './store';
import { ViewToggles } from './views/ViewToggles';
import { ShareButton } from './share/ShareButton';

/** Virtual time as `2025-01-15 09:00:00 UTC` (API timestamps are UTC too). */
export function formatClock(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function Header() {
  return (
    <header className="header">
      <h1 className="header__title">kubeplay</h1>
      <span className="header__subtitle">Kubernetes v1.32, simulated in your browser</span>
      <ClockControls />
      <ViewToggles />
      <ShareButton />
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
