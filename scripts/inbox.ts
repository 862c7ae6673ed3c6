/**
 * The local inbox of the dev stack (spec §4, INBOX_SMTP_PORT, INBOX_WEB_PORT): npm's `maildev`, which takes
 * every email sent to any address and shows it on a web page and a REST API (`GET /email`). `npm start` runs it
 * when SMTP_URL is unset; the tests run one on free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';

export interface Inbox {
  proc: ChildProcess;
  /** Where notices go: `smtp://127.0.0.1:<smtp port>`. */
  smtpUrl: string;
  /** The web page, and the REST API under it (`/email`, `/email/:id`, `DELETE /email/all`). */
  webUrl: string;
  /** Where it keeps the emails. */
  mailDirectory: string;
  stop(): Promise<void>;
}

export interface InboxOptions {
  smtpPort: number;
  webPort: number;
  /** Where it keeps the emails (created if missing). */
  mailDirectory: string;
}

/** Starts maildev on 127.0.0.1 and returns its process at once (a process manager restarts it with this). */
export function spawnInbox(opts: InboxOptions): ChildProcess {
  mkdirSync(opts.mailDirectory, { recursive: true });
  return spawn(
    process.execPath,
    [
      // maildev's CLI, kept alive when an SMTP client fails (scripts/inbox-server.js).
      require.resolve('./inbox-server.js'),
      '--smtp', String(opts.smtpPort),
      '--web', String(opts.webPort),
      '--ip', '127.0.0.1',
      '--web-ip', '127.0.0.1',
      '--mail-directory', opts.mailDirectory,
      // A loopback inbox needs no TLS; a STARTTLS handshake it cannot complete would stop it.
      '--hide-extensions', 'STARTTLS',
      '--silent',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/**
 * Starts maildev on 127.0.0.1 and waits until its REST API answers.
 * @throws Error when it has not answered within 30 s, or exited
 */
export async function startInbox(opts: InboxOptions): Promise<Inbox> {
  const proc = spawnInbox(opts);
  const webUrl = `http://127.0.0.1:${opts.webPort}`;
  const inbox: Inbox = {
    proc,
    smtpUrl: `smtp://127.0.0.1:${opts.smtpPort}`,
    webUrl,
    mailDirectory: opts.mailDirectory,
    stop: () => stopProcess(proc),
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the local inbox (maildev) exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(`${webUrl}/email`);
      if (res.ok) return inbox;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await inbox.stop();
      throw new Error(`the local inbox (maildev) did not answer on ${webUrl} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A port nothing listens on now, from the system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}
