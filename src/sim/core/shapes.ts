// Hidden classes kept alive for classes whose instances all come and go.
//
// V8 holds a class's hidden class ("map") only through its live instances. When the last
// instance is collected, the map goes, and every piece of optimised code that checked for it is
// thrown away and compiled again the next time (`--trace-deopt`: "marking dependent code ...
// reason: weak objects"). A CycleState exists only during a scheduling attempt, so a garbage
// collection between attempts (a quiet cluster, a Reset) cost the whole scheduler pipeline its
// optimised code. One exemplar per such class, kept here, keeps its map.

const exemplars: object[] = [];

/** Keeps `instance` (a small exemplar built for the purpose, holding no cluster) for good. */
export function keepShape<T extends object>(instance: T): T {
  exemplars.push(instance);
  return instance;
}
