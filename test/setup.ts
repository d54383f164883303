// Vitest setup: property tests run with a fixed fast-check seed, so `npm test` gives the same
// result on every machine. Explore other seeds with FC_SEED=<n> (or leave FC_SEED=random).
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20_251_126 });
