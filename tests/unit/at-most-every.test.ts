import { afterEach, describe, expect, it, vi } from 'vitest';
import { atMostEvery } from '../../src/view/at-most-every.ts';

describe('atMostEvery (the progress bar redraws at most five times a second)', () => {
  afterEach(() => void vi.useRealTimers());

  it('draws the first change at once, holds the ones inside the interval and draws the last of them at its end', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const drawn: number[] = [];
    let state = 0;
    const redraw = atMostEvery(200, () => drawn.push(state));
    state = 1;
    redraw.soon();
    expect(drawn).toEqual([1]);
    for (state = 2; state <= 5; state++) {
      vi.advanceTimersByTime(30);
      redraw.soon();
    }
    expect(drawn).toEqual([1]);
    state = 5;
    vi.advanceTimersByTime(200);
    expect(drawn).toEqual([1, 5]);
    // `now` draws at once and drops what was held.
    state = 6;
    redraw.soon();
    state = 7;
    redraw.now();
    vi.advanceTimersByTime(500);
    expect(drawn).toEqual([1, 5, 7]);
  });
});
