import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Headers = Record<string, string>;

interface Book {
  guid: string;
  kind: string;
  owner_id: string;
  owner_name: string;
  name: string;
  note: string;
  has_password: boolean;
  accept_presets: boolean;
  rule: number;
  peer_count: number;
}
interface Rule {
  guid: string;
  subject: string;
  user_id: string | null;
  group_id: string | null;
  subject_name: string;
  rule: number;
}
type Peer = Record<string, unknown> & { id: string; alias: string; tags: string[]; note: string; has_password: boolean; deleted_at: number | null };

const ADMIN = '/api/admin/address-books';
const ACCOUNT = '/api/account/address-books';

/** Every address-book route with a valid example; `:id` is a book's guid (or a rule's, for the rule routes). */
function routesUnder(base: '/api/admin' | '/api/account'): (RouteExample & { id: 'book' | 'rule' })[] {
  const books = `${base}/address-books`;
  return [
    { method: 'GET', path: books, paged: true, id: 'book' },
    { method: 'POST', path: books, body: { name: 'Target', note: 'n', password: 'secret', owner_id: randomUUID() }, id: 'book' },
    { method: 'GET', path: `${books}/:id`, id: 'book' },
    // `password: null` clears it: tried on its own below, not as a wrong type here.
    { method: 'PATCH', path: `${books}/:id`, id: 'book', body: { name: 'Target', note: 'n', accept_presets: false } },
    { method: 'DELETE', path: `${books}/:id`, id: 'book' },
    { method: 'GET', path: `${books}/:id/rules`, id: 'book' },
    { method: 'POST', path: `${books}/:id/rules`, id: 'book', body: { subject: 'user', name: 'nobody-here', rule: 1 } },
    { method: 'PATCH', path: `${base}/address-book-rules/:id`, id: 'rule', body: { rule: 2 } },
    { method: 'DELETE', path: `${base}/address-book-rules/:id`, id: 'rule' },
    { method: 'GET', path: `${books}/:id/peers`, id: 'book', paged: true },
    { method: 'POST', path: `${books}/:id/peers`, id: 'book', body: { id: '777000999', alias: 'a', tags: ['x'], note: 'n', password: 'p', hostname: 'h' } },
    { method: 'PATCH', path: `${books}/:id/peers/111222333`, id: 'book', body: { alias: 'a', tags: ['x'], note: 'n', password: 'p' } },
    { method: 'DELETE', path: `${books}/:id/peers/111222333`, id: 'book' },
    { method: 'GET', path: `${books}/:id/recycle-bin`, id: 'book', paged: true },
    { method: 'POST', path: `${books}/:id/recycle-bin/restore`, id: 'book', body: { ids: ['777000999'] } },
    { method: 'GET', path: `${books}/:id/tags`, id: 'book' },
    { method: 'POST', path: `${books}/:id/tags`, id: 'book', body: { name: 'Target', color: 4280391411 } },
    { method: 'POST', path: `${books}/:id/tags/rename`, id: 'book', body: { from: 'nope', to: 'Target' } },
    { method: 'PUT', path: `${books}/:id/tags/color`, id: 'book', body: { name: 'nope', color: 4280391411 } },
    { method: 'POST', path: `${books}/:id/tags/delete`, id: 'book', body: { names: ['nope'] } },
  ];
}

