// Fuzzing the apply path and the kubectl parser (CI-sized): random text, random JSON and mutated
// real manifests through `Cluster.apply`, `kubectl apply` and the API server. The properties live
// in src/sim/testing/fuzzProps.ts, shared with `npm run fuzz` (100,000 cases).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SEED_MANIFESTS, applyFuzzProperties } from '../testing/fuzzProps';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/corpus');
const seeds = SEED_MANIFESTS.map((p) => readFileSync(resolve(corpus, p), 'utf8'));

describe('apply and kubectl fuzzing', () => {
  for (const p of applyFuzzProperties(seeds)) {
    it(p.name, () => {
      fc.assert(p.property, { numRuns: p.testRuns });
    });
  }
});
