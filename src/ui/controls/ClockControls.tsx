// The clock: play/pause, step one second / one event, jump to the next Event, speed 0.25×–1000×,
// and virtual time as a clock. Every button runs an action of the registry.

import { useLayoutEffect, useRef } from 'react';
import { useBridge } from '../bridge';
import { useUiStore, type UiState } from '../store';
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

const playingOf = (s: UiState) => s.clock.playing;
const speedOf = (s: UiState) => s.clock.speed;

export function ClockControls() {
  const bridge = useBridge();
  // Not the whole clock: its virtual time moves with every batch (60 a second), and a render of
  // the controls per batch was a synchronous React commit per worker message. ClockTime draws it.
  const clock = { playing: useUiStore(playingOf), speed: useUiStore(speedOf) };
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
      <ClockTime ready={ready} />
    </div>
  );
}

/**
 * Virtual time, written to the element outside React: `datetime` (to the millisecond) follows
 * every batch, the text every virtual second, without a render of the header per batch.
 */
function ClockTime({ ready }: { ready: boolean }) {
  const ref = useRef<HTMLTimeElement>(null);
  // The element's text and attribute are only ever written here (React renders it empty), so
  // React never reconciles a text node this replaced. Before the first paint: no empty clock.
  useLayoutEffect(() => {
    const draw = (ms: number) => {
      const el = ref.current;
      if (!el) return;
      const iso = new Date(ms).toISOString();
      if (el.dateTime !== iso) el.dateTime = iso;
      const text = ready ? formatClock(ms) : 'booting…';
      if (el.textContent !== text) el.textContent = text;
    };
    draw(useUiStore.getState().clock.nowMs);
    return useUiStore.subscribe((s, prev) => {
      if (s.clock.nowMs !== prev.clock.nowMs) draw(s.clock.nowMs);
    });
  }, [ready]);
  return <time className="header__time" data-testid="clock" ref={ref} />;
}
