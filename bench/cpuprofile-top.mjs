// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self and total time per function.
// `node bench/cpuprofile-top.mjs FILE.cpuprofile [N]`
import { readFileSync } from 'node:fs';

const [file, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 40);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/work\/main\//, '')}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const total = new Map();
let all = 0;
for (const [id, t] of dt) {
  all += t;
  const n = byId.get(id);
  self.set(label(n), (self.get(label(n)) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + t);
  }
}
const fmt = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, N).map(([l, t]) => `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / all).toFixed(1).padStart(5)}%  ${l}`).join('\n');
console.log(`total ${(all / 1000).toFixed(0)} ms\n--- self\n${fmt(self)}\n--- total (inclusive)\n${fmt(total)}`);

/** Inclusive time per node id (its own samples plus its callees'). */
function inclusiveTimes() {
  const inclusive = new Map();
  const sub = (id) => {
    let t = dt.get(id) ?? 0;
    for (const c of byId.get(id).children ?? []) t += sub(c);
    inclusive.set(id, t);
    return t;
  };
  sub(prof.nodes[0].id);
  return inclusive;
}

// `--callers NAME`: who calls functions named NAME (inclusive time through each caller).
const ci = process.argv.indexOf('--callers');
if (ci > 0) {
  const want = process.argv[ci + 1];
  const inclusive = inclusiveTimes();
  const callers = new Map();
  for (const n of prof.nodes) {
    if (n.callFrame.functionName !== want) continue;
    const p = byId.get(parent.get(n.id));
    // skip up through anonymous frames
    let q = p;
    const chain = [];
    for (let k = 0; k < 3 && q; k++, q = byId.get(parent.get(q.id))) chain.push(label(q));
    const l = chain.join(' < ');
    callers.set(l, (callers.get(l) ?? 0) + inclusive.get(n.id));
  }
  console.log(`--- callers of ${want}\n${fmt(callers)}`);
}

// `--children NAME`: where the time inside functions named NAME goes (inclusive time per callee,
// summed over every call of NAME; recursion counted once).
const chi = process.argv.indexOf('--children');
if (chi > 0) {
  const want = process.argv[chi + 1];
  const inclusive = inclusiveTimes();
  const callees = new Map();
  let selfT = 0;
  const inside = (id) => {
    for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.functionName === want) return true;
    return false;
  };
  for (const n of prof.nodes) {
    if (n.callFrame.functionName !== want || inside(n.id)) continue;
    selfT += dt.get(n.id) ?? 0;
    for (const c of n.children ?? []) callees.set(label(byId.get(c)), (callees.get(label(byId.get(c))) ?? 0) + inclusive.get(c));
  }
  callees.set('(self)', selfT);
  console.log(`--- callees of ${want}\n${fmt(callees)}`);
}
