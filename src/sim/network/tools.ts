// DNS client tools as a pod's shell prints them: `nslookup` (bind9's, as in the dnsutils and
// netshoot images the Kubernetes docs use) and `dig` (+short or the answer section). The kubelet's
// shell calls these through the `network` service for `kubectl exec POD -- nslookup NAME`.

import type { DnsRecord, LookupResult } from './dns';
import { DNS_SERVICE_IP } from './dns';

export interface ToolOutput {
  stdout: string[];
  stderr: string[];
  exitCode: number;
}

function recordLines(r: DnsRecord): string[] {
  if (r.type === 'CNAME') return [`${r.name}\tcanonical name = ${r.target}.`];
  if (r.type === 'SRV') return [`${r.name}\tservice = ${r.priority} ${r.weight} ${r.port} ${r.target}.`];
  return [`Name:\t${r.name}`, `Address: ${r.address}`];
}

/** bind9 `nslookup NAME` against the cluster DNS. */
export function nslookupOutput(name: string, r: LookupResult, clusterDNS = true): ToolOutput {
  const server = clusterDNS ? DNS_SERVICE_IP : '172.18.0.1';
  const head = [`Server:\t\t${server}`, `Address:\t${server}#53`, ''];
  if (r.records.length === 0) {
    return { stdout: [...head, `** server can't find ${name.replace(/\.$/, '')}: NXDOMAIN`, ''], stderr: [], exitCode: 1 };
  }
  return { stdout: [...head, ...r.records.flatMap(recordLines), ''], stderr: [], exitCode: 0 };
}

/** `dig [+short] NAME [A|SRV]`: the answer section (search path applied, as with +search). */
export function digOutput(r: LookupResult, short: boolean): ToolOutput {
  const data = (x: DnsRecord) => (x.type === 'A' ? x.address : x.type === 'CNAME' ? `${x.target}.` : `${x.priority} ${x.weight} ${x.port} ${x.target}.`);
  if (short) return { stdout: r.records.map(data), stderr: [], exitCode: 0 };
  const status = r.records.length === 0 ? 'NXDOMAIN' : 'NOERROR';
  const lines = [
    `;; ->>HEADER<<- opcode: QUERY, status: ${status}`,
    '',
    ';; QUESTION SECTION:',
    `;${r.name}.\t\tIN\t${r.records[0]?.type === 'SRV' ? 'SRV' : 'A'}`,
  ];
  if (r.records.length > 0) {
    lines.push('', ';; ANSWER SECTION:');
    for (const x of r.records) lines.push(`${x.name}.\t${x.ttl}\tIN\t${x.type}\t${data(x)}`);
  }
  lines.push('', `;; SERVER: ${DNS_SERVICE_IP}#53(${DNS_SERVICE_IP}) (UDP)`, '');
  return { stdout: lines, stderr: [], exitCode: 0 };
}
