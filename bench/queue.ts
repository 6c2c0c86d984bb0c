// `npm run bench:queue`: the dermatologist's queue and case page under load.
// Seeds a PostgreSQL database (DATABASE_URL, else a fresh `dermlink_bench` on
// the local server) with 1,000,000 cases of which 100,000 are open across 200
// services, starts the real server on it, then drives it with autocannon
// (50 connections, 30 s each) on /healthz (baseline), the queue and a case page.
// Ends with: queue: p99-ms=<n> case-p99-ms=<n> rps=<n> hello-rps=<n>
// Each route is measured after a warm-up on the same connections (BENCH_WARMUP
// seconds, default 5).
// Knobs for quicker iterations: BENCH_CASES, BENCH_SECONDS; BENCH_REUSE=1 keeps
// an already seeded `dermlink_bench` (same BENCH_CASES) instead of seeding again;
// BENCH_NODE_ARGS passes flags to the server's node (e.g. "--cpu-prof
// --cpu-prof-dir=/tmp/prof" to profile it); BENCH_ONLY=queue|case skips the other run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { hashToken, newToken } from '../server/src/auth/session-tokens.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { generateMasterKey } from '../server/src/crypto/envelope.ts';

const SERVICES = 200;
const PRACTICES = 400;
const PATIENTS = 200_000;
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const OPEN = CASES / 10;
const DURATION = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = 50;

const serverUrl = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let databaseUrl = process.env.DATABASE_URL;
let reuse = false;
if (!databaseUrl) {
  const u = new URL(serverUrl);
  u.pathname = '/dermlink_bench';
  databaseUrl = u.toString();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  if (process.env.BENCH_REUSE === '1') {
    const existing = new pg.Client({ connectionString: databaseUrl });
    try {
      await existing.connect();
      const seeded = await existing.query<{ n: string }>(`select count(*) as n from cases`);
      reuse = Number(seeded.rows[0]?.n) === CASES;
    } catch {
      reuse = false;
    } finally {
      await existing.end().catch(() => {});
    }
  }
  if (!reuse) {
    await admin.query('drop database if exists dermlink_bench with (force)');
    await admin.query('create database dermlink_bench');
  }
  await admin.end();
}

const database = await openDatabase({ url: databaseUrl, poolSize: 4 });
const db = database.db;
await migrate(db);

