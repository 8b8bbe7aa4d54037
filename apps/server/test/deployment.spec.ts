import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND_PREFERENCE } from '@driftboard/trainer';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * docker-compose.yml, the Dockerfiles and deploy/nginx.conf, read as Docker
 * would: Docker cannot run here, so these check what a user of
 * `docker compose up` would otherwise find out the hard way.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Healthcheck {
  test: string | string[];
}
interface DependsOn {
  condition?: string;
}
interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, DependsOn> | string[];
  deploy?: {
    resources?: {
      reservations?: { devices?: { driver?: string; count?: number | string; capabilities?: string[] }[] };
    };
  };
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const { services } = compose;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};
const env = (name: string) => service(name).environment ?? {};
const healthcheckText = (name: string) => [service(name).healthcheck?.test ?? []].flat().join(' ');
const dockerfilePath = (s: Service) =>
  path.join(ROOT, s.build?.context ?? '.', s.build?.dockerfile ?? 'Dockerfile');

const API_SERVICES = ['api-1', 'api-2'];

interface Stage {
  name: string | undefined;
  base: string;
  body: string;
}

/** A Dockerfile's stages, with `${ARG}` in FROM lines replaced by the global ARG defaults. */
function dockerStages(file: string): Stage[] {
  const text = readFileSync(file, 'utf8').replace(/\\\n/g, ' ');
  const [globals, ...parts] = text.split(/^(?=FROM\s)/im);
  const args = new Map(
    [...globals.matchAll(/^ARG\s+(\w+)=(\S+)/gim)].map((m) => [m[1], m[2]] as [string, string]),
  );
  return parts.map((part) => {
    const [, base, name] = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(part)!;
    return { name, base: base.replace(/\$\{(\w+)\}/g, (_, arg: string) => args.get(arg) ?? ''), body: part };
  });
}

/** A stage and every stage it builds on (FROM) or copies from (COPY --from). */
function stageWithSources(stages: Stage[], target: string): Stage[] {
  const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name!, s]));
  const seen = new Map<string, Stage>();
  const visit = (name: string) => {
    const stage = byName.get(name);
    if (!stage || seen.has(name)) return;
    seen.set(name, stage);
    visit(stage.base);
    for (const [, from] of stage.body.matchAll(/^COPY\s+--from=(\S+)/gim)) visit(from);
  };
  visit(target);
  return [...seen.values()];
}

