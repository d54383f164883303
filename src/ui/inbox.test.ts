import { describe, expect, it } from 'vitest';
import { MessageInbox, type InboxClock } from './inbox';

/** A clock where reading a message costs `cost` ms, and frames run when the test says. */
function fakeClock(cost: (m: number) => number) {
  let now = 0;
  let frames: (() => void)[] = [];
  let hidden = false;
  const clock: InboxClock = {
    now: () => now,
    nextFrame: (fn) => frames.push(fn),
    hidden: () => hidden,
  };
  const read: number[] = [];
  const inbox = new MessageInbox<number>((m) => {
    read.push(m);
    now += cost(m);
  }, clock, 8);
  const frame = () => {
    const due = frames;
    frames = [];
    for (const fn of due) fn();
  };
  return { inbox, read, frame, pendingFrames: () => frames.length, setHidden: (h: boolean) => (hidden = h) };
}

describe('MessageInbox', () => {
  it('reads cheap messages at once, in order, with a fresh budget each frame', () => {
    const f = fakeClock(() => 1);
    for (let i = 0; i < 5; i++) f.inbox.push(i);
    expect(f.read).toEqual([0, 1, 2, 3, 4]);
    expect(f.pendingFrames()).toBe(1);
    f.frame();
    for (let i = 5; i < 12; i++) f.inbox.push(i);
    expect(f.read).toHaveLength(12);
  });

  it('leaves what arrives after the budget is spent for the next frame, keeping the order', () => {
    const f = fakeClock(() => 5);
    // The first read spends 5 ms (under the budget), the second 10 in all: the third waits.
    f.inbox.push(0);
    f.inbox.push(1);
    f.inbox.push(2);
    expect(f.read).toEqual([0, 1]);
    f.inbox.push(3);
    expect(f.inbox.size).toBe(2);
    f.frame();
    expect(f.read).toEqual([0, 1, 2, 3]);
  });

  it('reads one message per frame even when one alone is over the budget', () => {
    const f = fakeClock(() => 20);
    [0, 1, 2].forEach((m) => f.inbox.push(m));
    expect(f.read).toEqual([0]);
    f.frame();
    expect(f.read).toEqual([0, 1]);
    f.frame();
    expect(f.read).toEqual([0, 1, 2]);
    expect(f.inbox.size).toBe(0);
  });

  it('reads everything at once when flushed, or while the page is hidden', () => {
    const f = fakeClock(() => 20);
    [0, 1, 2].forEach((m) => f.inbox.push(m));
    f.inbox.flush();
    expect(f.read).toEqual([0, 1, 2]);
    // The frame that was asked for finds nothing to do.
    f.frame();
    expect(f.read).toEqual([0, 1, 2]);
    f.setHidden(true);
    [3, 4, 5].forEach((m) => f.inbox.push(m));
    expect(f.read).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('without a clock reads every message at once', () => {
    const read: number[] = [];
    const inbox = new MessageInbox<number>((m) => read.push(m));
    [0, 1, 2].forEach((m) => inbox.push(m));
    expect(read).toEqual([0, 1, 2]);
  });
});