const t0 = performance.now();
if (reuse) console.log(`reusing the seeded dermlink_bench (${CASES.toLocaleString('en')} cases)`);
const step = async (label: string, query: ReturnType<typeof sql>) => {
  if (reuse) return;
  const t = performance.now();
  await query.execute(db);
  console.log(`  seed ${label.padEnd(28)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
};
if (!reuse) console.log(`seeding ${CASES.toLocaleString('en')} cases (${OPEN.toLocaleString('en')} open) across ${SERVICES} services`);
await step('network and organisations', sql`
  with n as (insert into networks (name, country, time_zone) values ('Bench network', 'FR', 'Europe/Paris') returning id)
  insert into organisations (network_id, kind, name, settings)
  select n.id, case when g <= ${SERVICES} then 'dermatology_service' else 'gp_practice' end,
         'Org ' || g, '{"routineCalendarDays":7,"urgentWorkingDays":2,"holidayCalendar":"fr"}'::jsonb
  from n, generate_series(1, ${SERVICES + PRACTICES}) g`);
await step('clinicians', sql`
  insert into users (email, display_name, kind, country, locale)
  select 'u' || g || '@bench.test', 'Dr Bench ' || g, 'clinician', 'FR', 'fr' from generate_series(1, ${SERVICES * 2 + PRACTICES * 2}) g`);
await step('memberships', sql`
  with orgs as (select id, kind, row_number() over (order by name) as rn from organisations),
       us as (select id, row_number() over (order by email) as rn from users)
  insert into memberships (user_id, organisation_id, role)
  select us.id, orgs.id, case when orgs.kind = 'dermatology_service' then 'dermatologist' else 'requester' end
  from us join orgs on orgs.rn = ((us.rn - 1) % ${SERVICES + PRACTICES}) + 1`);
await step('patients', sql`
  with practices as (select id, row_number() over (order by id) as rn from organisations where kind = 'gp_practice')
  insert into patients (organisation_id, family_name, given_name, birth_date, sex)
  select p.id, 'Family' || g, 'Given' || g, date '1940-01-01' + (g % 25000), case when g % 2 = 0 then 'female' else 'male' end
  from generate_series(1, ${PATIENTS}) g join practices p on p.rn = (g % ${PRACTICES}) + 1`);
await step('cases', sql`
  with services as (select id, row_number() over (order by id) as rn from organisations where kind = 'dermatology_service'),
       derms as (select m.organisation_id, min(m.user_id::text)::uuid as user_id from memberships m where m.role = 'dermatologist' group by 1),
       pats as (select p.id, p.organisation_id, row_number() over (order by p.id) as rn from patients p),
       reqs as (select organisation_id, min(user_id::text)::uuid as user_id from memberships where role = 'requester' group by 1),
       net as (select id from networks limit 1)
  insert into cases (patient_id, requester_id, requester_org_id, network_id, service_id, assigned_dermatologist_id, state, urgency,
                     priority_rank, suspected_cancer, seven_point_score, body_site, reason, request, schema_version,
                     submitted_at, deadline_at, claimed_at, answered_at, acknowledged_at, created_at, updated_at)
  select pats.id, reqs.user_id, pats.organisation_id, net.id, s.id,
         case when g <= ${OPEN} and g % 3 = 1 then d.user_id when g > ${OPEN} then d.user_id end,
         case when g > ${OPEN} then 'acknowledged' when g % 3 = 0 then 'submitted' when g % 3 = 1 then 'in_review' else 'awaiting_requester' end,
         case when g % 5 = 0 then 'urgent' else 'routine' end,
         case when g % 17 = 0 then 0 when g % 5 = 0 then 1 else 2 end,
         g % 17 = 0, g % 6, (array['face','scalp','chest','upper_back','left_forearm','right_shin'])[1 + g % 6],
         (array['suspicious_lesion','rash','other'])[1 + g % 3],
         jsonb_build_object('reason', (array['suspicious_lesion','rash','other'])[1 + g % 3], 'question', 'Bench question ' || g), 1,
         now() - make_interval(hours => g % 300), now() + make_interval(hours => 168 - g % 300),
         case when g <= ${OPEN} and g % 3 = 1 or g > ${OPEN} then now() - make_interval(hours => g % 200) end,
         case when g > ${OPEN} then now() - make_interval(hours => g % 100) end,
         case when g > ${OPEN} then now() - make_interval(hours => g % 50) end,
         now() - make_interval(hours => g % 300), now()
  from generate_series(1, ${CASES}) g
  join services s on s.rn = (g % ${SERVICES}) + 1
  join derms d on d.organisation_id = s.id
  join pats on pats.rn = (g % ${PATIENTS}) + 1
  join reqs on reqs.organisation_id = pats.organisation_id
  cross join net`);
// The visibility map as autovacuum would leave it (the queue's key scans are index-only).
await step('vacuum analyze', sql`vacuum analyze`);
if (!reuse) console.log(`  seed total                       ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// The benchmark's dermatologist: the first dermatologist of the first service.
const derm = await sql<{ user_id: string; membership_id: string; service_id: string }>`
  select m.user_id, m.id as membership_id, m.organisation_id as service_id from memberships m
  join organisations o on o.id = m.organisation_id where m.role = 'dermatologist' order by o.id, m.user_id limit 1`.execute(db);
const { user_id: userId, membership_id: membershipId, service_id: serviceId } = derm.rows[0]!;
const openCase = await sql<{ id: string }>`select id from cases where service_id = ${serviceId} and state = 'in_review' limit 1`.execute(db);
const caseId = openCase.rows[0]!.id;
const token = newToken();
const csrf = newToken();
await db
  .insertInto('sessions')
  .values({
    token_hash: hashToken(token), user_id: userId, active_membership_id: membershipId, second_factor_verified: true, csrf_token: csrf,
    idle_expires_at: new Date(Date.now() + 3 * 3600_000), absolute_expires_at: new Date(Date.now() + 6 * 3600_000),
  })
  .execute();
const plan = await sql<{ 'QUERY PLAN': string }>`explain analyze select id from cases
  where state in ('submitted','in_review','awaiting_requester') and (service_id = ${serviceId} or assigned_dermatologist_id = ${userId} or target_dermatologist_id = ${userId})
  order by priority_rank, deadline_at, id limit 50`.execute(db);
console.log('queue query plan (core):');
for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
await database.close();

// The real server, as in production.
// A port the system says is free (a random one may be taken on a shared machine).
const port = await new Promise<number>((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address() as AddressInfo;
    probe.close(() => resolve(free));
  });
});
const root = path.resolve(import.meta.dirname, '..');
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const serverStartedAt = Date.now();
const server = spawn(process.execPath, [...nodeArgs, 'server/src/main.ts'], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production', SEED_DEMO: 'false', MASTER_KEY: generateMasterKey(), DATA_DIR: `/tmp/dermlink-bench-${randomBytes(3).toString('hex')}`, PUBLIC_URL: `http://localhost:${port}` },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    // not up yet
  }
  if (i > 240 || server.exitCode !== null) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 500));
}

