import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  AB_LIMITS,
  AB_SUBJECTS,
  AbPeer,
  AbRuleSchema,
  AbTag,
  AddressBookRule,
  AddressBookSummary,
  TAG_COLOR_MAX,
  defaultTagColor,
  type AbPeerPatch,
  type AbRuleTarget,
  type AbSubject,
  type AbViewer,
} from '../../domain/address-book.js';
import { AppError } from '../../errors.js';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, Id, IdParams, PageOf, PageQuery, Text, pageOf } from '../schemas.js';
import { adminSecurity } from './schemas.js';

const errors = { '4xx': ApiError };

// ---- wire shapes ------------------------------------------------------------------------------

/** A peer's RustDesk id (or an address the client connects to): no spaces or control characters. */
const PeerId = Type.String({ minLength: 1, maxLength: AB_LIMITS.peerId, pattern: '^[^\\s\\u0000-\\u001f\\u007f]+$' });
const TagName = Type.String({ minLength: 1, maxLength: AB_LIMITS.tagName, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const TagColor = Type.Integer({ minimum: 0, maximum: TAG_COLOR_MAX, description: 'ARGB32, as RustDesk clients send it (0xFF000000 | RGB for an opaque colour)' });
/** Passwords may hold any character: they are sealed, never stored as text. */
const Password = (description: string) => Type.String({ maxLength: AB_LIMITS.password, description });

const BookParams = IdParams;
/** An id (as `Id`) with what it names. */
const IdOf = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description });
const PeerParams = Type.Object({ id: Id, peer: PeerId });

/** A peer as the console lists it: whether it has a password, never the password or hash itself. */
const { hash: _hash, password: _password, ...shownPeerFields } = AbPeer.properties;
export const AbPeerView = Type.Object({
  ...shownPeerFields,
  has_password: Type.Boolean({ description: 'Whether a password (shared books) or password hash (personal books) is saved for it' }),
});

const BookCreateBody = Type.Object({
  name: Text(AB_LIMITS.bookName, { minLength: 1 }),
  note: Type.Optional(Text(AB_LIMITS.bookNote)),
  password: Type.Optional(Password('The default password for its peers that have none; empty for none')),
  owner_id: Type.Optional(IdOf('Its owner’s user id (administrators may name anyone; others only themselves, the default). Required with an API token.')),
});

const BookPatchBody = Type.Object({
  name: Type.Optional(Text(AB_LIMITS.bookName, { minLength: 1 })),
  note: Type.Optional(Text(AB_LIMITS.bookNote)),
  password: Type.Optional(Type.Union([Password('A new default password'), Type.Null()], { description: 'A new default password; "" or null clears it' })),
  owner_id: Type.Optional(IdOf('A new owner’s user id (an administrator’s or the owner’s change)')),
  accept_presets: Type.Optional(Type.Boolean({ description: 'Let devices add themselves through preset-address-book-* options (administrators only)' })),
});

const RuleAddBody = Type.Object({
  subject: Type.Unsafe<AbSubject>({ type: 'string', enum: [...AB_SUBJECTS] }),
  id: Type.Optional(IdOf('The user’s or user group’s id (or give `name`); not for everyone')),
  name: Type.Optional(Text(128, { minLength: 1, description: 'The user’s or user group’s name, exactly (or give `id`)' })),
  rule: AbRuleSchema,
});
const RulePatchBody = Type.Object({ rule: AbRuleSchema });

/** What the console sets on a peer; fields left out keep their value. */
const peerFields = {
  alias: Type.Optional(Text(AB_LIMITS.text)),
  tags: Type.Optional(Type.Array(TagName, { maxItems: AB_LIMITS.tagsPerPeer, description: 'Its tags; replaces the list' })),
  note: Type.Optional(Text(AB_LIMITS.peerNote)),
  password: Type.Optional(Password('Its password in a shared book ("" clears it); ignored in a personal book')),
  username: Type.Optional(Text(AB_LIMITS.text)),
  hostname: Type.Optional(Text(AB_LIMITS.text)),
  platform: Type.Optional(Text(AB_LIMITS.text)),
};
const PeerAddBody = Type.Object({ id: PeerId, ...peerFields });
const PeerPatchBody = Type.Object(peerFields);
const PeerIdsBody = Type.Object({ ids: Type.Array(PeerId, { minItems: 1, maxItems: 1_000 }) });

