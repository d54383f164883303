// The clock: play/pause, step one second / one event, jump to the next Event, speed 0.25×–1000×,
// and virtual time as a clock. Every button runs an action of the registry.

import { useBridge } from '../bridge';
import { useUiStore } from '../store';
import { actionByName, SPEEDS, withKey } from './registry';

function ActionButton({ name, text, testId }: { name: string; text: string; testId: string }) {
  const bridge = useBridge();
  const ready = useUiStore((s) => s.connection.status === 'ready');
  const a = actionByName(name);
  return (
    <button type="button" className="btn" data-testid={testId} disabled={!ready} title={withKey(a)} aria-label={a.label} onClick={() => void a.perform(bridge)}>
      {text}
    </button>
  );
}

/** Virtual time as `2025-01-15 09:00:00 UTC` (API timestamps are UTC too). */
function formatClock(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function ClockControls() {
  const bridge = useBridge();
  const clock = useUiStore((s) => s.clock);
  const ready = useUiStore((s) => s.connection.status === 'ready');
  const toggle = actionByName('clock.toggle');
  return (
    <div className="header__clock" aria-label="virtual clock">
      <button
        type="button"
        className="btn btn--play"
        data-testid="clock-toggle"
        disabled={!ready}
        onClick={() => void toggle.perform(bridge)}
        aria-label={clock.playing ? 'Pause' : 'Play'}
        title={`${clock.playing ? 'Pause' : 'Play'} (Space)`}
      >
        {clock.playing ? '❚❚' : '▶'}
      </button>
      <ActionButton name="clock.stepSecond" text="+1s" testId="clock-step-second" />
      <ActionButton name="clock.stepEvent" text="⇥ event" testId="clock-step-event" />
      <ActionButton name="clock.nextEvent" text="» next" testId="clock-next-event" />
      <ActionButton name="clock.slower" text="−" testId="clock-slower" />
      <select
        className="speed"
        data-testid="clock-speed"
        aria-label="speed"
        title="Speed (+ / −)"
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
      <ActionButton name="clock.faster" text="+" testId="clock-faster" />
      <time className="header__time" data-testid="clock" dateTime={new Date(clock.nowMs).toISOString()}>
        {ready ? formatClock(clock.nowMs) : 'booting…'}
      </time>
    </div>
  );
}