const headers = { cookie: `dl_session=${token}` };
const check = await fetch(`${base}/api/queue`, { headers });
if (!check.ok) throw new Error(`queue answered ${check.status}: ${await check.text()}`);
const firstPageText = await check.text();
const firstPage = JSON.parse(firstPageText) as { items: unknown[] };
const casePage = await fetch(`${base}/api/cases/${caseId}`, { headers });
if (!casePage.ok) throw new Error(`case page answered ${casePage.status}`);
const casePageText = await casePage.text();
console.log(`queue first page: ${firstPage.items.length} rows, ${(firstPageText.length / 1024).toFixed(1)} KB; case page ${(casePageText.length / 1024).toFixed(1)} KB`);

// CPU time spent per request by the server process and by the PostgreSQL backends
// of the bench database (from /proc): unlike latency, it barely moves when other
// work shares the machine, so it shows progress on a busy box.
const monitor = new pg.Client({ connectionString: databaseUrl });
await monitor.connect();
const monitorPid = (await monitor.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
const ticksOf = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
};
/** Kernel-side time only (system calls: sockets, epoll). */
const systemTicksOf = (pid: number) => {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[12]);
  } catch {
    return 0;
  }
};
const cpuSnapshot = async () => {
  const backends = await monitor.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> $1', [monitorPid]);
  const pgTicks = new Map(backends.rows.map((r) => [r.pid, ticksOf(r.pid)]));
  return { server: ticksOf(server.pid!), serverSystem: systemTicksOf(server.pid!), pgTicks };
};
const TICK_MS = 10; // USER_HZ is 100 on Linux
// Each route is driven for WARMUP + DURATION seconds on the same 50 connections, and only
// the answers completed after the first WARMUP seconds count: the server's JIT and every pool
// connection's prepared statements (PostgreSQL plans the first 5 runs of each) are then warm,
// as on a server that has been up for a while, and the load generator's own start (50 new
// connections sending at the same instant) is left out. Without it the first second's
// few hundred slow answers make most of the 1% tail.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
// BENCH_TIMELINE=1 prints latency per second, to line up spikes with e.g. the server's --trace-gc.
const TIMELINE = process.env.BENCH_TIMELINE === '1';
interface Measured {
  title: string;
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
  cpuMs: { server: number; serverSystem: number; postgres: number };
}
const percentile = (sorted: Float64Array, p: number) => (sorted.length ? Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1)) : NaN);
const run = async (title: string, url: string, withSession: boolean): Promise<Measured> => {
  const latencies: number[] = [];
  let measuring = WARMUP === 0;
  let non2xx = 0;
  let errors = 0;
  let before = measuring ? await cpuSnapshot() : null;
  let instance!: autocannon.Instance;
  const finished = new Promise<void>((resolve, reject) => {
    instance = autocannon({ title, url, connections: CONNECTIONS, duration: WARMUP + DURATION, headers: withSession ? headers : {} }, (err) => (err ? reject(err) : resolve()));
  });
  const warm = setTimeout(() => {
    void cpuSnapshot().then((snapshot) => {
      before = snapshot;
      measuring = true;
    });
  }, WARMUP * 1000);
  const bySecond = new Map<number, number[]>();
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (!measuring) return;
    latencies.push(responseTime);
    if (TIMELINE) {
      const second = Math.floor((Date.now() - serverStartedAt) / 1000);
      (bySecond.get(second) ?? bySecond.set(second, []).get(second)!).push(responseTime);
    }
    if (statusCode < 200 || statusCode >= 300) non2xx++;
  });
  instance.on('reqError', () => {
    if (measuring) errors++;
  });
  await finished;
  clearTimeout(warm);
  for (const [second, times] of bySecond) {
    const sorted = Float64Array.from(times).sort();
    console.log(`    ${title} t=${second}s (since the server started) n=${times.length} p50=${percentile(sorted, 0.5)} p99=${percentile(sorted, 0.99)} max=${percentile(sorted, 1)}`);
  }
  const after = await cpuSnapshot();
  let pgTicks = 0;
  for (const [pid, ticks] of after.pgTicks) pgTicks += ticks - (before?.pgTicks.get(pid) ?? 0);
  const requests = Math.max(1, latencies.length);
  const sorted = Float64Array.from(latencies).sort();
  return {
    title,
    rps: latencies.length / DURATION,
    latency: { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) },
    requests: latencies.length,
    non2xx,
    errors,
    cpuMs: { server: ((after.server - (before?.server ?? 0)) * TICK_MS) / requests, serverSystem: ((after.serverSystem - (before?.serverSystem ?? 0)) * TICK_MS) / requests, postgres: (pgTicks * TICK_MS) / requests },
  };
};
const report = (r: Measured) =>
  console.log(
    `  ${r.title.padEnd(8)} rps=${r.rps.toFixed(0)} p50=${r.latency.p50}ms p90=${r.latency.p90}ms p99=${r.latency.p99}ms max=${r.latency.max}ms non2xx=${r.non2xx} errors=${r.errors}` +
      ` cpu-ms/request: server=${r.cpuMs.server.toFixed(3)} (system calls ${r.cpuMs.serverSystem.toFixed(3)}) postgres=${r.cpuMs.postgres.toFixed(3)}`,
  );

