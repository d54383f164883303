// curl and wget against the simulated network: the host answers HTTP from the target
// container's behaviour. Output and errors as curl 8 and BusyBox / GNU wget print them.
import type { Interp } from './interp';

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function statusText(code: number): string {
  return REASONS[code] ?? 'Unknown';
}

interface Url {
  host: string;
  port: number;
  path: string;
  full: string;
}

function parseUrl(raw: string): Url | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?][^#]*)?$/.exec(raw);
  if (!m) return undefined;
  const scheme = m[1] ?? 'http';
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  return { host: m[2], port, path: m[4] ? (m[4].startsWith('?') ? `/${m[4]}` : m[4]) : '/', full: `${scheme}://${m[2]}${m[3] ? `:${m[3]}` : ''}${m[4] ?? '/'}` };
}

function bodyLines(body: string): string[] {
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function curl(it: Interp, argv: string[]): number {
  let silent = false;
  let showErr = false;
  let fail = false;
  let method = 'GET';
  let data: string | undefined;
  let outFile: string | undefined;
  let head = false;
  let url: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-s' || a === '--silent') silent = true;
    else if (a === '-S' || a === '--show-error') showErr = true;
    else if (a === '-f' || a === '--fail') fail = true;
    else if (/^-[sSfLkvi]+$/.test(a)) { silent ||= a.includes('s'); showErr ||= a.includes('S'); fail ||= a.includes('f'); head ||= a.includes('i'); }
    else if (a === '-X' || a === '--request') method = argv[++i] ?? 'GET';
    else if (a === '-d' || a === '--data' || a === '--data-raw') { data = argv[++i] ?? ''; if (method === 'GET') method = 'POST'; }
    else if (a === '-o' || a === '--output') outFile = argv[++i];
    else if (a === '-m' || a === '--max-time' || a === '--connect-timeout' || a === '-H' || a === '--header' || a === '-w' || a === '-A') i++;
    else if (a === '-I' || a === '--head') { method = 'HEAD'; head = true; }
    else if (!a.startsWith('-')) url = a;
  }
  if (!url) {
    it.emit("curl: try 'curl --help' or 'curl --manual' for more information", true);
    return 2;
  }
  const u = parseUrl(url);
  const err = (code: number, msg: string) => {
    if (!silent || showErr) it.emit(`curl: (${code}) ${msg}`, true);
    return code;
  };
  if (!u) return err(3, 'URL rejected: Malformed input to a URL function');
  it.advance(2);
  const r = it.host.http(method, `http://${u.host}:${u.port}${u.path}`, data, it.nowMs, 'curl/8.11.1');
  if (r.reason === 'resolve') return err(6, `Could not resolve host: ${u.host}`);
  if (r.reason === 'refused') return err(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
  if (r.reason === 'empty') return err(52, 'Empty reply from server');
  if (r.reason === 'timeout' || r.status === undefined) {
    it.advance(10_000);
    return err(28, `Failed to connect to ${u.host} port ${u.port} after 10002 ms: Timeout was reached`);
  }
  if (fail && r.status >= 400) return err(22, `The requested URL returned error: ${r.status}`);
  const lines = [
    ...(head ? [`HTTP/1.1 ${r.status} ${statusText(r.status)}`, `Content-Length: ${new TextEncoder().encode(r.body ?? '').length}`, ''] : []),
    ...(method === 'HEAD' ? [] : bodyLines(r.body ?? '')),
  ];
  if (outFile) it.writeFile(outFile, r.body ?? '');
  else lines.forEach((l) => it.emit(l));
  return 0;
}

export function wget(it: Interp, argv: string[]): number {
  const gnuWget = it.host.os === 'debian' || it.host.os === 'ubuntu';
  let quiet = false;
  let out: string | undefined;
  let url: string | undefined;
  let spider = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-O') out = argv[++i];
    else if (a.startsWith('-O')) out = a.slice(2);
    else if (/^-q+O/.test(a)) { quiet = true; out = a.replace(/^-q+O/, '') || argv[++i]; }
    else if (a === '--spider') spider = true;
    else if (a === '-T' || a === '--timeout' || a === '-t' || a === '--tries') i++;
    else if (a.startsWith('--timeout=') || a.startsWith('-T')) continue;
    else if (!a.startsWith('-')) url = a;
  }
  if (!url) {
    it.emit(gnuWget ? 'wget: missing URL' : 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...', true);
    return 1;
  }
  const u = parseUrl(url);
  if (!u) {
    it.emit(`wget: bad address '${url}'`, true);
    return 1;
  }
  it.advance(2);
  const r = it.host.http('GET', `http://${u.host}:${u.port}${u.path}`, undefined, it.nowMs, gnuWget ? 'Wget/1.21.3' : 'Wget');
  const say = (s: string) => { if (!quiet) it.emit(s, true); };
  if (r.reason === 'resolve') {
    if (gnuWget) { say(`wget: unable to resolve host address '${u.host}'`); return 4; }
    it.emit(`wget: bad address '${u.host}'`, true);
    return 1;
  }
  say(gnuWget ? `Connecting to ${u.host} (${u.host})|${r.ip ?? u.host}|:${u.port}... ` : `Connecting to ${u.host}${u.port === 80 ? '' : `:${u.port}`} (${r.ip ?? u.host}:${u.port})`);
  if (r.reason === 'empty') {
    it.emit(gnuWget ? 'No data received.' : 'wget: error getting response', true);
    return 1;
  }
  if (r.reason === 'refused' || r.reason === 'timeout' || r.status === undefined) {
    if (r.reason === 'timeout') it.advance(10_000);
    if (gnuWget) { say(r.reason === 'timeout' ? 'failed: Connection timed out.' : 'failed: Connection refused.'); return 4; }
    it.emit(`wget: can't connect to remote host (${r.ip ?? u.host}): ${r.reason === 'timeout' ? 'Connection timed out' : 'Connection refused'}`, true);
    return 1;
  }
  if (r.status >= 400) {
    if (gnuWget) { say(`${r.status} ${statusText(r.status)}`); return 8; }
    it.emit(`wget: server returned error: HTTP/1.1 ${r.status} ${statusText(r.status)}`, true);
    return 1;
  }
  if (spider) { say('remote file exists'); return 0; }
  const body = r.body ?? '';
  const size = new TextEncoder().encode(body).length;
  if (out === '-') {
    say('writing to stdout');
    bodyLines(body).forEach((l) => it.emit(l));
    say(`-                    100% |********************************|   ${size}  0:00:00 ETA`);
    say('written to stdout');
    return 0;
  }
  const file = out ?? (u.path.split('?')[0].split('/').pop() || 'index.html');
  say(`saving to '${file}'`);
  it.writeFile(file, body);
  say(`${file.padEnd(20)} 100% |********************************|   ${size}  0:00:00 ETA`);
  say(`'${file}' saved`);
  return 0;
}
