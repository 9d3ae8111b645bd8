/**
 * `billstream serve` and `npm start` as users start them: real processes, real sockets. A port
 * that is taken is refused with its own exit status before the data folder is touched, so a
 * mistyped port never creates an installation (and prints an admin key) nobody asked for.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';

const BIN = path.resolve('bin/billstream');

function occupyPort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => resolve(server));
  });
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe('billstream serve', () => {
  const sockets: net.Server[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));

  it('on a port in use exits with status 5, names the port, and creates no installation', async () => {
    const taken = await occupyPort();
    sockets.push(taken);
    const data = path.join(temporaryDataDir(), 'data');
    const env = { ...process.env };
    delete env.BILLSTREAM_ADMIN_KEY;
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, '--data', data, 'serve', '--port', String(portOf(taken))], { env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain(`port ${portOf(taken)} is in use`);
    expect(run.stderr).toContain('--port');
    // Nothing was written: no store, and so no admin key was generated or printed.
    expect(run.stdout).not.toContain('bsk_');
    expect(run.stdout).not.toContain('New installation');
    expect(fs.existsSync(data) ? fs.readdirSync(data) : []).toEqual([]);
  }, 30_000);

  it('npm start -- --port N serves on port N, as the README shows', async () => {
    const free = await occupyPort();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    const data = path.join(temporaryDataDir(), 'data');
    const server = spawn('npm', ['start', '--silent', '--', '--port', String(port), '--data', data], {
      env: { ...process.env, BILLSTREAM_ADMIN_KEY: 'npm-start-admin-key', BILLSTREAM_BILL_RUNS: 'off' }, detached: true,
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout!.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/listening on/.test(text)) resolve(text);
        });
        server.stderr!.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        server.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${text}`)));
      });
      expect(out).toContain(`listening on http://localhost:${port}`);
      expect((await fetch(`http://localhost:${port}/health`)).status).toBe(200);
    } finally {
      // npm runs billstream in a child shell: end the whole process group this test started.
      process.kill(-server.pid!, 'SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm start -- --port');
    // `npm start --port N` (without the `--`) would be taken by npm itself, not billstream.
    expect(readme).not.toMatch(/npm start --port/);
  }, 60_000);
});
