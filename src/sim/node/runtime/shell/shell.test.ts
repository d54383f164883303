import { describe, expect, it } from 'vitest';
import { runShell, type ShellHost } from './interp';

function host(over: Partial<ShellHost> = {}): ShellHost {
  const files: Record<string, string> = { '/etc/hostname': 'web\n' };
  return {
    os: 'busybox',
    startMs: Date.UTC(2025, 0, 15, 9, 0, 0),
    hostname: 'web',
    has: () => true,
    fs: {
      read: (p) => files[p],
      isDir: (p) => ['/', '/etc', '/tmp'].includes(p),
      list: (p) => (p === '/' ? ['bin', 'etc', 'tmp'] : p === '/etc' ? ['hostname'] : p === '/tmp' ? [] : undefined),
    },
    http: () => ({ reason: 'refused' }),
    procs: () => ['sh -c x'],
    fortune: () => 'A fortune.',
    ...over,
  };
}

const run = (src: string, horizonMs = 3_600_000, logsBeforeMs = horizonMs) =>
  runShell(host(), src, { horizonMs, logsBeforeMs, vars: { HOSTNAME: 'web', PATH: '/bin' } });

describe('shell interpreter', () => {
  it('runs sequences, sleeps and exits with a code', () => {
    const r = run('echo hello; sleep 5; echo "bye $HOSTNAME"; exit 3');
    expect(r.lines.map((l) => [l.at, l.text])).toEqual([[0, 'hello'], [5000, 'bye web']]);
    expect(r.exit).toEqual({ at: 5000, code: 3 });
  });

  it('&& and || short-circuit on exit status', () => {
    const r = run('false && echo no; true && echo yes; false || echo alt; cat /nope || echo missing');
    expect(r.lines.map((l) => l.text)).toEqual(['yes', 'alt', "cat: can't open '/nope': No such file or directory", 'missing']);
    expect(r.exit?.code).toBe(0);
  });

  it('command substitution, arithmetic and for loops', () => {
    const r = run('i=0; for x in a b c; do i=$((i+1)); echo "$i $x $(hostname)"; done');
    expect(r.lines.map((l) => l.text)).toEqual(['1 a web', '2 b web', '3 c web']);
  });

  it('an endless loop is fast-forwarded and keeps the last lines', () => {
    const week = 7 * 24 * 3600 * 1000;
    const r = runShell(host(), 'while true; do echo tick; sleep 5; done', { horizonMs: week + 3600_000, logsBeforeMs: week, vars: {}, maxLines: 10 });
    expect(r.exit).toBeUndefined();
    expect(r.forever).toBe(true);
    const before = r.lines.filter((l) => l.at <= week);
    expect(before.length).toBe(10);
    expect(before[before.length - 1].at).toBe(week);
  });

  it('files written by the script are seen by later commands', () => {
    const r = run('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; cat /tmp/healthy; sleep 600');
    expect(r.fsOps.map((o) => [o.at, o.path, o.content])).toEqual([[0, '/tmp/healthy', ''], [30000, '/tmp/healthy', null]]);
    expect(r.lines[0].text).toBe("cat: can't open '/tmp/healthy': No such file or directory");
    expect(r.exit).toEqual({ at: 630000, code: 0 });
  });

  it('redirections write files; date prints virtual time', () => {
    const r = run('date > /tmp/d; cat /tmp/d; echo x 2>&1 >/dev/null; unknown-cmd');
    expect(r.lines.map((l) => l.text)).toEqual(['Wed Jan 15 09:00:00 UTC 2025', 'sh: unknown-cmd: not found']);
    expect(r.exit?.code).toBe(127);
  });

  it('reports syntax errors as sh does', () => {
    const r = run('while true; do echo');
    expect(r.exit?.code).toBe(2);
    expect(r.lines[0].text).toMatch(/^sh: syntax error/);
  });
});
