import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AbViewer } from '../../../src/domain/address-book.js';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD } from '../../support/fixtures.js';
import { DEVICE, dart, emptyPost, gzipped, legacyAbGet, rust } from '../../support/rustdesk-client.js';
import {
  ClientParseError,
  defaultPassword,
  parseAbProfile,
  parseLegacyAb,
  parseMutationAnswer,
  parsePage,
  parsePeer,
  parseTags,
  type ClientAbProfile,
  type ClientPeer,
} from '../../support/rustdesk-ab-model.js';
import { errorBodyProblems } from '../../support/rustdesk-shapes.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

/** What the client holds after a full pull (§8.2). */
interface Pulled {
  personal: string;
  maxPeers: number;
  profiles: ClientAbProfile[];
  books: Map<string, { peers: ClientPeer[]; rawPeers: unknown[]; tags: { name: string; color: number }[] }>;
}

describe('the strict model of the client’s address-book parsers fails on what breaks the client', () => {
  const good = {
    id: '123', hash: '', username: 'u', hostname: 'h', platform: 'Linux', alias: '', tags: ['a'], forceAlwaysRelay: 'false',
    rdpPort: '', rdpUsername: '', loginName: '', device_group_name: '', note: '', same_server: null,
  };
  it('accepts a good peer, profile, tag list and legacy book', () => {
    assert.equal(parsePeer(good).platform, 'Linux');
    assert.equal(parsePeer({ ...good, forceAlwaysRelay: 'true' }).forceAlwaysRelay, true);
    assert.equal(parseAbProfile({ guid: 'g', name: 'n', owner: 'o', note: '', rule: 2, info: { password: 'p' } }).rule, 2);
    assert.deepEqual(parseTags([{ name: 'a', color: 4280391411 }]), [{ name: 'a', color: 4280391411 }]);
    assert.deepEqual(parseLegacyAb('null').peers, []);
  });
  it('throws on forceAlwaysRelay true, tags as a string, a number for a string, a missing colour, a bool rule, an object data or tag_colors, a page without total, a change answered {} or 204', () => {
    for (const bad of [
      () => parsePeer({ ...good, forceAlwaysRelay: true }),
      () => parsePeer({ ...good, tags: 'a,b' }),
      () => parsePeer({ ...good, hostname: 42 }),
      () => parsePeer({ ...good, same_server: 'true' }),
      () => parseTags([{ name: 'a' }]),
      () => parseTags({ total: 1, data: [] }),
      () => parseAbProfile({ guid: 'g', name: 'n', owner: 'o', rule: true }),
      () => parseLegacyAb(JSON.stringify({ data: { tags: [], peers: [] } })),
      () => parseLegacyAb(JSON.stringify({ data: JSON.stringify({ tags: [], peers: [], tag_colors: { a: 1 } }) })),
      () => parsePage({ data: [good] }, parsePeer),
      () => parsePage({ total: '1', data: [good] }, parsePeer),
      () => parseMutationAnswer(200, '{}'),
      () => parseMutationAnswer(204, ''),
    ]) {
      assert.throws(bad, ClientParseError);
    }
  });
});