const TagAddBody = Type.Object({ name: TagName, color: Type.Optional(TagColor) });
const TagRenameBody = Type.Object({ from: TagName, to: TagName });
const TagColorBody = Type.Object({ name: TagName, color: TagColor });
const TagNamesBody = Type.Object({ names: Type.Array(TagName, { minItems: 1, maxItems: 1_000 }) });

type PeerBody = { [K in keyof typeof peerFields]?: AbPeerPatch[K] };

/** The peer fields present in a body, its tags without repeats. */
function peerPatch(body: PeerBody): AbPeerPatch {
  const patch: AbPeerPatch = {};
  for (const key of Object.keys(peerFields) as (keyof PeerBody)[]) {
    const value = body[key];
    if (value !== undefined) (patch as Record<string, unknown>)[key] = key === 'tags' ? [...new Set(value as string[])] : value;
  }
  return patch;
}

function peerView(peer: AbPeer) {
  const { hash, password, ...shown } = peer;
  return { ...shown, has_password: hash !== '' || password !== '' };
}

// ---- the routes, for the admin API and the account API ---------------------------------------

export interface AddressBookAccess {
  /** `/api/admin` or `/api/account`. */
  base: string;
  tags: string[];
  security: { [scheme: string]: string[] }[];
  read(ctx: HttpContext): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  write(ctx: HttpContext): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Whose rules apply (services/address-books.ts decides every access by it). */
  viewerOf(request: FastifyRequest): AbViewer;
}

/**
 * Address books as the console manages them (spec/rustdesk-pro-console.md §2 "Address Books";
 * spec/rustdesk-client-api.md Appendix B): shared books, their rules, peers, tags and recycle
 * bin. The same routes serve administrators and API tokens under /api/admin (every shared book)
 * and every signed-in person under /api/account (the books their rules give them); the service
 * decides what each may see and change, by the viewer. Passwords and hashes are never returned,
 * only whether one is set.
 */
