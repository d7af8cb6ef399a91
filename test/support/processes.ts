import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A free TCP port on loopback, so tests run beside a demo that holds the default ports. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process started by {@link startProcess}, with everything it printed so far. */
export interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or the signal name) once the process ends. */
  exited: Promise<number | string>;
  /** Sends SIGTERM (the collector then drains, checkpoints and exits) and resolves as {@link Started.exited} does. */
  stop: () => Promise<number | string>;
}

/**
 * Starts `node <args>` and resolves once its stdout contains `readyText`; rejects with
 * the output if it exits first. Waiting on the process's own words, not on a timer.
 */
export function startProcess(args: string[], env: Record<string, string>, readyText: string): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(readyText)) resolve({ child, output: () => out, exited, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`process exited (${code}) before "${readyText}":\n${out}`)));
  });
}
