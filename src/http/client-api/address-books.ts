import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { defaultTagColor, type AbKind, type AbPeer, type AbTag, type AbViewer } from '../../domain/address-book.js';
import { legacyBookInput, peerId, peerInput, stringArray, tagInput, tagName, tagRenameInput } from '../../input/address-book-fields.js';
import type { HttpContext } from '../context.js';
import { bearerToken } from '../plugins/auth.js';
import { ErrorBody } from './schemas.js';

const tags = ['RustDesk client: address book'];
const JSON_UTF8 = 'application/json; charset=utf-8';

/** The client always sends 100 (§10); more is served as pages of 100, not refused. */
const PAGE_MAX = 100;

/** §10: `current` and `pageSize`; other parameters (the admin scripts' LIKE filters) tolerated (§12 item 27). */
const PageQuery = Type.Object(
  {
    current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'served in pages of at most 100' })),
  },
  { additionalProperties: true },
);
type PageQuery = Static<typeof PageQuery>;
const PeersQuery = Type.Intersect([PageQuery, Type.Object({ ab: Type.String({ minLength: 1, maxLength: 100, description: 'the book’s guid' }) })]);
const GuidParams = Type.Object({ guid: Type.String({ minLength: 1, maxLength: 100 }) });

const page = (query: PageQuery) => ({ current: query.current ?? 1, pageSize: Math.min(query.pageSize ?? PAGE_MAX, PAGE_MAX) });

/** §10: `total` an integer, always (without it the client drops `data`, §12 item 6). */
const PageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ total: Type.Integer(), data: Type.Array(item) });

/**
 * §8.1 `Peer.fromJson`: every string a string (never null, never a number), `tags` an array,
 * `forceAlwaysRelay` the string "true"/"false", `same_server` a bool or null (§12 item 13). A
 * personal book's peers carry `hash`, a shared book's `password`.
 */
const WirePeer = Type.Object({
  id: Type.String(),
  hash: Type.Optional(Type.String({ description: 'personal book only: the client’s saved password hash' })),
  password: Type.Optional(Type.String({ description: 'shared book only: the password to connect with' })),
  username: Type.String(),
  hostname: Type.String(),
  platform: Type.String(),
  alias: Type.String(),
  tags: Type.Array(Type.String()),
  forceAlwaysRelay: Type.Union([Type.Literal('true'), Type.Literal('false')]),
  rdpPort: Type.String(),
  rdpUsername: Type.String(),
  loginName: Type.String(),
  device_group_name: Type.String(),
  note: Type.String(),
  same_server: Type.Union([Type.Boolean(), Type.Null()]),
});
type WirePeer = Static<typeof WirePeer>;

/** §8.2 AbProfile: `info.password` is the book's default password, there only when it has one. */
const AbProfile = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  note: Type.String(),
  rule: Type.Integer({ description: '1 read-only, 2 read/write, 3 full control' }),
  info: Type.Object({ password: Type.Optional(Type.String()) }),
});

/** §8.2: a bare array, each tag with an integer colour (§12 item 7). */
const WireTags = Type.Array(Type.Object({ name: Type.String(), color: Type.Integer({ description: 'ARGB32' }) }));

function toWirePeer(peer: AbPeer, kind: AbKind): WirePeer {
  return {
    id: peer.id,
    ...(kind === 'personal' ? { hash: peer.hash } : { password: peer.password }),
    username: peer.username,
    hostname: peer.hostname,
    platform: peer.platform,
    alias: peer.alias,
    tags: peer.tags,
    forceAlwaysRelay: peer.force_always_relay ? 'true' : 'false',
    rdpPort: peer.rdp_port,
    rdpUsername: peer.rdp_username,
    loginName: peer.login_name,
    device_group_name: peer.device_group_name,
    note: peer.note,
    same_server: peer.same_server,
  };
}

/**
 * §8.4, §12 item 11: the legacy book as its JSON string: `{tags, peers, tag_colors}`, peers as
 * `Peer.toCustomJson` and `tag_colors` itself a JSON string.
 */
function legacyData(peers: AbPeer[], bookTags: AbTag[]): string {
  return JSON.stringify({
    tags: bookTags.map((tag) => tag.name),
    peers: peers.map((peer) => ({ id: peer.id, username: peer.username, hostname: peer.hostname, platform: peer.platform, alias: peer.alias, tags: peer.tags, hash: peer.hash })),
    tag_colors: JSON.stringify(Object.fromEntries(bookTags.map((tag) => [tag.name, tag.color]))),
  });
}

/** §12 item 1: a change succeeded only as 200 with an empty body (204 or `{}` count as failures). */
const done = (reply: FastifyReply) => reply.status(200).send();

/**
 * The signed-in client's address books (spec/rustdesk-client-api.md §8): the shared-mode pull
 * and changes (§8.2, §8.3) and the legacy book (§8.4), which is the person's personal book.
 * Bearer client tokens only; a bad one is a 401, on which the client signs out (§3). Read routes
 * answer GET and POST, with or without a body (§10, §12 item 8).
 */
