// The embedded database seen as a PostgreSQL server on a loopback port, for
// pg-boss (which needs a pg connection string). PGLiteSocketServer runs every
// wire-protocol message straight on PGlite (`runExclusive` per message), which
// alone would let its messages land inside a Kysely transaction (or a Kysely
// query between its Parse and Sync). So the server is given a view of the
// PGlite instance whose `runExclusive` first takes the same lock Kysely's
// driver takes (db/pglite-dialect.ts: pgliteLock), and keeps it until the
// client's exchange is complete: after a Sync, a simple Query or a Terminate,
// and only when no transaction of the client is still open.
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pgliteLock } from '../db/pglite-dialect.ts';

const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
const TERMINATE = 0x58; // 'X'

/** True when this message ends an exchange (the client then waits for ReadyForQuery). */
function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  // Startup, SSL and cancel requests have no type byte (their first byte is 0).
  return type === 0 || type === QUERY || type === SYNC || type === TERMINATE;
}

export function lockedPGliteView(pg: PGlite): { view: PGlite; releaseAll(): void } {
  const lock = pgliteLock(pg);
  let release: (() => void) | null = null;
  let exchangeEnded = false;
  const releaseIfDone = () => {
    if (release && exchangeEnded && !pg.isInTransaction()) {
      const r = release;
      release = null;
      r();
    }
  };
  const view = new Proxy(pg, {
    get(target, prop, receiver) {
      if (prop === 'runExclusive') {
        return async <T>(fn: () => Promise<T>): Promise<T> => {
          if (!release) release = await lock.acquire();
          exchangeEnded = false;
          try {
            return await target.runExclusive(fn);
          } finally {
            releaseIfDone();
          }
        };
      }
      if (prop === 'execProtocolRawStream') {
        return (message: Uint8Array, options: unknown) => {
          exchangeEnded = endsExchange(message);
          return (target.execProtocolRawStream as (m: Uint8Array, o: unknown) => Promise<void>)(message, options);
        };
      }
      if (prop === 'exec') {
        // Only used by the socket server to roll back a disconnected client's transaction.
        return async (query: string) => {
          const result = await target.exec(query);
          exchangeEnded = true;
          releaseIfDone();
          return result;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    view,
    releaseAll() {
      const r = release;
      release = null;
      r?.();
    },
  };
}

export interface PGliteBridge {
  url: string;
  stop(): Promise<void>;
}

/** Starts the loopback socket server over the embedded database; pg-boss connects to `url` with one connection. */
export async function startPGliteBridge(pg: PGlite): Promise<PGliteBridge> {
  const { view, releaseAll } = lockedPGliteView(pg);
  const server = new PGLiteSocketServer({ db: view, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      releaseAll();
    },
  };
}
