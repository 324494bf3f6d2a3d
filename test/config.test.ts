import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, settings } from '../src/config.js';

function problemsOf(env: Record<string, string>, options = {}): string[] {
  try {
    loadConfig(env, { cwd: mkdtempSync(path.join(tmpdir(), 'cfg-')), ...options });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('has working defaults: port 21114 on every address, SQLite under ./data', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const config = loadConfig({}, { cwd });
    assert.equal(config.port, 21114);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, path.join(cwd, 'data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.tokenTtlDays, 30);
    assert.equal(config.adminPassword, undefined);
    assert.ok(Object.isFrozen(config));
  });

  it('names every bad setting at once and never echoes a value', () => {
    const secretish = 'hunter2-the-value';
    const problems = problemsOf({
      DESKGATE_PORT: `99999${secretish}`,
      DESKGATE_TOKEN_TTL_DAYS: '0',
      DESKGATE_PUBLIC_URL: `ftp://${secretish}`,
      DESKGATE_TRUST_PROXY: `10.0.0.0/99,${secretish}`,
      DESKGATE_ADMIN_PASSWORD: 'short',
      DESKGATE_LOG_LEVEL: secretish,
      DATABASE_URL: `mysql://${secretish}`,
    });
    const text = problems.join('\n');
    for (const name of ['DESKGATE_PORT', 'DESKGATE_TOKEN_TTL_DAYS', 'DESKGATE_PUBLIC_URL', 'DESKGATE_TRUST_PROXY', 'DESKGATE_ADMIN_PASSWORD', 'DESKGATE_LOG_LEVEL', 'DATABASE_URL']) {
      assert.match(text, new RegExp(name));
    }
    assert.ok(!text.includes(secretish));
    assert.ok(!text.includes('short'));
  });

  it('requires DESKGATE_SECRET_KEY with PostgreSQL', () => {
    assert.match(problemsOf({ DATABASE_URL: 'postgres://db/deskgate' }).join(), /DESKGATE_SECRET_KEY is required/);
    assert.deepEqual(problemsOf({ DATABASE_URL: 'postgres://db/deskgate', DESKGATE_SECRET_KEY: 's'.repeat(32) }), []);
  });

  it('accepts trusted proxies as addresses, CIDRs and loopback', () => {
    const config = loadConfig({ DESKGATE_TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::/32,192.0.2.1' });
    assert.deepEqual(config.trustProxy, ['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.1']);
  });

  it('normalises the public URL without a trailing slash and keeps a path prefix', () => {
    assert.equal(loadConfig({ DESKGATE_PUBLIC_URL: 'https://desk.example.com/' }).publicUrl, 'https://desk.example.com');
    assert.equal(loadConfig({ DESKGATE_PUBLIC_URL: 'https://example.com/rustdesk/' }).publicUrl, 'https://example.com/rustdesk');
  });

  it('takes the rendezvous port (hbbs\'s 21116 by default) and a relay as host or host:port', () => {
    const defaults = loadConfig({ DESKGATE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cfg-')) });
    assert.equal(defaults.rendezvousPort, 21116);
    assert.equal(defaults.relayHost, undefined);
    assert.equal(loadConfig({ DESKGATE_RENDEZVOUS_PORT: '31116' }).rendezvousPort, 31116);
    for (const relay of ['relay.example.com', 'relay.example.com:21117', '192.0.2.7:443', '[2001:db8::1]:21117']) {
      assert.equal(loadConfig({ DESKGATE_RELAY_HOST: relay }).relayHost, relay);
    }
    for (const relay of ['https://relay.example.com', 'relay.example.com:0', 'relay.example.com:70000', 'relay example', 'relay.example.com/x', '2001:db8::1']) {
      assert.match(problemsOf({ DESKGATE_RELAY_HOST: relay }).join(), /DESKGATE_RELAY_HOST must be a host name or address/, relay);
    }
    for (const port of ['0', '65535', 'abc']) {
      assert.match(problemsOf({ DESKGATE_RENDEZVOUS_PORT: port }).join(), /DESKGATE_RENDEZVOUS_PORT must be a whole number from 2 to 65532/, port);
    }
  });

  it('keeps the rendezvous and relay servers off unless asked, and reads their ports, limits and switches', () => {
    const defaults = loadConfig({ DESKGATE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cfg-')) });
    assert.equal(defaults.rendezvous, false);
    assert.equal(defaults.natPort, undefined);
    assert.equal(defaults.relayBandwidth, 0);
    assert.equal(defaults.registrationsPerDay, 300);
    for (const on of ['on', 'true', '1', 'YES']) assert.equal(loadConfig({ DESKGATE_RENDEZVOUS: on }).rendezvous, true, on);
    for (const off of ['off', 'false', '0', 'no']) assert.equal(loadConfig({ DESKGATE_RENDEZVOUS: off }).rendezvous, false, off);
    assert.match(problemsOf({ DESKGATE_RENDEZVOUS: 'maybe' }).join(), /DESKGATE_RENDEZVOUS must be on or off/);
    const ports = loadConfig({ DESKGATE_NAT_PORT: '0', DESKGATE_RELAY_PORT: '4000', DESKGATE_RENDEZVOUS_WS_PORT: '4001', DESKGATE_RELAY_WS_PORT: '4002' });
    assert.deepEqual([ports.natPort, ports.relayPort, ports.rendezvousWsPort, ports.relayWsPort], [0, 4000, 4001, 4002]);
    assert.match(problemsOf({ DESKGATE_RELAY_PORT: '70000' }).join(), /DESKGATE_RELAY_PORT must be a whole number from 0 to 65535/);
    assert.match(problemsOf({ DESKGATE_RELAY_BANDWIDTH: '-1' }).join(), /DESKGATE_RELAY_BANDWIDTH/);
  });

  it('reads deskgate.json from the data directory, and the environment wins', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const dataDir = path.join(cwd, 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'deskgate.json'), JSON.stringify({ port: 8080, tokenTtlDays: 7 }));
    const fromFile = loadConfig({}, { cwd });
    assert.equal(fromFile.port, 8080);
    assert.equal(fromFile.tokenTtlDays, 7);
    assert.equal(loadConfig({ DESKGATE_PORT: '9090' }, { cwd }).port, 9090);
  });

  it('reports an unknown key, bad JSON, or a missing --config file by name', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    writeFileSync(path.join(cwd, 'typo.json'), JSON.stringify({ prot: 1 }));
    writeFileSync(path.join(cwd, 'broken.json'), '{');
    assert.match(problemsOf({}, { cwd, configFile: 'typo.json' }).join(), /unknown setting "prot"/);
    assert.match(problemsOf({}, { cwd, configFile: 'broken.json' }).join(), /not valid JSON/);
    assert.match(problemsOf({}, { cwd, configFile: 'absent.json' }).join(), /not found/);
  });

  it('documents every setting in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const setting of settings) assert.ok(readme.includes(`\`${setting.env}\``), `${setting.env} is missing from README.md`);
  });

  it('leaves the environment to the process entry alone', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts') && !full.endsWith(path.join('cli', 'context.ts')) && readFileSync(full, 'utf8').includes('process.env')) {
          offenders.push(full);
        }
      }
    };
    walk(new URL('../src', import.meta.url).pathname);
    assert.deepEqual(offenders, []);
  });
});