for (const engine of await testEngines()) {
  describe(`admin and account API: address books (${engine})`, () => {
    let t: TestApp;
    /** An API token with every scope. */
    let token: Headers;
    const ids = { root: '', alice: '', bob: '', carol: '', sales: '' };
    const as: Record<'root' | 'alice' | 'bob' | 'carol', Headers> = { root: {}, alice: {}, bob: {}, carol: {} };

    const call = async (method: Method, url: string, headers: Headers, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    async function ok<T>(method: Method, url: string, headers: Headers, payload?: unknown): Promise<T> {
      const response = await call(method, url, headers, payload);
      assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
      return (response.body ? response.json() : undefined) as T;
    }
    const refused = async (status: number, method: Method, url: string, headers: Headers, payload?: unknown) =>
      assertJsonError(await call(method, url, headers, payload), status).code;
    const makeBook = (name: string, owner = ids.root, extra: Record<string, unknown> = {}) => ok<Book>('POST', ADMIN, token, { name, owner_id: owner, ...extra });
    const peersOf = async (base: string, guid: string, headers: Headers) => (await ok<{ total: number; data: Peer[] }>('GET', `${base}/${guid}/peers`, headers)).data;
    const lastAudit = async () => (await t.services.audit.list({}, { current: 1, pageSize: 1 })).data[0]!;

    before(async () => {
      t = await buildTestApp(engine);
      ids.sales = (await t.services.groups.create(systemActor, { name: 'Sales' })).id;
      ids.root = (await createUser(t, { name: 'root', is_admin: true })).id;
      ids.alice = (await createUser(t, { name: 'alice' })).id;
      ids.bob = (await t.services.users.create(systemActor, { name: 'bob', password: 'correct horse battery', group_ids: [ids.sales] })).id;
      ids.carol = (await createUser(t, { name: 'carol' })).id;
      token = (await createApiToken(t, ['admin'])).headers;
      for (const name of ['root', 'alice', 'bob', 'carol'] as const) as[name] = (await signInConsole(t, name)).headers;
    });
    after(() => t.close());

    it('creates, lists, reads, changes and deletes shared books; passwords are never returned, only whether one is set', async () => {
      const made = await call('POST', ADMIN, token, { name: 'Support', note: 'helpdesk', password: 'sesame', owner_id: ids.root });
      assert.equal(made.statusCode, 201, made.body);
      const book = made.json() as Book;
      assert.deepEqual(
        [book.kind, book.name, book.note, book.owner_id, book.owner_name, book.has_password, book.accept_presets, book.rule, book.peer_count],
        ['shared', 'Support', 'helpdesk', ids.root, 'root', true, false, 3, 0],
      );
      assert.ok(!made.body.includes('sesame'));
      // An administrator's session owns what it makes; a token must say whose it is.
      assert.equal((await ok<Book>('POST', ADMIN, as.root, { name: 'Mine' })).owner_id, ids.root);
      assert.equal(await refused(400, 'POST', ADMIN, token, { name: 'Nobody’s' }), 'request.invalid');
      assert.equal(await refused(404, 'POST', ADMIN, token, { name: 'Ghost’s', owner_id: randomUUID() }), 'user.not_found');
      assert.equal(await refused(409, 'POST', ADMIN, token, { name: 'support', owner_id: ids.root }), 'addressbook.name_taken');
      assert.equal(await refused(400, 'POST', ADMIN, token, { name: 'My address book', owner_id: ids.root }), 'addressbook.reserved_name');
      assert.equal(await refused(400, 'POST', ADMIN, token, { name: '   ', owner_id: ids.root }), 'addressbook.invalid_name');

      const list = await ok<{ total: number; data: Book[] }>('GET', `${ADMIN}?current=1&pageSize=1`, token);
      assert.deepEqual([list.total, list.data.map((b) => b.name)], [2, ['Mine']]);
      assert.deepEqual((await ok<Book>('GET', `${ADMIN}/${book.guid}`, token)).name, 'Support');

      const changed = await ok<Book>('PATCH', `${ADMIN}/${book.guid}`, as.root, { name: 'Helpdesk', note: '', password: null, owner_id: ids.alice, accept_presets: true });
      assert.deepEqual([changed.name, changed.note, changed.has_password, changed.owner_name, changed.accept_presets], ['Helpdesk', '', false, 'alice', true]);
      const audit = await lastAudit();
      assert.equal(audit.action, 'address_book.update');
      assert.deepEqual(audit.detail, { name: 'Helpdesk', note: '', password: 'cleared', owner_id: ids.alice, accept_presets: true });
      assert.equal((await ok<Book>('PATCH', `${ADMIN}/${book.guid}`, token, { password: 'new one' })).has_password, true);
      assert.equal((await ok<Book>('PATCH', `${ADMIN}/${book.guid}`, token, { password: '' })).has_password, false);

      assert.equal((await call('DELETE', `${ADMIN}/${book.guid}`, token)).statusCode, 204);
      assert.equal(await refused(404, 'GET', `${ADMIN}/${book.guid}`, token), 'addressbook.not_found');
      assert.equal((await lastAudit()).action, 'address_book.delete');
    });

    it('gives users (by id or name), user groups and everyone rules, changes and deletes them', async () => {
      const book = await makeBook('Ruled');
      const rules = `${ADMIN}/${book.guid}/rules`;
      const byId = await call('POST', rules, token, { subject: 'user', id: ids.alice, rule: 1 });
      assert.equal(byId.statusCode, 201, byId.body);
      assert.deepEqual((({ subject, user_id, subject_name, rule }) => ({ subject, user_id, subject_name, rule }))(byId.json() as Rule), {
        subject: 'user',
        user_id: ids.alice,
        subject_name: 'alice',
        rule: 1,
      });
      await ok('POST', rules, token, { subject: 'group', name: 'Sales', rule: 2 });
      await ok('POST', rules, as.root, { subject: 'everyone', rule: 1 });
      await ok('POST', rules, token, { subject: 'user', name: 'carol', rule: 3 });
      assert.equal(await refused(409, 'POST', rules, token, { subject: 'user', name: 'alice', rule: 2 }), 'addressbook.rule_exists');
      assert.equal(await refused(404, 'POST', rules, token, { subject: 'user', name: 'nobody', rule: 2 }), 'user.not_found');
      assert.equal(await refused(404, 'POST', rules, token, { subject: 'group', id: randomUUID(), rule: 2 }), 'group.not_found');
      assert.equal(await refused(400, 'POST', rules, token, { subject: 'group', rule: 2 }), 'request.invalid');
      for (const rule of [0, 4, 2.5, '2']) assert.equal(await refused(400, 'POST', rules, token, { subject: 'everyone', rule }), 'request.invalid', String(rule));
      assert.equal(await refused(400, 'POST', rules, token, { subject: 'somebody', rule: 1 }), 'request.invalid');

      const listed = await ok<Rule[]>('GET', rules, token);
      assert.deepEqual(listed.map((r) => [r.subject, r.subject_name, r.rule]), [
        ['user', 'alice', 1],
        ['user', 'carol', 3],
        ['group', 'Sales', 2],
        ['everyone', '', 1],
      ]);
      const everyone = listed.find((r) => r.subject === 'everyone')!;
      assert.equal((await call('PATCH', `/api/admin/address-book-rules/${everyone.guid}`, token, { rule: 2 })).statusCode, 204);
      assert.equal((await lastAudit()).action, 'address_book.rule_update');
      assert.equal((await call('DELETE', `/api/admin/address-book-rules/${everyone.guid}`, token)).statusCode, 204);
      assert.equal(await refused(404, 'DELETE', `/api/admin/address-book-rules/${everyone.guid}`, token), 'addressbook.rule_not_found');
      assert.equal(await refused(400, 'PATCH', `/api/admin/address-book-rules/${listed[0]!.guid}`, token, { rule: 9 }), 'request.invalid');
      assert.equal((await ok<Rule[]>('GET', rules, token)).length, 3);
      // Its rules go with it.
      await ok('DELETE', `${ADMIN}/${book.guid}`, token);
      assert.equal(await refused(404, 'PATCH', `/api/admin/address-book-rules/${listed[0]!.guid}`, token, { rule: 2 }), 'addressbook.rule_not_found');
    });

    it('adds, lists, changes and bins peers, then restores them; listings never hold a password or hash', async () => {
      const book = await makeBook('Peers', ids.root, { password: 'book default' });
      const peers = `${ADMIN}/${book.guid}/peers`;
      await ok('POST', `${ADMIN}/${book.guid}/tags`, token, { name: 'office' });
      const added = await call('POST', peers, as.root, { id: '123456789', alias: 'Front desk', tags: ['office', 'office'], note: 'by the door', password: 'peer secret', hostname: 'desk-1', platform: 'Windows' });
      assert.equal(added.statusCode, 204, added.body);
      await ok('POST', peers, token, { id: '987654321' });
      assert.equal(await refused(409, 'POST', peers, token, { id: '123456789' }), 'addressbook.peer_exists');

      const listed = await ok<{ total: number; data: Peer[] }>('GET', peers, token);
      assert.equal(listed.total, 2);
      const desk = listed.data.find((p) => p.id === '123456789')!;
      assert.deepEqual([desk.alias, desk.tags, desk.note, desk.hostname, desk.platform, desk.has_password], ['Front desk', ['office'], 'by the door', 'desk-1', 'Windows', true]);
      for (const peer of listed.data) assert.ok(!('password' in peer) && !('hash' in peer), JSON.stringify(peer));
      assert.ok(!JSON.stringify(listed).includes('peer secret'));
      // The service still has it, sealed at rest and open for RustDesk clients.
      assert.equal((await t.services.addressBooks.peers({ user_id: ids.root, is_admin: true }, book.guid, { current: 1, pageSize: 10 })).data.find((p) => p.id === '123456789')?.password, 'peer secret');
      assert.equal((await ok<Book>('GET', `${ADMIN}/${book.guid}`, token)).peer_count, 2);

      assert.equal((await call('PATCH', `${peers}/123456789`, token, { alias: 'Reception', password: '' })).statusCode, 204);
      const audit = await lastAudit();
      assert.deepEqual([audit.action, audit.detail], ['address_book.peer_update', { id: '123456789', fields: ['alias', 'password'] }]);
      const updated = (await peersOf(ADMIN, book.guid, token)).find((p) => p.id === '123456789')!;
      assert.deepEqual([updated.alias, updated.note, updated.has_password], ['Reception', 'by the door', false]);
      assert.equal(await refused(404, 'PATCH', `${peers}/555555555`, token, { alias: 'x' }), 'addressbook.peer_not_found');

      assert.equal((await call('DELETE', `${peers}/987654321`, token)).statusCode, 204);
      assert.equal(await refused(404, 'DELETE', `${peers}/987654321`, token), 'addressbook.peer_not_found');
      assert.deepEqual((await peersOf(ADMIN, book.guid, token)).map((p) => p.id), ['123456789']);
      const bin = await ok<{ total: number; data: Peer[] }>('GET', `${ADMIN}/${book.guid}/recycle-bin`, token);
      assert.deepEqual([bin.total, bin.data[0]?.id, typeof bin.data[0]?.deleted_at], [1, '987654321', 'number']);
      assert.deepEqual(await ok('POST', `${ADMIN}/${book.guid}/recycle-bin/restore`, token, { ids: ['987654321', '000000000'] }), { restored: 1 });
      assert.equal((await lastAudit()).action, 'address_book.restore');
      assert.equal((await peersOf(ADMIN, book.guid, token)).length, 2);

      // max_peer_one_ab, set through the admin settings.
      assert.equal((await ok<{ max_peer_one_ab: number }>('PUT', '/api/admin/settings', token, { max_peer_one_ab: 2 })).max_peer_one_ab, 2);
      assert.equal(await refused(403, 'POST', peers, token, { id: '333333333' }), 'addressbook.peer_limit');
      await ok('PUT', '/api/admin/settings', token, { max_peer_one_ab: 0 });
      await ok('POST', peers, token, { id: '333333333' });
      for (const bad of [-1, 1_000_001, 2.5, '10']) assert.equal(await refused(400, 'PUT', '/api/admin/settings', token, { max_peer_one_ab: bad }), 'request.invalid', String(bad));
    });

    it('adds, renames, recolours and deletes tags, on the peers too', async () => {
      const book = await makeBook('Tagged');
      const tags = `${ADMIN}/${book.guid}/tags`;
      const made = await call('POST', tags, token, { name: 'blue', color: 0xff0000ff });
      assert.deepEqual([made.statusCode, made.json()], [201, { name: 'blue', color: 0xff0000ff }]);
      // Without a colour: the one RustDesk clients give a tag.
      assert.equal(((await ok<{ color: number }>('POST', tags, token, { name: 'red' })).color >>> 24) & 0xff, 0xff);
      assert.equal(await refused(409, 'POST', tags, token, { name: 'blue' }), 'addressbook.tag_exists');
      await ok('POST', `${ADMIN}/${book.guid}/peers`, token, { id: '123123123', tags: ['blue', 'red'] });

      assert.equal((await call('POST', `${tags}/rename`, token, { from: 'blue', to: 'navy' })).statusCode, 204);
      assert.equal(await refused(404, 'POST', `${tags}/rename`, token, { from: 'blue', to: 'teal' }), 'addressbook.tag_not_found');
      assert.equal(await refused(409, 'POST', `${tags}/rename`, token, { from: 'navy', to: 'red' }), 'addressbook.tag_exists');
      assert.equal((await call('PUT', `${tags}/color`, token, { name: 'navy', color: 0xff000080 })).statusCode, 204);
      assert.equal(await refused(404, 'PUT', `${tags}/color`, token, { name: 'blue', color: 1 }), 'addressbook.tag_not_found');
      assert.deepEqual((await peersOf(ADMIN, book.guid, token))[0]!.tags.sort(), ['navy', 'red']);

      assert.equal((await call('POST', `${tags}/delete`, token, { names: ['red', 'unknown'] })).statusCode, 204);
      assert.deepEqual(await ok('GET', tags, token), [{ name: 'navy', color: 0xff000080 }]);
      assert.deepEqual((await peersOf(ADMIN, book.guid, token))[0]!.tags, ['navy']);
      assert.equal((await lastAudit()).action, 'address_book.tags_delete');
    });

    describe('who sees and changes what, through /api/account', () => {
      let shared: Book;
      let hidden: Book;

      before(async () => {
        shared = await makeBook('Team');
        hidden = await makeBook('Board');
        await ok('POST', `${ADMIN}/${shared.guid}/rules`, token, { subject: 'user', id: ids.alice, rule: 1 });
        await ok('POST', `${ADMIN}/${shared.guid}/rules`, token, { subject: 'group', id: ids.sales, rule: 2 });
        await ok('POST', `${ADMIN}/${shared.guid}/peers`, token, { id: '444555666', alias: 'Shared PC', password: 'pc secret' });
        await ok('POST', `${ADMIN}/${shared.guid}/tags`, token, { name: 'lab' });
      });

      it('shows a person only the books a rule gives them, with that rule; others do not exist for them', async () => {
        const alices = await ok<{ total: number; data: Book[] }>('GET', ACCOUNT, as.alice);
        assert.deepEqual(alices.data.map((b) => [b.name, b.rule, b.peer_count]), [['Team', 1, 1]]);
        assert.deepEqual((await ok<{ data: Book[] }>('GET', ACCOUNT, as.bob)).data.map((b) => [b.name, b.rule]), [['Team', 2]]);
        assert.deepEqual((await ok<{ total: number }>('GET', ACCOUNT, as.carol)).total, 0);
        assert.equal(await refused(404, 'GET', `${ACCOUNT}/${hidden.guid}`, as.alice), 'addressbook.not_found');
        assert.equal(await refused(404, 'GET', `${ACCOUNT}/${hidden.guid}/peers`, as.alice), 'addressbook.not_found');
        assert.equal(await refused(404, 'POST', `${ACCOUNT}/${hidden.guid}/peers`, as.carol, { id: '1' }), 'addressbook.not_found');
        // An administrator's session sees every shared book, with full control.
        const roots = await ok<{ data: Book[] }>('GET', ACCOUNT, as.root);
        assert.ok(roots.data.some((b) => b.guid === hidden.guid && b.rule === 3));
      });

      it('lets read-only read peers and tags, and refuses every change', async () => {
        const peers = await peersOf(ACCOUNT, shared.guid, as.alice);
        assert.deepEqual(peers.map((p) => [p.id, p.alias, p.has_password]), [['444555666', 'Shared PC', true]]);
        assert.ok(!JSON.stringify(peers).includes('pc secret'));
        assert.deepEqual((await ok<{ name: string }[]>('GET', `${ACCOUNT}/${shared.guid}/tags`, as.alice)).map((tag) => tag.name), ['lab']);
        const base = `${ACCOUNT}/${shared.guid}`;
        const changes: [Method, string, unknown?][] = [
          ['POST', `${base}/peers`, { id: '777777777' }],
          ['PATCH', `${base}/peers/444555666`, { alias: 'mine' }],
          ['DELETE', `${base}/peers/444555666`],
          ['POST', `${base}/tags`, { name: 'x' }],
          ['POST', `${base}/tags/rename`, { from: 'lab', to: 'x' }],
          ['PUT', `${base}/tags/color`, { name: 'lab', color: 1 }],
          ['POST', `${base}/tags/delete`, { names: ['lab'] }],
          ['GET', `${base}/recycle-bin`],
          ['POST', `${base}/recycle-bin/restore`, { ids: ['444555666'] }],
        ];
        for (const [method, url, payload] of changes) assert.equal(await refused(403, method, url, as.alice, payload), 'addressbook.read_only', `${method} ${url}`);
        for (const [method, url, payload] of [
          ['GET', `${base}/rules`],
          ['POST', `${base}/rules`, { subject: 'everyone', rule: 3 }],
          ['PATCH', base, { name: 'Mine now' }],
          ['DELETE', base],
        ] as [Method, string, unknown?][]) {
          assert.equal(await refused(403, method, url, as.alice, payload), 'addressbook.full_control_required', `${method} ${url}`);
        }
        assert.deepEqual((await peersOf(ACCOUNT, shared.guid, as.bob)).map((p) => p.alias), ['Shared PC']);
      });

      it('lets read/write (here through a user group) change peers and tags, but not rules or settings', async () => {
        const base = `${ACCOUNT}/${shared.guid}`;
        await ok('POST', `${base}/peers`, as.bob, { id: '888888888', alias: 'Bob’s add', tags: ['lab'] });
        await ok('PATCH', `${base}/peers/888888888`, as.bob, { note: 'noted' });
        await ok('POST', `${base}/tags`, as.bob, { name: 'bench' });
        await ok('DELETE', `${base}/peers/888888888`, as.bob);
        assert.equal((await ok<{ total: number }>('GET', `${base}/recycle-bin`, as.bob)).total, 1);
        await ok('POST', `${base}/recycle-bin/restore`, as.bob, { ids: ['888888888'] });
        const audit = await lastAudit();
        assert.deepEqual([audit.action, audit.actor.name], ['address_book.restore', 'bob']);
        assert.equal(await refused(403, 'GET', `${base}/rules`, as.bob), 'addressbook.full_control_required');
        assert.equal(await refused(403, 'PATCH', base, as.bob, { note: 'x' }), 'addressbook.full_control_required');
      });

      it('lets anyone make a shared book of their own and share it, but only an administrator lets devices add themselves', async () => {
        const made = await call('POST', ACCOUNT, as.carol, { name: 'Carol’s', note: 'family' });
        assert.equal(made.statusCode, 201, made.body);
        const own = made.json() as Book;
        assert.deepEqual([own.owner_id, own.rule], [ids.carol, 3]);
        assert.equal(await refused(403, 'POST', ACCOUNT, as.carol, { name: 'For alice', owner_id: ids.alice }), 'auth.forbidden');
        const rule = await ok<Rule>('POST', `${ACCOUNT}/${own.guid}/rules`, as.carol, { subject: 'user', name: 'alice', rule: 2 });
        assert.deepEqual((await ok<{ data: Book[] }>('GET', ACCOUNT, as.alice)).data.map((b) => [b.name, b.rule]), [['Carol’s', 2], ['Team', 1]]);
        assert.equal(await refused(403, 'PATCH', `${ACCOUNT}/${own.guid}`, as.carol, { accept_presets: true }), 'auth.forbidden');
        assert.equal((await ok<Book>('PATCH', `${ACCOUNT}/${own.guid}`, as.carol, { accept_presets: false, password: 'fam' })).has_password, true);
        assert.equal((await ok<Book>('PATCH', `${ACCOUNT}/${own.guid}`, as.root, { accept_presets: true })).accept_presets, true);
        // Alice's rule is read/write, not full control: the rule is not hers to change.
        assert.equal(await refused(403, 'PATCH', `/api/account/address-book-rules/${rule.guid}`, as.alice, { rule: 3 }), 'addressbook.full_control_required');
        await ok('PATCH', `/api/account/address-book-rules/${rule.guid}`, as.carol, { rule: 1 });
        await ok('DELETE', `/api/account/address-book-rules/${rule.guid}`, as.carol);
        assert.deepEqual((await ok<{ data: Book[] }>('GET', ACCOUNT, as.alice)).data.map((b) => b.name), ['Team']);
        // Administrators see it in the admin API too.
        assert.ok((await ok<{ data: Book[] }>('GET', `${ADMIN}?pageSize=100`, token)).data.some((b) => b.guid === own.guid));
      });

      it('shows a personal book to its owner and to administrators, and to nobody else', async () => {
        const personal = await t.services.addressBooks.personalGuid({ user_id: ids.alice, is_admin: false });
        assert.equal(await refused(404, 'GET', `${ACCOUNT}/${personal}`, as.bob), 'addressbook.not_found');
        assert.ok(!(await ok<{ data: Book[] }>('GET', `${ACCOUNT}?pageSize=100`, as.bob)).data.some((b) => b.guid === personal));
        // Administrators see every book, personal ones too, and may tend their peers.
        for (const [url, headers] of [
          [`${ADMIN}/${personal}`, token],
          [`${ACCOUNT}/${personal}`, as.root],
        ] as [string, Headers][]) {
          assert.equal((await ok<Book>('GET', url, headers)).kind, 'personal', url);
        }
        assert.ok((await ok<{ data: Book[] }>('GET', `${ADMIN}?pageSize=100`, token)).data.some((b) => b.guid === personal));
        assert.ok((await ok<{ data: Book[] }>('GET', `${ACCOUNT}?pageSize=100`, as.root)).data.some((b) => b.guid === personal));
        assert.equal((await ok<{ total: number }>('GET', `${ADMIN}/${personal}/peers`, as.root)).total >= 0, true);
        // Its owner reads it, in their list too, but it has no rules or settings.
        assert.equal((await ok<Book>('GET', `${ACCOUNT}/${personal}`, as.alice)).kind, 'personal');
        assert.ok((await ok<{ data: Book[] }>('GET', `${ACCOUNT}?pageSize=100`, as.alice)).data.some((b) => b.guid === personal));
        assert.equal(await refused(400, 'GET', `${ACCOUNT}/${personal}/rules`, as.alice), 'addressbook.not_shared');
        assert.equal(await refused(400, 'DELETE', `${ACCOUNT}/${personal}`, as.alice), 'addressbook.not_shared');
      });

      it('keeps /api/admin for administrators and scoped tokens, and /api/account for sessions', async () => {
        assert.equal(await refused(403, 'GET', ADMIN, as.alice), 'auth.forbidden');
        const reader = (await createApiToken(t, ['address_books:read'], 'reader')).headers;
        assert.equal((await ok<{ total: number }>('GET', ADMIN, reader)).total > 0, true);
        assert.equal(await refused(403, 'POST', `${ADMIN}/${shared.guid}/tags`, reader, { name: 'x' }), 'auth.scope');
        const devices = (await createApiToken(t, ['devices:write'], 'devices')).headers;
        assert.equal(await refused(403, 'GET', ADMIN, devices), 'auth.scope');
        assert.equal(await refused(403, 'GET', ACCOUNT, token), 'auth.forbidden');
        assert.equal(await refused(401, 'GET', ACCOUNT, {}), 'auth.required');
        // A session's change needs its CSRF token.
        assert.equal(await refused(403, 'POST', ACCOUNT, { cookie: as.carol.cookie! }, { name: 'No CSRF' }), 'auth.csrf');
      });
    });

    for (const base of ['/api/admin', '/api/account'] as const) {
      describe(`${base}: malformed input`, () => {
        const target = { book: '', rule: '' };
        let headers: Headers;

        before(async () => {
          headers = base === '/api/admin' ? token : as.root;
          const book = await makeBook(`Kept ${base}`, ids.root, { note: 'keep me' });
          target.book = book.guid;
          target.rule = (await ok<Rule>('POST', `${ADMIN}/${book.guid}/rules`, token, { subject: 'user', id: ids.alice, rule: 1 })).guid;
          await ok('POST', `${ADMIN}/${book.guid}/peers`, token, { id: '111222333', alias: 'kept' });
          await ok('POST', `${ADMIN}/${book.guid}/tags`, token, { name: 'kept' });
        });

        for (const route of routesUnder(base)) {
          it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error and the server keeps serving`, async () => {
            const cases = malformedCases(route, target[route.id]);
            assert.ok(cases.length > 0);
            for (const { name, request, status, router } of cases) {
              const response = await t.app.inject({ ...request, headers: { ...headers, ...request.headers } });
              assertJsonError(response, status, { router: router ?? false });
              assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
            }
          });
        }

        it('lost nothing: the book, rule, peer and tag the malformed requests aimed at are unchanged', async () => {
          const book = await ok<Book>('GET', `${ADMIN}/${target.book}`, token);
          assert.deepEqual([book.name, book.note, book.has_password, book.accept_presets, book.peer_count], [`Kept ${base}`, 'keep me', false, false, 1]);
          assert.deepEqual((await ok<Rule[]>('GET', `${ADMIN}/${target.book}/rules`, token)).map((r) => [r.guid, r.rule]), [[target.rule, 1]]);
          const [peer] = await peersOf(ADMIN, target.book, token);
          assert.deepEqual([peer?.id, peer?.alias, peer?.tags, peer?.has_password], ['111222333', 'kept', [], false]);
          assert.deepEqual((await ok<{ name: string }[]>('GET', `${ADMIN}/${target.book}/tags`, token)).map((tag) => tag.name), ['kept']);
          assert.ok(!(await ok<{ data: Book[] }>('GET', `${ADMIN}?pageSize=1000`, token)).data.some((b) => b.name === 'Target'));
        });
      });
    }
  });
}
