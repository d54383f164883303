import { describe, expect, it } from 'vitest';
import { CHIP_BUDGET, EXPAND_ZOOM, chooseExpanded, shouldGroup, type BoxExtent } from './expansion';

// A 10×10 grid of 320×400 boxes, 10 pods each (1,000 pods on 100 nodes).
const grid: BoxExtent[] = Array.from({ length: 100 }, (_, i) => ({ id: `n${i}`, x: (i % 10) * 360, y: Math.floor(i / 10) * 440, w: 320, h: 400, pods: 10 }));
const size = { width: 1200, height: 800 };

describe('zoom-to-expand', () => {
  it('groups when a box or the whole graph holds too many pods', () => {
    expect(shouldGroup(10, 120, 40)).toBe(false);
    expect(shouldGroup(41, 41, 40)).toBe(true);
    expect(shouldGroup(10, CHIP_BUDGET + 1, 40)).toBe(true);
  });

  it('expands nothing when zoomed out to the whole cluster', () => {
    expect(chooseExpanded(grid, { x: 0, y: 0, zoom: 0.2, ...size }, new Set()).size).toBe(0);
  });

  it('expands only the boxes inside the viewport once zoomed in', () => {
    // At zoom 1 the viewport shows flow x 720..1920, y 440..1240: columns 2–5 of rows 1–2.
    const got = chooseExpanded(grid, { x: -720, y: -440, zoom: 1, ...size }, new Set());
    expect([...got].sort()).toEqual(['n12', 'n13', 'n14', 'n15', 'n22', 'n23', 'n24', 'n25']);
    expect(chooseExpanded(grid, { x: -720, y: -440, zoom: EXPAND_ZOOM - 0.01, ...size }, new Set()).size).toBe(0);
  });

  it('never draws more chips than the budget, nearest the centre first', () => {
    const wide = chooseExpanded(grid, { x: 0, y: 0, zoom: 1, width: 4000, height: 5000 }, new Set(), 50);
    expect(wide.size).toBe(5);
    const big = grid.map((b) => ({ ...b, pods: 200 }));
    const got = chooseExpanded(big, { x: -720, y: -440, zoom: 1, ...size }, new Set());
    expect(got.size).toBe(1);
    expect([...got][0]).toMatch(/^n(13|14|23|24)$/);
  });

  it('keeps a badge-clicked box expanded whatever the zoom, even past the budget alone', () => {
    const big = grid.map((b) => ({ ...b, pods: 500 }));
    expect([...chooseExpanded(big, { x: 0, y: 0, zoom: 0.1, ...size }, new Set(['n42', 'n43']))]).toEqual(['n42']);
    expect([...chooseExpanded(grid, null, new Set(['n7']))]).toEqual(['n7']);
  });
});