export const addressBookRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const ab = ctx.services.addressBooks;

  async function viewerOf(request: FastifyRequest): Promise<AbViewer> {
    const verified = await ctx.services.accessTokens.verify(bearerToken(request) ?? '');
    return { user_id: verified.user.id, is_admin: verified.user.is_admin };
  }

  const read = ['GET', 'POST'] as ('GET' | 'POST')[];

  // §8.2 step 1: a 404 here would switch the client to legacy mode, so the book is made on first call.
  app.route({
    method: read,
    url: '/api/ab/personal',
    schema: { tags, summary: 'The guid of the signed-in person’s personal address book', response: { 200: Type.Object({ guid: Type.String() }), '4xx': ErrorBody } },
    handler: async (request) => ({ guid: await ab.personalGuid(await viewerOf(request)) }),
  });

  app.route({
    method: read,
    url: '/api/ab/settings',
    schema: { tags, summary: 'The most peers one address book holds (0: no limit)', response: { 200: Type.Object({ max_peer_one_ab: Type.Integer() }), '4xx': ErrorBody } },
    handler: async (request) => {
      await viewerOf(request);
      return ab.clientSettings();
    },
  });

  app.route({
    method: read,
    url: '/api/ab/shared/profiles',
    schema: {
      tags,
      summary: 'Shared address books the signed-in person may read (never the personal one)',
      querystring: PageQuery,
      response: { 200: PageOf(AbProfile), '4xx': ErrorBody },
    },
    handler: async (request) => {
      const { total, data } = await ab.sharedProfiles(await viewerOf(request), page(request.query));
      return {
        total,
        data: data.map((book) => ({
          guid: book.guid,
          name: book.name,
          owner: book.owner_name,
          note: book.note,
          rule: book.rule,
          info: book.password === '' ? {} : { password: book.password },
        })),
      };
    },
  });

  app.route({
    method: read,
    url: '/api/ab/peers',
    schema: { tags, summary: 'A page of an address book’s peers', querystring: PeersQuery, response: { 200: PageOf(WirePeer), '4xx': ErrorBody } },
    handler: async (request) => {
      const { kind, total, data } = await ab.peers(await viewerOf(request), request.query.ab, page(request.query));
      return { total, data: data.map((peer) => toWirePeer(peer, kind)) };
    },
  });

  app.route({
    method: read,
    url: '/api/ab/tags/:guid',
    schema: { tags, summary: 'An address book’s tags with their colours', params: GuidParams, response: { 200: WireTags, '4xx': ErrorBody } },
    handler: async (request) => ab.tags(await viewerOf(request), request.params.guid),
  });

  // ---- §8.3 changes: 200 with an empty body ----

  const change = { params: GuidParams, response: { '4xx': ErrorBody } };

  app.post('/api/ab/peer/add/:guid', { schema: { tags, summary: 'Add a peer (any RustDesk ID)', ...change } }, async (request, reply) => {
    await ab.addPeer(await viewerOf(request), request.params.guid, peerInput(request.body));
    return done(reply);
  });

  app.put('/api/ab/peer/update/:guid', { schema: { tags, summary: 'Change the fields given of a peer', ...change } }, async (request, reply) => {
    await ab.updatePeer(await viewerOf(request), request.params.guid, peerInput(request.body));
    return done(reply);
  });

  app.delete('/api/ab/peer/:guid', { schema: { tags, summary: 'Move peers (a JSON array of IDs) to the recycle bin', ...change } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    await ab.deletePeers(viewer, request.params.guid, stringArray(request.body, peerId, 'IDs'));
    return done(reply);
  });

  app.post('/api/ab/tag/add/:guid', { schema: { tags, summary: 'Add a tag {name, color}', ...change } }, async (request, reply) => {
    await ab.addTag(await viewerOf(request), request.params.guid, tagInput(request.body));
    return done(reply);
  });

  app.put('/api/ab/tag/rename/:guid', { schema: { tags, summary: 'Rename a tag {old, new}, on every peer too', ...change } }, async (request, reply) => {
    await ab.renameTag(await viewerOf(request), request.params.guid, tagRenameInput(request.body));
    return done(reply);
  });

  app.put('/api/ab/tag/update/:guid', { schema: { tags, summary: 'Change a tag’s colour {name, color}', ...change } }, async (request, reply) => {
    await ab.setTagColor(await viewerOf(request), request.params.guid, tagInput(request.body));
    return done(reply);
  });

  app.delete('/api/ab/tag/:guid', { schema: { tags, summary: 'Delete tags (a JSON array of names), from every peer too', ...change } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    await ab.deleteTags(viewer, request.params.guid, stringArray(request.body, tagName, 'tag names'));
    return done(reply);
  });

  // ---- §8.4 the legacy book: the personal book as one JSON string ----

  // Flutter's LegacyAb: `null` for an empty book, else {data}.
  app.get('/api/ab', { schema: { tags, summary: 'The personal address book as a legacy client reads it', response: { '4xx': ErrorBody } } }, async (request, reply) => {
    const book = await ab.legacyBook(await viewerOf(request));
    const body = book.peers.length === 0 && book.tags.length === 0 ? 'null' : JSON.stringify({ data: legacyData(book.peers, book.tags) });
    return reply.type(JSON_UTF8).send(body as never);
  });

  // The Sciter UI's pull: {data, updated_at}, an empty book too.
  app.post(
    '/api/ab/get',
    {
      schema: {
        tags,
        summary: 'The personal address book as the Sciter client reads it',
        response: { 200: Type.Object({ data: Type.String(), updated_at: Type.Integer() }), '4xx': ErrorBody },
      },
    },
    async (request) => {
      const book = await ab.legacyBook(await viewerOf(request));
      return { data: legacyData(book.peers, book.tags), updated_at: book.updated_at };
    },
  );

  // Pushed whole after each change, gzipped by clients ≤ 1.4.4 (the body parser undoes it, §12 item 9).
  app.post('/api/ab', { schema: { tags, summary: 'Replace the personal address book from a legacy client', response: { '4xx': ErrorBody } } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    await ab.replaceLegacyBook(viewer, legacyBookInput(request.body, defaultTagColor));
    return done(reply);
  });
};
