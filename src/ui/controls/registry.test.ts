import { describe, expect, it } from 'vitest';
import { ACTIONS, actionForKey, keyOf, nextSpeed, SPEEDS } from './registry';

describe('action registry', () => {
  it('has unique names and keys', () => {
    expect(new Set(ACTIONS.map((a) => a.name)).size).toBe(ACTIONS.length);
    const keys = ACTIONS.flatMap((a) => a.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('maps the documented shortcuts', () => {
    expect(actionForKey(' ')?.name).toBe('clock.toggle');
    expect(actionForKey(keyOf({ key: 'ArrowRight', shiftKey: false }))?.name).toBe('clock.stepSecond');
    expect(actionForKey(keyOf({ key: 'ArrowRight', shiftKey: true }))?.name).toBe('clock.stepEvent');
    expect(actionForKey('+')?.name).toBe('clock.faster');
    expect(actionForKey('-')?.name).toBe('clock.slower');
  });

  it('steps speeds within 0.25×–1000×', () => {
    expect(SPEEDS[0]).toBe(0.25);
    expect(SPEEDS.at(-1)).toBe(1000);
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(1000, 1)).toBe(1000);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(3, 1)).toBe(5);
    expect(nextSpeed(3, -1)).toBe(2);
  });
});