for (const engine of await testEngines()) {
  describe(`RustDesk client address books (${engine})`, () => {
    let t: TestApp;
    const tokens: Record<string, string> = {};
    const viewers: Record<string, AbViewer> = {};
    const groupIds: Record<string, string> = {};
    let team = '';
    let hidden = '';

    async function person(name: string, groups: string[] = [], isAdmin = false): Promise<void> {
      const user = await t.services.users.create(systemActor, { name, password: PASSWORD, is_admin: isAdmin, ...(groups.length ? { group_ids: groups.map((g) => groupIds[g]!) } : {}) });
      viewers[name] = { user_id: user.id, is_admin: isAdmin };
      tokens[name] = await t.services.accessTokens.issue(user.id, { deviceId: `c-${name}`, uuid: `${DEVICE.uuid}${name}`, deviceInfo: {}, ip: '127.0.0.1' });
    }

    async function ok(request: InjectOptions): Promise<LightMyRequestResponse> {
      const response = await t.app.inject(request);
      assert.equal(response.statusCode, 200, `${request.method} ${request.url}: ${response.body}`);
      assert.equal(response.headers['content-type'], JSON_UTF8, `${request.url}`);
      return response;
    }

    /** §8.3, §12 item 1: exactly 200 with an empty body. */
    async function changed(method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, who: string): Promise<void> {
      const response = await t.app.inject(dart(method, url, body, tokens[who]));
      assert.doesNotThrow(() => parseMutationAnswer(response.statusCode, response.body), `${method} ${url}: ${response.statusCode} ${response.body}`);
    }

    /** A 4xx `{"error": "…"}` the client shows (§3). */
    async function refused(request: InjectOptions, status?: number): Promise<string> {
      const response = await t.app.inject(request);
      const where = `${request.method} ${request.url}: ${response.statusCode} ${response.body.slice(0, 200)}`;
      if (status !== undefined) assert.equal(response.statusCode, status, where);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, where);
      assert.equal(response.headers['content-type'], JSON_UTF8, where);
      const body = response.json() as unknown;
      assert.deepEqual(errorBodyProblems(body), [], where);
      return (body as { error: string }).error;
    }

    /** The client's full pull (§8.2, `AbModel._pullAb`): exact requests, pages looped as §10 says, every answer through the strict model. */
    async function pull(who: string): Promise<Pulled> {
      const token = tokens[who]!;
      const personal = (await ok(emptyPost('/api/ab/personal', token))).json() as { guid: unknown };
      assert.equal(typeof personal.guid, 'string');
      const settings = (await ok(emptyPost('/api/ab/settings', token))).json() as { max_peer_one_ab: unknown };
      assert.ok(Number.isInteger(settings.max_peer_one_ab));
      const profiles: ClientAbProfile[] = [];
      for (let current = 1, total = 0; current === 1 || (current - 1) * 100 < total; current++) {
        const page = parsePage((await ok(emptyPost(`/api/ab/shared/profiles?current=${current}&pageSize=100`, token))).json(), parseAbProfile);
        total = page.total;
        profiles.push(...page.data);
      }
      // Keyed by name on the client (§12 item 12): unique, and never the personal book's.
      const names = profiles.map((p) => p.name);
      assert.equal(new Set(names).size, names.length);
      assert.ok(!names.includes('My address book') && !profiles.some((p) => p.guid === personal.guid));
      const books = new Map<string, { peers: ClientPeer[]; rawPeers: unknown[]; tags: { name: string; color: number }[] }>();
      for (const guid of [personal.guid as string, ...profiles.map((p) => p.guid)]) {
        const rawPeers: unknown[] = [];
        for (let current = 1, total = 0; current === 1 || (current - 1) * 100 < total; current++) {
          const body = (await ok(emptyPost(`/api/ab/peers?current=${current}&pageSize=100&ab=${guid}`, token))).json();
          const page = parsePage(body, parsePeer);
          total = page.total;
          rawPeers.push(...(body as { data: unknown[] }).data);
        }
        const tags = parseTags((await ok(emptyPost(`/api/ab/tags/${guid}`, token))).json());
        books.set(guid, { peers: rawPeers.map((peer) => parsePeer(peer)), rawPeers, tags });
      }
      return { personal: personal.guid as string, maxPeers: settings.max_peer_one_ab as number, profiles, books };
    }

    before(async () => {
      t = await buildTestApp(engine);
      for (const name of ['Sales', 'Support']) groupIds[name] = (await t.services.groups.create(systemActor, { name })).id;
      await person('root', [], true);
      await person('owner');
      await person('alice', ['Sales']);
      await person('bob', ['Sales', 'Support']);
      await person('carol');
      await person('dave', ['Support']);
      const ab = t.services.addressBooks;
      team = (await ab.createShared(systemActor, viewers.owner!, { name: 'Team', note: 'the team', password: 'team-default' })).guid;
      await ab.addRule(systemActor, viewers.owner!, team, { everyone: true }, 1);
      await ab.addRule(systemActor, viewers.owner!, team, { group_id: groupIds.Sales! }, 2);
      await ab.addRule(systemActor, viewers.owner!, team, { group_id: groupIds.Support! }, 3);
      await ab.addRule(systemActor, viewers.owner!, team, { user_id: viewers.bob!.user_id }, 1);
      hidden = (await ab.createShared(systemActor, viewers.owner!, { name: 'Private' })).guid;
    });
    after(() => t.close());

    it('answers the client’s pull (§8.2) in the shapes Dart parses: its personal book, the settings, the shared books it may read with their rules and default password', async () => {
      const alice = await pull('alice');
      assert.equal(alice.maxPeers, 0);
      assert.deepEqual(alice.profiles, [{ guid: team, name: 'Team', owner: 'owner', note: 'the team', rule: 2, info: { password: 'team-default' } }]);
      assert.equal(defaultPassword(alice.profiles[0]!), 'team-default');
      assert.deepEqual([...alice.books.keys()], [alice.personal, team]);
      // The same personal book on every pull; the same for any device of the same person.
      assert.equal((await pull('alice')).personal, alice.personal);
      // Without a default password, `info` holds none.
      const owners = await pull('owner');
      assert.deepEqual(owners.profiles.map((p) => [p.name, p.rule, defaultPassword(p)]), [['Private', 3, ''], ['Team', 3, 'team-default']]);
    });

    it('gives each person the rule that applies: their own, else their groups’ highest, else everyone’s; the owner and administrators full control', async () => {
      const ruleOf = async (who: string) => (await pull(who)).profiles.find((p) => p.guid === team)?.rule;
      assert.deepEqual(
        [await ruleOf('alice'), await ruleOf('bob'), await ruleOf('carol'), await ruleOf('dave'), await ruleOf('owner'), await ruleOf('root')],
        [2, 1, 1, 3, 3, 3],
      );
    });

    it('shows a person nothing of a shared book they have no rule on', async () => {
      assert.deepEqual((await pull('carol')).profiles.map((p) => p.name), ['Team']);
      assert.deepEqual((await pull('root')).profiles.map((p) => p.name), ['Private', 'Team']);
      for (const request of [
        emptyPost(`/api/ab/peers?current=1&pageSize=100&ab=${hidden}`, tokens.carol),
        emptyPost(`/api/ab/tags/${hidden}`, tokens.carol),
        dart('POST', `/api/ab/peer/add/${hidden}`, { id: '100000001' }, tokens.carol),
        dart('DELETE', `/api/ab/tag/${hidden}`, ['x'], tokens.carol),
      ]) {
        assert.equal(await refused(request, 404), 'Address book not found');
      }
      // Nor another person's personal book, administrators included.
      const alices = (await pull('alice')).personal;
      await refused(emptyPost(`/api/ab/peers?current=1&pageSize=100&ab=${alices}`, tokens.root), 404);
      await refused(dart('POST', `/api/ab/peer/add/${alices}`, { id: '100000001' }, tokens.root), 404);
    });

    it('takes every change the client makes (§8.3) with 200 and an empty body, and the next pull shows it', async () => {
      // "Add ID": {id, alias, tags, password?, note?}.
      await changed('POST', `/api/ab/tag/add/${team}`, { name: 'servers', color: 4280391411 }, 'alice');
      t.clock.advance(1);
      await changed('POST', `/api/ab/tag/add/${team}`, { name: 'linux', color: 4294198070 }, 'alice');
      await changed('POST', `/api/ab/peer/add/${team}`, { id: '100000001', alias: 'db', tags: ['servers'], password: 'db-pass', note: 'primary' }, 'alice');
      // "Add to address book" from a peer card: the whole Peer.toJson() but password and hash.
      const card = {
        id: '100000002', username: 'admin', hostname: 'web-1', platform: 'Linux', alias: 'web', tags: ['servers', 'linux'], forceAlwaysRelay: 'false',
        rdpPort: '3389', rdpUsername: 'rdp', loginName: 'alice', device_group_name: 'Servers', note: '', same_server: false,
      };
      await changed('POST', `/api/ab/peer/add/${team}`, card, 'alice');
      let book = (await pull('alice')).books.get(team)!;
      assert.deepEqual(book.rawPeers, [
        {
          id: '100000001', password: 'db-pass', username: '', hostname: '', platform: '', alias: 'db', tags: ['servers'], forceAlwaysRelay: 'false',
          rdpPort: '', rdpUsername: '', loginName: '', device_group_name: '', note: 'primary', same_server: null,
        },
        { ...card, password: '' },
      ]);
      assert.deepEqual(book.tags, [{ name: 'servers', color: 4280391411 }, { name: 'linux', color: 4294198070 }]);

      // Edit tags, rename alias, edit note, set the shared password, sync from recent sessions: partial updates.
      await changed('PUT', `/api/ab/peer/update/${team}`, { id: '100000001', tags: ['servers', 'linux'] }, 'alice');
      await changed('PUT', `/api/ab/peer/update/${team}`, { id: '100000001', alias: 'database' }, 'alice');
      await changed('PUT', `/api/ab/peer/update/${team}`, { id: '100000001', note: 'replica' }, 'alice');
      await changed('PUT', `/api/ab/peer/update/${team}`, { id: '100000001', password: 'new-pass' }, 'alice');
      await changed('PUT', `/api/ab/peer/update/${team}`, { id: '100000001', username: 'postgres', hostname: 'db-1', platform: 'Linux' }, 'alice');
      await changed('PUT', `/api/ab/peer/update/${team}`, { id: '100000002', forceAlwaysRelay: 'true', same_server: true }, 'alice');
      book = (await pull('carol')).books.get(team)!;
      const [db, web] = book.peers;
      assert.deepEqual(
        [db?.alias, db?.note, db?.tags, db?.password, db?.username, db?.hostname, db?.platform, db?.rdpPort],
        ['database', 'replica', ['servers', 'linux'], 'new-pass', 'postgres', 'db-1', 'Linux', ''],
      );
      assert.deepEqual([web?.forceAlwaysRelay, web?.sameServer, web?.alias, web?.rdpPort], [true, true, 'web', '3389']);

      // Tags: rename rewrites every peer's list, a colour change, delete takes them off peers.
      await changed('PUT', `/api/ab/tag/rename/${team}`, { old: 'servers', new: 'prod' }, 'alice');
      await changed('PUT', `/api/ab/tag/update/${team}`, { name: 'linux', color: 4278255360 }, 'alice');
      book = (await pull('alice')).books.get(team)!;
      assert.deepEqual(book.peers.map((p) => p.tags), [['prod', 'linux'], ['prod', 'linux']]);
      assert.deepEqual(book.tags, [{ name: 'prod', color: 4280391411 }, { name: 'linux', color: 4278255360 }]);
      assert.match(await refused(dart('PUT', `/api/ab/tag/rename/${team}`, { old: 'prod', new: 'linux' }, tokens.alice), 409), /already exists/);
      await changed('DELETE', `/api/ab/tag/${team}`, ['linux'], 'alice');
      book = (await pull('alice')).books.get(team)!;
      assert.deepEqual(book.peers.map((p) => p.tags), [['prod'], ['prod']]);
      assert.deepEqual(book.tags.map((tag) => tag.name), ['prod']);

      // Delete peers: a JSON array of ids.
      await changed('DELETE', `/api/ab/peer/${team}`, ['100000002'], 'alice');
      assert.deepEqual((await pull('alice')).books.get(team)!.peers.map((p) => p.id), ['100000001']);
    });

    it('keeps a personal book’s saved password hashes (and no passwords), from the client’s automatic save to "forget password"', async () => {
      const alice = await pull('alice');
      const mine = alice.personal;
      await changed('POST', `/api/ab/peer/add/${mine}`, { id: '200000001', alias: 'home', tags: [] }, 'alice');
      await changed('PUT', `/api/ab/peer/update/${mine}`, { id: '200000001', hash: 'q83vEjRWeJA=' }, 'alice');
      let [home] = (await pull('alice')).books.get(mine)!.rawPeers as Record<string, unknown>[];
      assert.equal(home?.hash, 'q83vEjRWeJA=');
      assert.ok(!('password' in home!));
      await changed('PUT', `/api/ab/peer/update/${mine}`, { id: '200000001', hash: '' }, 'alice');
      [home] = (await pull('alice')).books.get(mine)!.rawPeers as Record<string, unknown>[];
      assert.equal(home?.hash, '');
    });

    it('refuses changes to a read-only book with a 403 the client shows, and an id that is there already', async () => {
      for (const [method, url, body] of [
        ['POST', `/api/ab/peer/add/${team}`, { id: '300000001' }],
        ['PUT', `/api/ab/peer/update/${team}`, { id: '100000001', alias: 'x' }],
        ['DELETE', `/api/ab/peer/${team}`, ['100000001']],
        ['POST', `/api/ab/tag/add/${team}`, { name: 'x', color: 1 }],
        ['PUT', `/api/ab/tag/rename/${team}`, { old: 'prod', new: 'x' }],
        ['PUT', `/api/ab/tag/update/${team}`, { name: 'prod', color: 1 }],
        ['DELETE', `/api/ab/tag/${team}`, ['prod']],
      ] as const) {
        for (const who of ['bob', 'carol']) assert.equal(await refused(dart(method, url, body, tokens[who]), 403), 'This address book is read-only for you');
      }
      assert.deepEqual((await pull('alice')).books.get(team)!.peers.map((p) => [p.id, p.alias]), [['100000001', 'database']]);
      await refused(dart('POST', `/api/ab/peer/add/${team}`, { id: '100000001' }, tokens.alice), 409);
      await refused(dart('PUT', `/api/ab/peer/update/${team}`, { id: '999999999', alias: 'x' }, tokens.alice), 404);
    });

    it('caps each book at max_peer_one_ab, which the client reads from /api/ab/settings', async () => {
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 2);
      const dave = await pull('dave');
      assert.equal(dave.maxPeers, 2);
      await changed('POST', `/api/ab/peer/add/${team}`, { id: '300000002' }, 'dave');
      assert.equal(await refused(dart('POST', `/api/ab/peer/add/${team}`, { id: '300000003' }, tokens.dave), 403), 'exceed_max_devices');
      // A deleted peer leaves room.
      await changed('DELETE', `/api/ab/peer/${team}`, ['300000002'], 'dave');
      await changed('POST', `/api/ab/peer/add/${team}`, { id: '300000003' }, 'dave');
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
    });

    it('answers every read route on GET and on POST, with or without the JSON type and an empty body', async () => {
      const token = tokens.alice!;
      const auth = { authorization: `Bearer ${token}` };
      for (const url of ['/api/ab/personal', '/api/ab/settings', '/api/ab/shared/profiles?current=1&pageSize=100', `/api/ab/peers?current=1&pageSize=100&ab=${team}`, `/api/ab/tags/${team}`]) {
        const get = await ok({ method: 'GET', url, headers: auth });
        const post = await ok(emptyPost(url, token));
        assert.deepEqual(get.json(), post.json(), url);
        await ok({ method: 'POST', url, headers: auth });
        await ok({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json; charset=utf-8' }, payload: '{}' });
      }
      // No paging parameters: the first page of 100; a bigger page is served as 100.
      const peers = (await pull('alice')).books.get(team)!.peers.length;
      assert.ok(peers > 0);
      assert.equal(((await ok(emptyPost(`/api/ab/peers?ab=${team}`, token))).json() as { total: number }).total, peers);
      assert.equal(((await ok(emptyPost(`/api/ab/peers?current=1&pageSize=5000&ab=${team}`, token))).json() as { data: unknown[] }).data.length, peers);
    });

    it('pages a big book as the client loops (§10), with an integer total on every page', async () => {
      const big = (await t.services.addressBooks.createShared(systemActor, viewers.owner!, { name: 'Big' })).guid;
      for (let i = 0; i < 230; i++) await t.services.addressBooks.addPeer(viewers.owner!, big, { id: `4${String(i).padStart(8, '0')}`, fields: {} });
      const book = (await pull('owner')).books.get(big)!;
      assert.equal(book.peers.length, 230);
      assert.equal(new Set(book.peers.map((p) => p.id)).size, 230);
      const last = parsePage((await ok(emptyPost(`/api/ab/peers?current=3&pageSize=100&ab=${big}`, tokens.owner))).json(), parsePeer);
      assert.deepEqual([last.total, last.data.length], [230, 30]);
      assert.deepEqual(parsePage((await ok(emptyPost(`/api/ab/peers?current=9&pageSize=100&ab=${big}`, tokens.owner))).json(), parsePeer), { total: 230, data: [] });
      await t.services.addressBooks.deleteShared(systemActor, viewers.owner!, big);
    });

    it('serves the personal book as the legacy book (§8.4): null when empty, a JSON string with tag_colors a JSON string, pushed back whole, gzipped too', async () => {
      const legacy = async (who: string) => {
        const response = await t.app.inject(legacyAbGet(tokens[who]!));
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.headers['content-type'], JSON_UTF8);
        return { body: response.body, book: parseLegacyAb(response.body) };
      };
      assert.equal((await legacy('dave')).body, 'null');

      // Pushed by a legacy client: {data: "<json string>"}, then read back, then seen in shared mode.
      const blob = {
        tags: ['home', 'work'],
        peers: [
          { id: '500000001', username: 'me', hostname: 'pc', platform: 'Windows', alias: 'desk', tags: ['home'], hash: 'aGFzaA==' },
          { id: '500000002', username: '', hostname: '', platform: 'Mac OS', alias: '', tags: [], hash: '' },
        ],
        tag_colors: JSON.stringify({ home: 4280391411 }),
      };
      await changed('POST', '/api/ab', { data: JSON.stringify(blob) }, 'dave');
      const { book } = await legacy('dave');
      assert.deepEqual(book.tags, ['home', 'work']);
      assert.equal(book.tagColors.home, 4280391411);
      // A tag without a colour gets the one the client would draw it in.
      assert.ok(Number.isInteger(book.tagColors.work) && book.tagColors.work! >= 0xff000000);
      assert.deepEqual(book.peers.map((p) => [p.id, p.username, p.hostname, p.platform, p.alias, p.tags, p.hash]), [
        ['500000001', 'me', 'pc', 'Windows', 'desk', ['home'], 'aGFzaA=='],
        ['500000002', '', '', 'Mac OS', '', [], ''],
      ]);
      const shared = await pull('dave');
      assert.deepEqual(shared.books.get(shared.personal)!.peers.map((p) => [p.id, p.alias, p.hash]), [['500000001', 'desk', 'aGFzaA=='], ['500000002', '', '']]);
      // A change in shared mode shows in the legacy book: the same data.
      await changed('PUT', `/api/ab/peer/update/${shared.personal}`, { id: '500000002', alias: 'laptop', note: 'kept' }, 'dave');
      assert.equal((await legacy('dave')).book.peers[1]?.alias, 'laptop');

      // Clients ≤ 1.4.4 gzip the push; a peer left out goes to the bin, the note of one kept stays.
      const smaller = { tags: ['work'], peers: [{ id: '500000002', username: '', hostname: '', platform: 'Mac OS', alias: 'laptop', tags: ['work'], hash: 'bmV3' }], tag_colors: '{"work":1}' };
      const gz = await t.app.inject(gzipped('/api/ab', { data: JSON.stringify(smaller) }, tokens.dave));
      assert.deepEqual([gz.statusCode, gz.body], [200, '']);
      const after = (await legacy('dave')).book;
      assert.deepEqual(after.peers.map((p) => [p.id, p.tags, p.hash]), [['500000002', ['work'], 'bmV3']]);
      assert.deepEqual(after.tagColors, { work: 1 });
      assert.equal((await pull('dave')).books.get(shared.personal)!.peers[0]?.note, 'kept');

      // The Sciter UI: POST /api/ab/get {} ⇒ {data, updated_at}.
      const sciter = (await ok(rust('/api/ab/get', {}, tokens.dave))).json() as { data: string; updated_at: number };
      assert.ok(Number.isInteger(sciter.updated_at));
      assert.deepEqual(parseLegacyAb(JSON.stringify({ data: sciter.data })).peers.map((p) => p.id), ['500000002']);
      const empty = (await ok(rust('/api/ab/get', {}, tokens.carol))).json() as { data: string };
      assert.deepEqual(JSON.parse(empty.data), { tags: [], peers: [], tag_colors: '{}' });

      // The cap holds for a push too.
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 1);
      assert.equal(await refused(dart('POST', '/api/ab', { data: JSON.stringify(blob) }, tokens.dave), 403), 'exceed_max_devices');
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
    });

    it('answers 401 JSON on every route for a missing, empty or unknown token, so the client signs out', async () => {
      for (const token of [undefined, '', 'not-a-token']) {
        for (const request of [
          emptyPost('/api/ab/personal', token),
          emptyPost('/api/ab/settings', token),
          emptyPost('/api/ab/shared/profiles?current=1&pageSize=100', token),
          emptyPost(`/api/ab/peers?current=1&pageSize=100&ab=${team}`, token),
          emptyPost(`/api/ab/tags/${team}`, token),
          dart('POST', `/api/ab/peer/add/${team}`, { id: '1' }, token),
          dart('PUT', `/api/ab/peer/update/${team}`, { id: '1' }, token),
          dart('DELETE', `/api/ab/peer/${team}`, ['1'], token),
          dart('POST', `/api/ab/tag/add/${team}`, { name: 'x', color: 1 }, token),
          dart('PUT', `/api/ab/tag/rename/${team}`, { old: 'x', new: 'y' }, token),
          dart('PUT', `/api/ab/tag/update/${team}`, { name: 'x', color: 1 }, token),
          dart('DELETE', `/api/ab/tag/${team}`, ['x'], token),
          { method: 'GET' as const, url: '/api/ab', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } },
          rust('/api/ab/get', {}, token),
          dart('POST', '/api/ab', { data: '{}' }, token),
        ]) {
          await refused(request, 401);
        }
      }
    });

    it('refuses malformed input on every route with a 4xx JSON error, never a 500', async () => {
      const token = tokens.owner!;
      const json = (method: InjectOptions['method'], url: string, payload: string): InjectOptions => ({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        payload,
      });
      const routes: { method: 'POST' | 'PUT' | 'DELETE'; url: (guid: string) => string; body: unknown }[] = [
        { method: 'POST', url: (g) => `/api/ab/peer/add/${g}`, body: { id: '600000001', alias: 'a', tags: ['t'], note: 'n', password: 'p', forceAlwaysRelay: 'false', same_server: null } },
        { method: 'PUT', url: (g) => `/api/ab/peer/update/${g}`, body: { id: '100000001', alias: 'b', hostname: 'h' } },
        { method: 'DELETE', url: (g) => `/api/ab/peer/${g}`, body: ['600000001'] },
        { method: 'POST', url: (g) => `/api/ab/tag/add/${g}`, body: { name: 't', color: 4280391411 } },
        { method: 'PUT', url: (g) => `/api/ab/tag/rename/${g}`, body: { old: 't', new: 'u' } },
        { method: 'PUT', url: (g) => `/api/ab/tag/update/${g}`, body: { name: 'u', color: 1 } },
        { method: 'DELETE', url: (g) => `/api/ab/tag/${g}`, body: ['u'] },
        { method: 'POST', url: () => '/api/ab', body: { data: JSON.stringify({ tags: [], peers: [{ id: '600000001', alias: '' }], tag_colors: '{}' }) } },
      ];
      const wrong = (value: unknown): unknown[] => {
        if (typeof value === 'string') return [12345, { $ne: '' }, ['x'], true, null];
        if (typeof value === 'number') return ['1', 1.5, -1, 2 ** 33, true, null];
        if (Array.isArray(value)) return ['x', { 0: 'x' }, [123], [null], [['x']]];
        return [];
      };
      for (const route of routes) {
        const url = route.url(team);
        const cases: [string, InjectOptions, number?][] = [
          ['bad JSON', json(route.method, url, '{"id": '), 400],
          ['JSON null', json(route.method, url, 'null'), 400],
          ['a JSON string', json(route.method, url, '"x"'), 400],
          ['a number', json(route.method, url, '42'), 400],
          ['the other container', json(route.method, url, Array.isArray(route.body) ? '{"0":"x"}' : '[]'), 400],
          ['deep nesting', json(route.method, url, `${'['.repeat(50_000)}${']'.repeat(50_000)}`)],
          ['a body over 1 MiB', json(route.method, url, JSON.stringify(Array.isArray(route.body) ? ['x'.repeat(1_100_000)] : { ...(route.body as object), pad: 'x'.repeat(1_100_000) })), 413],
          ['no body', { method: route.method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '0' }, payload: '' }, 400],
        ];
        if (!url.endsWith('/api/ab')) {
          cases.push(['an unknown guid', json(route.method, route.url('00000000-0000-4000-8000-000000000000'), JSON.stringify(route.body)), 404]);
          cases.push(['an over-long guid', json(route.method, route.url('x'.repeat(300)), JSON.stringify(route.body))]);
          cases.push(['a guid with odd characters', json(route.method, route.url('..%2f..%2fetc'), JSON.stringify(route.body))]);
        }
        if (Array.isArray(route.body)) {
          for (const bad of wrong(route.body)) cases.push([`the array as ${JSON.stringify(bad)}`, json(route.method, url, JSON.stringify(bad)), 400]);
          cases.push(['an item as a number', json(route.method, url, '[123]'), 400]);
          cases.push(['an empty item', json(route.method, url, '[""]'), 400]);
          cases.push(['an over-long item', json(route.method, url, JSON.stringify(['x'.repeat(200)])), 400]);
          cases.push(['too many items', json(route.method, url, JSON.stringify(Array.from({ length: 20_000 }, (_, i) => `${i}`))), 400]);
        } else {
          for (const [field, value] of Object.entries(route.body as Record<string, unknown>)) {
            for (const bad of wrong(value)) {
              // same_server: null is its valid "unknown"; forceAlwaysRelay may be a boolean too.
              if (field === 'same_server' || (field === 'forceAlwaysRelay' && bad === true)) continue;
              cases.push([`${field} as ${JSON.stringify(bad)}`, json(route.method, url, JSON.stringify({ ...(route.body as object), [field]: bad })), 400]);
            }
            if (typeof value === 'string') cases.push([`a huge ${field}`, json(route.method, url, JSON.stringify({ ...(route.body as object), [field]: 'a'.repeat(100_000) })), 400]);
            if (field !== 'data') cases.push([`${field} missing`, json(route.method, url, JSON.stringify({ ...(route.body as object), [field]: undefined }))]);
          }
        }
        for (const [name, request, status] of cases) {
          const response = await t.app.inject(request);
          const where = `${route.method} ${url.slice(0, 60)} ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, where);
          // A missing optional field is fine: the change happens.
          if (response.statusCode === 200 && name.endsWith('missing')) continue;
          if (status !== undefined) assert.equal(response.statusCode, status, where);
          assert.ok(response.statusCode >= 400, where);
          assert.deepEqual(errorBodyProblems(response.json()), [], where);
        }
      }
      // The legacy push's blob, wrong inside.
      for (const data of [
        'not json',
        '[]',
        '"x"',
        JSON.stringify({ peers: 'x' }),
        JSON.stringify({ peers: [{ alias: 'no id' }] }),
        JSON.stringify({ peers: [{ id: 1 }] }),
        JSON.stringify({ peers: [{ id: 'a', tags: 'x' }] }),
        JSON.stringify({ peers: [{ id: 'a', hash: 5 }] }),
        JSON.stringify({ tags: 'x' }),
        JSON.stringify({ tags: [1] }),
        JSON.stringify({ tags: ['a'], tag_colors: 'not json' }),
        JSON.stringify({ tags: ['a'], tag_colors: '{"a":"red"}' }),
        JSON.stringify({ tags: ['a'], tag_colors: '{"a":-1}' }),
        JSON.stringify({ tags: ['a'], tag_colors: '[1]' }),
        JSON.stringify({ tags: Array.from({ length: 2_000 }, (_, i) => `t${i}`) }),
      ]) {
        await refused(json('POST', '/api/ab', JSON.stringify({ data })), 400);
      }
      await refused(json('POST', '/api/ab', JSON.stringify({ data: { tags: [] } })), 400);
      await refused({ method: 'POST', url: '/api/ab', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: 'not gzip' });
      // Read routes: paging, the book, a body that is not JSON.
      for (const query of ['current=0', 'current=-1', 'current=abc', 'pageSize=0', 'pageSize=abc', 'current=1&current=2']) {
        await refused(emptyPost(`/api/ab/shared/profiles?${query}`, token), 400);
        await refused(emptyPost(`/api/ab/peers?${query}&ab=${team}`, token), 400);
      }
      await refused(emptyPost('/api/ab/peers?current=1&pageSize=100', token), 400);
      await refused(emptyPost('/api/ab/peers?current=1&pageSize=100&ab=', token), 400);
      await refused(emptyPost(`/api/ab/peers?current=1&pageSize=100&ab=${'x'.repeat(101)}`, token), 400);
      await refused(emptyPost('/api/ab/peers?current=1&pageSize=100&ab=00000000-0000-4000-8000-000000000000', token), 404);
      await refused(emptyPost('/api/ab/tags/00000000-0000-4000-8000-000000000000', token), 404);
      for (const url of ['/api/ab/personal', '/api/ab/settings', `/api/ab/tags/${team}`, '/api/ab/get']) await refused(json('POST', url, '{"broken": '), 400);
      // What got in (the cases with an optional field left out) is still what the client parses.
      await pull('owner');
    });
  });
}
