import { describe, expect, it } from 'vitest';
import { containerArgv, expandKubeVars, oomAfterMs, planProcess, type ProcessSpec } from './program';

const spec = (image: string, argv: string[], env: [string, string][] = [], extra: Partial<ProcessSpec> = {}): ProcessSpec => ({
  image, argv, env, hostname: 'p', podIP: '10.244.1.2', namespace: 'default', declaredPorts: [], ...extra,
});

describe('process plans', () => {
  it('command/args over ENTRYPOINT/CMD', () => {
    expect(containerArgv('nginx', undefined, undefined)).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(containerArgv('busybox', undefined, undefined)).toEqual(['sh']);
    expect(containerArgv('busybox', ['sleep'], ['10'])).toEqual(['sleep', '10']);
    expect(containerArgv('registry.k8s.io/e2e-test-images/agnhost:2.40', undefined, ['liveness'])).toEqual(['/agnhost', 'liveness']);
    expect(containerArgv('luksa/fortune:args', undefined, ['2'])).toEqual(['/bin/fortuneloop.sh', '2']);
  });

  it('decides what runs', () => {
    expect(planProcess(spec('nginx', containerArgv('nginx', undefined, undefined))).kind).toBe('app');
    expect(planProcess(spec('busybox', ['sh', '-c', 'echo hi'])).kind).toBe('shell');
    expect(planProcess(spec('busybox', ['sleep', '5'])).kind).toBe('tool');
    expect(planProcess(spec('busybox', ['sh'])).script).toBe('');
    expect(planProcess(spec('myorg/app:1', ['./server'])).kind).toBe('generic');
    const bad = planProcess(spec('nginx', ['foo']));
    expect(bad.kind).toBe('startError');
    expect(bad.startError).toContain('exec: "foo": executable file not found in $PATH');
  });

  it('SIM_* variables and the stress images script resource use and exits', () => {
    const p = planProcess(spec('busybox', ['sleep', '3600'], [['SIM_MEMORY', '300Mi'], ['SIM_CPU', '250m'], ['SIM_CRASH_AFTER', '30'], ['SIM_EXIT_CODE', '4']], { memoryLimitBytes: 128 * 2 ** 20 }));
    expect(p.cpuMilli).toBe(250);
    expect(p.simExit).toEqual({ afterMs: 30_000, code: 4 });
    expect(oomAfterMs(p, 128 * 2 ** 20)).toBeGreaterThan(0);
    expect(oomAfterMs(p, 512 * 2 ** 20)).toBeUndefined();
    const stress = planProcess(spec('polinux/stress', ['stress', '--vm', '1', '--vm-bytes', '250M']));
    expect(stress.memoryBytes).toBeGreaterThan(250 * 2 ** 20);
  });

  it('expands $(VAR) as the kubelet does', () => {
    expect(expandKubeVars('echo $(A) $(B) $$(A)', { A: 'x' })).toBe('echo x $(B) $(A)');
  });
});