const only = process.env.BENCH_ONLY;
const hello = await run('hello', `${base}/healthz`, false);
report(hello);
const queue = only === 'case' ? null : await run('queue', `${base}/api/queue`, true);
if (queue) report(queue);
const kase = only === 'queue' ? null : await run('case', `${base}/api/cases/${caseId}`, true);
if (kase) report(kase);
await monitor.end();
const stopped = new Promise((resolve) => server.once('exit', resolve));
server.kill('SIGTERM');
await stopped; // lets a --cpu-prof server write its profile
if (queue?.non2xx || kase?.non2xx) console.log('  warning: some answers were not 2xx');
// Throughput relative to the same run's trivial route: less sensitive to a busy machine than raw figures.
const ratio = (r: Measured | null) => (r ? (r.rps / hello.rps).toFixed(4) : 'n/a');
console.log(`  relative to hello: queue-rps/hello-rps=${ratio(queue)} case-rps/hello-rps=${ratio(kase)} case-rps=${kase?.rps.toFixed(0) ?? 'n/a'}`);
console.log(`queue: p99-ms=${queue ? Math.round(queue.latency.p99) : 'n/a'} case-p99-ms=${kase ? Math.round(kase.latency.p99) : 'n/a'} rps=${queue?.rps.toFixed(0) ?? 'n/a'} hello-rps=${hello.rps.toFixed(0)}`);
process.exit(0);
