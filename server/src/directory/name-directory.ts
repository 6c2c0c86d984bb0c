// Names of clinicians and organisations for lists that show many of them (the
// dermatologist's queue), kept in memory for a minute. Looking them up in the
// list's statement cost five index lookups per row, about a third of the
// queue's database time (docs/performance.md, "Fourth round").
//
// Only names of users and organisations, never patient data. The app never
// changes a user's display name; an organisation renamed through the admin
// API is forgotten at once on this instance, and other instances show the old
// name for at most ENTRY_TTL_MS.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Services } from '../context.ts';

export const ENTRY_TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;

interface Entry {
  name: string;
  expiresAt: number;
}

interface Directory {
  users: Map<string, Entry>;
  organisations: Map<string, Entry>;
}

export interface Names {
  user(id: string | null): string | null;
  organisation(id: string | null): string | null;
}

const directories = new WeakMap<Services, Directory>();

function directoryOf(services: Services): Directory {
  let directory = directories.get(services);
  if (!directory) directories.set(services, (directory = { users: new Map(), organisations: new Map() }));
  return directory;
}

function remember(map: Map<string, Entry>, id: string, name: string, now: number): void {
  map.delete(id); // re-inserted last: Map order is then oldest first
  map.set(id, { name, expiresAt: now + ENTRY_TTL_MS });
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

function missing(map: Map<string, Entry>, ids: Iterable<string | null>, now: number): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    if (id === null) continue;
    const entry = map.get(id);
    if (!entry || entry.expiresAt <= now) out.add(id);
  }
  return [...out];
}

/** The names of these users and organisations; one query for those not known (or too old), none otherwise. */
export async function lookUpNames(
  ctx: { db: Kysely<DB>; services: Services },
  ids: { users: Iterable<string | null>; organisations: Iterable<string | null> },
): Promise<Names> {
  const directory = directoryOf(ctx.services);
  const now = performance.now();
  const users = missing(directory.users, ids.users, now);
  const organisations = missing(directory.organisations, ids.organisations, now);
  if (users.length > 0 || organisations.length > 0) {
    const rows = await ctx.db
      .selectFrom('users')
      .select(['users.id', 'users.display_name as name', sql<'user' | 'organisation'>`'user'`.as('kind')])
      .where('users.id', '=', (eb) => eb.fn.any(eb.val(users)))
      .unionAll((eb) =>
        eb
          .selectFrom('organisations')
          .select(['organisations.id', 'organisations.name', sql<'user' | 'organisation'>`'organisation'`.as('kind')])
          .where('organisations.id', '=', (e) => e.fn.any(e.val(organisations))),
      )
      .execute();
    for (const row of rows) remember(row.kind === 'user' ? directory.users : directory.organisations, row.id, row.name, now);
  }
  return {
    user: (id) => (id === null ? null : (directory.users.get(id)?.name ?? null)),
    organisation: (id) => (id === null ? null : (directory.organisations.get(id)?.name ?? null)),
  };
}

/** After a rename: the next lookup on this instance reads the new name. */
export function forgetOrganisationName(services: Services, id: string): void {
  directoryOf(services).organisations.delete(id);
}