export function addressBookRoutesFor(access: AddressBookAccess): FastifyPluginAsyncTypebox<HttpContext> {
  return async (app, ctx) => {
    // Strict JSON bodies, as in admin-api/index.ts, wherever these routes are registered.
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    const { addressBooks, users, groups } = ctx.services;
    const { tags, security, viewerOf } = access;
    const read = access.read(ctx);
    const write = access.write(ctx);
    const books = `${access.base}/address-books`;
    const rules = `${access.base}/address-book-rules`;

    /** A rule's subject from an id or an exact name. */
    async function targetOf(body: { subject: AbSubject; id?: string | undefined; name?: string | undefined }): Promise<AbRuleTarget> {
      if (body.subject === 'everyone') return { everyone: true };
      if (body.id === undefined && body.name === undefined) throw new AppError('request.invalid', { message: `A rule for a ${body.subject} needs its id or name` });
      if (body.subject === 'user') {
        const id = body.id ?? (await users.findByName(body.name ?? ''))?.id;
        if (id === undefined) throw new AppError('user.not_found');
        return { user_id: id };
      }
      const id = body.id ?? (await groups.findByName(body.name ?? ''))?.id;
      if (id === undefined) throw new AppError('group.not_found');
      return { group_id: id };
    }

    // ---- books ----

    app.get(
      books,
      {
        onRequest: read,
        schema: {
          tags,
          security,
          summary: 'Shared address books I may use, by name, with my rule and their peer count (administrators: every one)',
          querystring: Type.Object(PageQuery),
          response: { 200: PageOf(AddressBookSummary), ...errors },
        },
      },
      async (request) => addressBooks.listBooks(viewerOf(request), pageOf(request.query)),
    );

    app.post(
      books,
      { onRequest: write, schema: { tags, security, summary: 'Create a shared address book', body: BookCreateBody, response: { 201: AddressBookSummary, ...errors } } },
      async (request, reply) => {
        const viewer = viewerOf(request);
        const { name, note, password, owner_id } = request.body;
        if (viewer.user_id === '' && owner_id === undefined) throw new AppError('request.invalid', { message: 'owner_id is required: an API token belongs to no one' });
        return reply.status(201).send(await addressBooks.createShared(actorOf(request), viewer, { name, note, password, owner_id }));
      },
    );

    app.get(
      `${books}/:id`,
      { onRequest: read, schema: { tags, security, summary: 'One address book, with my rule on it', params: BookParams, response: { 200: AddressBookSummary, ...errors } } },
      async (request) => addressBooks.getBook(viewerOf(request), request.params.id),
    );

    app.patch(
      `${books}/:id`,
      {
        onRequest: write,
        schema: {
          tags,
          security,
          summary: 'Rename a shared address book, change its note, default password, owner or whether devices may add themselves (full control)',
          params: BookParams,
          body: BookPatchBody,
          response: { 200: AddressBookSummary, ...errors },
        },
      },
      async (request) => {
        const { name, note, password, owner_id, accept_presets } = request.body;
        return addressBooks.updateShared(actorOf(request), viewerOf(request), request.params.id, { name, note, password, owner_id, accept_presets });
      },
    );

    app.delete(
      `${books}/:id`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Delete a shared address book with its rules, peers and tags (full control)', params: BookParams, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        await addressBooks.deleteShared(actorOf(request), viewerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    // ---- rules ----

    app.get(
      `${books}/:id/rules`,
      {
        onRequest: read,
        schema: { tags, security, summary: 'Who may use a shared address book: users, then user groups, then everyone (full control)', params: BookParams, response: { 200: Type.Array(AddressBookRule), ...errors } },
      },
      async (request) => addressBooks.listRules(viewerOf(request), request.params.id),
    );

    app.post(
      `${books}/:id/rules`,
      {
        onRequest: write,
        schema: {
          tags,
          security,
          summary: 'Give a user, a user group or everyone a rule on a shared address book: 1 read-only, 2 read/write, 3 full control (full control)',
          params: BookParams,
          body: RuleAddBody,
          response: { 201: AddressBookRule, ...errors },
        },
      },
      async (request, reply) => {
        const target = await targetOf(request.body);
        return reply.status(201).send(await addressBooks.addRule(actorOf(request), viewerOf(request), request.params.id, target, request.body.rule));
      },
    );

    app.patch(
      `${rules}/:id`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Change an address book rule (full control of its book)', params: IdParams, body: RulePatchBody, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        await addressBooks.setRule(actorOf(request), viewerOf(request), request.params.id, request.body.rule);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      `${rules}/:id`,
      { onRequest: write, schema: { tags, security, summary: 'Delete an address book rule (full control of its book)', params: IdParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        await addressBooks.deleteRule(actorOf(request), viewerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    // ---- peers ----

    app.get(
      `${books}/:id/peers`,
      {
        onRequest: read,
        schema: { tags, security, summary: 'The peers of an address book (not its recycle bin)', params: BookParams, querystring: Type.Object(PageQuery), response: { 200: PageOf(AbPeerView), ...errors } },
      },
      async (request) => {
        const { total, data } = await addressBooks.peers(viewerOf(request), request.params.id, pageOf(request.query));
        return { total, data: data.map(peerView) };
      },
    );

    app.post(
      `${books}/:id/peers`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Add a peer by its RustDesk id (read/write), under the max_peer_one_ab cap', params: BookParams, body: PeerAddBody, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        const { id, ...fields } = request.body;
        await addressBooks.addPeer(viewerOf(request), request.params.id, { id, fields: peerPatch(fields) }, actorOf(request));
        return reply.status(204).send(null);
      },
    );

    app.patch(
      `${books}/:id/peers/:peer`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Change a peer’s alias, tags, note, password … (read/write)', params: PeerParams, body: PeerPatchBody, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        await addressBooks.updatePeer(viewerOf(request), request.params.id, { id: request.params.peer, fields: peerPatch(request.body) }, actorOf(request));
        return reply.status(204).send(null);
      },
    );

    app.delete(
      `${books}/:id/peers/:peer`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Move a peer to the book’s recycle bin (read/write)', params: PeerParams, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        const moved = await addressBooks.deletePeers(viewerOf(request), request.params.id, [request.params.peer], actorOf(request));
        if (moved === 0) throw new AppError('addressbook.peer_not_found');
        return reply.status(204).send(null);
      },
    );

    // ---- the recycle bin ----

    app.get(
      `${books}/:id/recycle-bin`,
      {
        onRequest: read,
        schema: {
          tags,
          security,
          summary: 'Peers deleted in the last 30 days, latest first (read/write)',
          params: BookParams,
          querystring: Type.Object(PageQuery),
          response: { 200: PageOf(AbPeerView), ...errors },
        },
      },
      async (request) => {
        const { total, data } = await addressBooks.listBin(viewerOf(request), request.params.id, pageOf(request.query));
        return { total, data: data.map(peerView) };
      },
    );

    app.post(
      `${books}/:id/recycle-bin/restore`,
      {
        onRequest: write,
        schema: {
          tags,
          security,
          summary: 'Put peers back from the recycle bin (read/write; ids not in the bin are ignored)',
          params: BookParams,
          body: PeerIdsBody,
          response: { 200: Type.Object({ restored: Type.Integer() }), ...errors },
        },
      },
      async (request) => ({ restored: await addressBooks.restorePeers(actorOf(request), viewerOf(request), request.params.id, [...new Set(request.body.ids)]) }),
    );

    // ---- tags ----

    app.get(
      `${books}/:id/tags`,
      { onRequest: read, schema: { tags, security, summary: 'The tags of an address book', params: BookParams, response: { 200: Type.Array(AbTag), ...errors } } },
      async (request) => addressBooks.tags(viewerOf(request), request.params.id),
    );

    app.post(
      `${books}/:id/tags`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Add a tag (read/write); without a colour it gets the one RustDesk clients give it', params: BookParams, body: TagAddBody, response: { 201: AbTag, ...errors } },
      },
      async (request, reply) => {
        const tag = { name: request.body.name, color: request.body.color ?? defaultTagColor(request.body.name) };
        await addressBooks.addTag(viewerOf(request), request.params.id, tag, actorOf(request));
        return reply.status(201).send(tag);
      },
    );

    app.post(
      `${books}/:id/tags/rename`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Rename a tag, on every peer too (read/write)', params: BookParams, body: TagRenameBody, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        await addressBooks.renameTag(viewerOf(request), request.params.id, request.body, actorOf(request));
        return reply.status(204).send(null);
      },
    );

    app.put(
      `${books}/:id/tags/color`,
      { onRequest: write, schema: { tags, security, summary: 'Change a tag’s colour (read/write)', params: BookParams, body: TagColorBody, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        await addressBooks.setTagColor(viewerOf(request), request.params.id, request.body, actorOf(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${books}/:id/tags/delete`,
      {
        onRequest: write,
        schema: { tags, security, summary: 'Delete tags, and take them off every peer (read/write; unknown names are ignored)', params: BookParams, body: TagNamesBody, response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        await addressBooks.deleteTags(viewerOf(request), request.params.id, [...new Set(request.body.names)], actorOf(request));
        return reply.status(204).send(null);
      },
    );
  };
}

/**
 * `/api/admin/address-books`: administrators see and control every shared book (never another
 * person's personal book); an API token with `address_books:*` acts as an administrator.
 */
export const addressBookAdminRoutes = addressBookRoutesFor({
  base: '/api/admin',
  tags: ['Admin: address books'],
  security: adminSecurity,
  read: (ctx) => requireAdmin(ctx, 'address_books', 'read'),
  write: (ctx) => requireAdmin(ctx, 'address_books', 'write'),
  viewerOf(request) {
    const principal = request.principal;
    if (principal?.kind === 'session') return { user_id: principal.session.user.id, is_admin: true, console: true };
    return { user_id: '', is_admin: true, console: true };
  },
});
