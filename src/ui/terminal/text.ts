// The terminal's fixed texts and its completion listing layout.

export const HELP_TEXT = [
  'This terminal runs kubectl against the simulated cluster, like a shell would:',
  '  kubectl get pods -A            kubectl explain deployment.spec --recursive',
  '  kubectl apply -f NAME          (NAME is an editor tab, e.g. web.yaml)',
  '  kubectl apply -f - <<EOF       (then the manifest, then EOF)',
  'Keys: Tab completes, Up/Down recall history, Ctrl+C interrupts, Ctrl+L or `clear` clears.',
  'Simulator controls: kubeplay node crash|stop-kubelet|partition|restore NODE, kubeplay zone fail ZONE,',
  '  kubeplay pod kill|fail-readiness|fail-liveness|heal POD, kubeplay traffic start NAME --to URL --rps N.',
  'Built-ins: clear, history, help.',
].join('\n');

/** Candidates laid out in columns, as a shell lists completions. */
export function columns(items: readonly string[], width: number): string {
  const w = Math.max(...items.map((s) => s.length)) + 2;
  const perRow = Math.max(1, Math.floor(width / w));
  const rows: string[] = [];
  for (let i = 0; i < items.length; i += perRow) {
    rows.push(items.slice(i, i + perRow).map((s, j, a) => (j === a.length - 1 ? s : s.padEnd(w))).join(''));
  }
  return rows.join('\r\n');
}
