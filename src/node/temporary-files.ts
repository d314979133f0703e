import { rmSync } from 'node:fs';

/**
 * Temporary files and folders this process owns (partial outputs, standard input spooled to
 * disk). On Ctrl-C or a kill they are removed, then the process dies of the signal (the shell
 * reports 130 or 143), so an interrupted run leaves nothing behind.
 */
const owned = new Set<string>();
let installed = false;

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function removeAll(): void {
  for (const path of owned) rmSync(path, { recursive: true, force: true });
  owned.clear();
}

export function ownTemporary(path: string): void {
  owned.add(path);
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]) {
    const handler = () => {
      removeAll();
      // Die of the signal itself, as a Unix tool does: a shell loop sees the interrupt and stops too.
      process.off(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
  process.on('exit', removeAll);
}

export function releaseTemporary(path: string): void {
  owned.delete(path);
}
