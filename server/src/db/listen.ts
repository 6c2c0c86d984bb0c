// LISTEN on a channel for the life of the app instance, so that a pg_notify
// made by any instance reaches this one. On a PostgreSQL server: one dedicated
// pg client (a pooled connection would lose its LISTEN), reconnecting after an
// error. On embedded PGlite: pglite.listen, issued (and undone) under the Kysely
// lock so that the LISTEN never lands inside, and is never rolled back with,
// someone else's transaction.
import pg from 'pg';
import type { Database } from './database.ts';
import { pgliteLock } from './pglite-dialect.ts';

export interface Listening {
  stop(): Promise<void>;
}

const RECONNECT_DELAY_MS = 2000;

/** `applicationName` names the PostgreSQL server's connection (pg_stat_activity). */
export async function listen(
  database: Database,
  channel: string,
  onPayload: (payload: string | undefined) => void,
  opts: { applicationName?: string } = {},
): Promise<Listening> {
  // The channel is written into the LISTEN statement: a plain identifier only.
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid LISTEN channel name: ${channel}`);
  if (database.kind === 'pglite') {
    const pglite = database.pglite!;
    const release = await pgliteLock(pglite).acquire();
    let unlisten: () => Promise<void>;
    try {
      unlisten = await pglite.listen(channel, onPayload);
    } finally {
      release();
    }
    return {
      async stop() {
        const r = await pgliteLock(pglite).acquire();
        try {
          await unlisten();
        } catch {
          // closing database
        } finally {
          r();
        }
      },
    };
  }
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  // Until it is connected again: a server restart can take longer than one delay,
  // and a failed connect does not always emit 'error', so each failure schedules the next try.
  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch(reconnectLater);
    }, RECONNECT_DELAY_MS);
    retry.unref();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: database.url, application_name: opts.applicationName ?? 'dermlink-listen' });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload);
    });
    c.on('error', () => {
      if (client === c) client = null;
      c.end().catch(() => {});
      reconnectLater();
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
  };
  await connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
