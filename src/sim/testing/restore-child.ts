// A restored cluster in a process of its own, as a restarted worker is (empty module caches):
// `tsx restore-child.ts SNAPSHOT.json RUN_MS ACTIONS.json OUT.json` restores the snapshot, gives
// it the inputs and writes what it did (RunRecord) for restore.determinism.test.ts to compare.
import { readFileSync, writeFileSync } from 'node:fs';
import { Cluster, type ClusterSnapshot } from '../cluster';
import { runAndRecord } from './restorecheck';

const [snapshotPath, runMs, actionsPath, outPath] = process.argv.slice(2);
const restored = Cluster.restore(JSON.parse(readFileSync(snapshotPath!, 'utf8')) as ClusterSnapshot, { adopt: true });
const actions = JSON.parse(readFileSync(actionsPath!, 'utf8')) as string[];
writeFileSync(outPath!, JSON.stringify(runAndRecord(restored, Number(runMs), actions)));