describe('docker-compose.yml', () => {
  it('has the seven services of the scaled-out layout', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api-1', 'api-2', 'postgres', 'proxy', 'redis', 'web', 'worker'].sort(),
    );
  });

  it('runs entry points the server build produces (API only on the API servers, the worker on the worker)', () => {
    const entry = (name: string) => service(name).command?.find((arg) => arg.endsWith('.js'));
    expect(entry('api-1')).toBe('apps/server/dist/api-main.js');
    expect(entry('worker')).toBe('apps/server/dist/worker/main.js');
    for (const name of ['api-1', 'api-2', 'worker']) {
      const source = entry(name)!.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect(existsSync(path.join(ROOT, source)), `${source} (built to ${entry(name)})`).toBe(true);
    }
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const tokenCommand = /node (apps\/server\/dist\/tools\/token-command\.js) create --role admin/.exec(
      compose,
    )?.[1];
    expect(tokenCommand, 'the compose file says how to create the first admin token').toBeDefined();
    expect(
      existsSync(path.join(ROOT, tokenCommand!.replace('/dist/', '/src/').replace(/\.js$/, '.ts'))),
    ).toBe(true);
  });

  it('gives postgres, redis, both API servers and the web app a healthcheck that probes the service', () => {
    expect(service('postgres').image).toMatch(/^postgres:17/);
    expect(healthcheckText('postgres')).toMatch(/pg_isready/);
    expect(service('redis').image).toMatch(/^redis:7/);
    expect(healthcheckText('redis')).toMatch(/redis-cli ping/);
    for (const api of API_SERVICES) expect(healthcheckText(api)).toMatch(/:4000\/healthz/);
    expect(healthcheckText('web')).toMatch(/:3000\//);
  });

  it('binds the API servers to 0.0.0.0 with token auth, on the compose PostgreSQL and Redis', () => {
    for (const api of API_SERVICES) {
      expect(env(api)).toMatchObject({ HOST: '0.0.0.0', PORT: 4000, DRIFTBOARD_AUTH: 'token' });
    }
    for (const name of [...API_SERVICES, 'worker']) {
      const database = new URL(String(env(name).DATABASE_URL));
      expect(database.protocol).toBe('postgres:');
      expect(database.hostname).toBe('postgres');
      expect(database.username).toBe(env('postgres').POSTGRES_USER);
      expect(database.pathname).toBe(`/${env('postgres').POSTGRES_DB}`);
      const redis = new URL(String(env(name).REDIS_URL));
      expect(`${redis.protocol}//${redis.hostname}`).toBe('redis://redis');
    }
  });

  it('shares one data volume between the API servers and the worker, at DRIFTBOARD_DATA_DIR', () => {
    const mounts = [...API_SERVICES, 'worker'].map((name) => {
      const dataDir = String(env(name).DRIFTBOARD_DATA_DIR);
      const mount = (service(name).volumes ?? []).find((v) => v.split(':')[1] === dataDir);
      expect(mount, `${name} mounts a volume at ${dataDir}`).toBeDefined();
      return mount!.split(':')[0];
    });
    expect(new Set(mounts).size).toBe(1);
    expect(Object.keys(compose.volumes ?? {})).toContain(mounts[0]);
  });

  it('reserves an NVIDIA GPU for the worker and forces a backend the trainer knows', () => {
    const devices = service('worker').deploy?.resources?.reservations?.devices ?? [];
    expect(devices).toContainEqual(
      expect.objectContaining({ driver: 'nvidia', capabilities: expect.arrayContaining(['gpu']) }),
    );
    const gpu = devices.find((d) => d.driver === 'nvidia')!;
    expect(gpu.count === 'all' || (typeof gpu.count === 'number' && gpu.count >= 1)).toBe(true);
    expect(BACKEND_PREFERENCE).toContain(env('worker').DRIFTBOARD_BACKEND);
    expect(env('worker').DRIFTBOARD_BACKEND).toBe('tensorflow-gpu');
    expect(service('worker').command).toEqual(['node', 'apps/server/dist/worker/main.js']);
    expect(existsSync(path.join(ROOT, 'apps/server/src/worker/main.ts'))).toBe(true);
  });

  it('builds the worker from a CUDA runtime stage that installs tfjs-node-gpu and has Node 20', () => {
    const { build } = service('worker');
    const stages = dockerStages(dockerfilePath(service('worker')));
    const target = stages.find((s) => s.name === build?.target);
    expect(target, `stage ${build?.target}`).toBeDefined();
    expect(target!.base).toMatch(/^nvidia\/cuda:11\.\d+\.\d+-cudnn8-runtime-/);
    const chain = stageWithSources(stages, build!.target!);
    // Its install script (skipped by a plain `npm ci`) is what downloads libtensorflow for the GPU.
    const installsGpuPackage =
      /^RUN\s.*(tfjs-node-gpu\S*\s+run\s+install\b|npm\s+(install|i|rebuild)\s.*tfjs-node-gpu)/im;
    expect(chain.some((s) => installsGpuPackage.test(s.body))).toBe(true);
    expect(chain.some((s) => /^node:20\b/.test(s.base))).toBe(true);
    expect(target!.body).toMatch(/^COPY\s+--from=\S+\s+\/usr\/local\/bin\/node\s/m);
  });

  it('points every build at a Dockerfile that exists and a target stage it defines', () => {
    const built = Object.entries(services).filter(([, s]) => s.build);
    expect(built.map(([name]) => name).sort()).toEqual(['api-1', 'api-2', 'web', 'worker']);
    for (const [name, s] of built) {
      const file = dockerfilePath(s);
      expect(existsSync(file), `${name}: ${file}`).toBe(true);
      if (s.build?.target) {
        expect(dockerStages(file).map((stage) => stage.name)).toContain(s.build.target);
      }
    }
    expect(existsSync(path.join(ROOT, '.dockerignore'))).toBe(true);
  });

  it('starts nothing before what it depends on is healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      if (!s.depends_on) continue;
      expect(Array.isArray(s.depends_on), `${name} lists depends_on without conditions`).toBe(false);
      for (const [dependency, { condition }] of Object.entries(s.depends_on as Record<string, DependsOn>)) {
        expect(condition, `${name} → ${dependency}`).toBe('service_healthy');
        expect(service(dependency).healthcheck, `${dependency} has a healthcheck`).toBeDefined();
      }
    }
    for (const api of [...API_SERVICES, 'worker']) {
      expect(Object.keys(service(api).depends_on ?? {}).sort()).toEqual(['postgres', 'redis']);
    }
    expect(Object.keys(service('proxy').depends_on ?? {}).sort()).toEqual(['api-1', 'api-2', 'web']);
  });

  it('tells the dashboard to reach the API through the proxy, on the same origin', () => {
    expect(String(env('web').DRIFTBOARD_API_URL)).toMatch(
      /^\$\{DRIFTBOARD_PUBLIC_URL:-http:\/\/localhost:8080\}\/graphql$/,
    );
    expect(service('proxy').ports).toContain('8080:80');
  });
});

describe('deploy/nginx.conf', () => {
  const mount = (service('proxy').volumes ?? []).find((v) => v.split(':')[1] === '/etc/nginx/nginx.conf');
  const config = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
  const block = (opening: RegExp) => {
    const start = config.search(opening);
    expect(start, String(opening)).toBeGreaterThanOrEqual(0);
    return config.slice(start, config.indexOf('}', start));
  };

  it('is the configuration the proxy service mounts', () => {
    expect(mount?.split(':')[0]).toBe('./deploy/nginx.conf');
    expect(service('proxy').image).toMatch(/^nginx:/);
  });

  it('load-balances /graphql over both API servers with the WebSocket upgrade headers', () => {
    const upstream = /upstream\s+(\w+)\s*\{/.exec(block(/upstream\s+\w+\s*\{[^}]*api-1/))![1];
    const servers = [...block(new RegExp(`upstream\\s+${upstream}\\s*\\{`)).matchAll(/server\s+(\S+);?/g)]
      .map((m) => m[1].replace(/;$/, ''))
      .sort();
    expect(servers).toEqual(API_SERVICES.map((api) => `${api}:${env(api).PORT}`).sort());

    const graphql = block(/location\s+\/graphql\s*\{/);
    expect(graphql).toContain(`proxy_pass http://${upstream};`);
    expect(graphql).toMatch(/proxy_http_version\s+1\.1;/);
    expect(graphql).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    expect(graphql).toMatch(/proxy_set_header\s+Connection\s+(\$connection_upgrade|"upgrade"|upgrade);/);
    expect(config).toMatch(/map\s+\$http_upgrade\s+\$connection_upgrade\s*\{[^}]*default\s+upgrade;/);
  });

  it('serves the web app everywhere else', () => {
    const upstream = /upstream\s+(\w+)\s*\{[^}]*server\s+web:3000/.exec(config)?.[1];
    expect(upstream).toBeDefined();
    expect(block(/location\s+\/\s*\{/)).toContain(`proxy_pass http://${upstream};`);
  });
});
