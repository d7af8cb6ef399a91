import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './processes.js';

/** What tests learn about a running throwaway ClickHouse server. */
export interface ClickHouseServer {
  /** `http://127.0.0.1:<port>`, for `@clickhouse/client` or `fetch`. */
  httpUrl: string;
  httpPort: number;
  /** The native protocol port, for `clickhouse-client --port`. */
  tcpPort: number;
  /** The password of the `vitrine` user (the `default` user has none). */
  password: string;
  /** The temporary directory that holds config, data and logs. */
  dir: string;
  /** Milliseconds from spawning the server to its first `/ping` answer. */
  startupMs: number;
  /** A `clickhouse://vitrine:…@127.0.0.1:<port>/<database>` URL for `ClickHouseStore.open`. */
  storeUrl(database: string): string;
  /** Kills the server with SIGKILL (a crash) and starts it again on the same directory and ports. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const INSTALL_HINT = 'run scripts/install-clickhouse.sh';

/**
 * The clickhouse-server binary: `$CLICKHOUSE_SERVER` if set, else the first found of
 * `/usr/sbin` (Debian's place, not on a normal user's PATH), `/usr/bin` and `$PATH`.
 */
export function findClickHouseServer(): string | null {
  const candidates = process.env.CLICKHOUSE_SERVER
    ? [process.env.CLICKHOUSE_SERVER]
    : ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'clickhouse-server'))];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there; try the next.
    }
  }
  return null;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A minimal config: loopback only, the given ports, every path under `dir`, and nothing
 * else: no interserver port (no replication), no ZooKeeper, no query log, no
 * dictionaries, no SSL. Caches are small, the time zone is UTC whatever the machine's.
 */
function configXml(dir: string, httpPort: number, tcpPort: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${xml(join(dir, 'log', 'clickhouse-server.log'))}</log>
    <errorlog>${xml(join(dir, 'log', 'clickhouse-server.err.log'))}</errorlog>
    <size>10M</size>
    <count>1</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${xml(join(dir, 'data'))}/</path>
  <tmp_path>${xml(join(dir, 'tmp'))}/</tmp_path>
  <user_files_path>${xml(join(dir, 'user_files'))}/</user_files_path>
  <format_schema_path>${xml(join(dir, 'format_schemas'))}/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
</yandex>
`;
}

/** `default` without a password for the tests' own checks; `vitrine` with one, to exercise URL credentials. */
function usersXml(password: string): string {
  const user = (name: string, pass: string) => `
    <${name}>
      <password>${xml(pass)}</password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </${name}>`;
  return `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>${user('default', '')}${user('vitrine', password)}
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode ?? -1);
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });

/**
 * Resolves once `GET /ping` answers `Ok.`; rejects if the process exits first or
 * `timeoutMs` passes. Connection refusals are retried at short intervals: the readiness
 * signal is the server's own answer, never an elapsed time.
 */
async function waitForPing(url: string, exited: Promise<number | string>, timeoutMs: number): Promise<void> {
  let exit: number | string | null = null;
  void exited.then((code) => (exit = code));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit !== null) throw new Error(`clickhouse-server exited (${exit}) before answering /ping`);
    try {
      const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (response.ok && (await response.text()).startsWith('Ok.')) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`clickhouse-server did not answer /ping within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A running clickhouse-server process, with the tail of what it printed. */
interface Launched {
  child: ChildProcess;
  exited: Promise<number | string>;
  output: () => string;
}

function launch(binary: string, dir: string): Launched {
  const child = spawn(binary, [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, exited: exitOf(child), output: () => output };
}

/**
 * SIGKILL, not SIGTERM: 18.16's orderly shutdown takes 2.5 to 5 s (it waits for
 * connections and background pools), and a test server's data is either deleted next or
 * the point of a crash test.
 */
async function kill({ child, exited }: Launched): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}

/** Waits for `/ping`; on failure, kills the process and throws with its output and error log. */
async function ready(launched: Launched, dir: string, httpUrl: string): Promise<void> {
  try {
    await waitForPing(httpUrl, launched.exited, 30_000);
  } catch (error) {
    await kill(launched);
    const errLog = await readFile(join(dir, 'log', 'clickhouse-server.err.log'), 'utf8').catch(() => '');
    const details = `${(error as Error).message}\n--- output ---\n${launched.output()}\n--- error log ---\n${errLog.slice(-5_000)}`;
    throw Object.assign(new Error(details), { addressInUse: /Address already in use/i.test(launched.output() + errLog) });
  }
}

async function startOnce(binary: string): Promise<ClickHouseServer> {
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-clickhouse-'));
  const [httpPort, tcpPort] = [await freePort(), await freePort()];
  const password = randomBytes(12).toString('hex');
  await writeFile(join(dir, 'config.xml'), configXml(dir, httpPort, tcpPort));
  await writeFile(join(dir, 'users.xml'), usersXml(password));
  const httpUrl = `http://127.0.0.1:${httpPort}`;

  const started = Date.now();
  let current = launch(binary, dir);
  try {
    await ready(current, dir, httpUrl);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    httpUrl,
    httpPort,
    tcpPort,
    password,
    dir,
    startupMs: Date.now() - started,
    storeUrl: (database) => `clickhouse://vitrine:${password}@127.0.0.1:${httpPort}/${database}`,
    async restart() {
      await kill(current);
      current = launch(binary, dir);
      await ready(current, dir, httpUrl);
    },
    async stop() {
      await kill(current);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a throwaway clickhouse-server on loopback: a fresh temporary directory with its
 * own config, data and logs, on free HTTP and TCP ports. Resolves once `/ping` answers.
 * Fails, never skips, when the server is not installed: the ClickHouse store must be
 * tested wherever the suite runs.
 *
 * The ports are free when picked but could be taken before the server binds them; the
 * start is then retried on new ports (at most three times).
 */
export async function startClickHouse(): Promise<ClickHouseServer> {
  const binary = findClickHouseServer();
  if (!binary) {
    throw new Error(`clickhouse-server is not installed (looked in /usr/sbin, /usr/bin and $PATH; set $CLICKHOUSE_SERVER to override): ${INSTALL_HINT}`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary);
    } catch (error) {
      if (attempt >= 3 || !(error as { addressInUse?: boolean }).addressInUse) throw error;
    }
  }
}
