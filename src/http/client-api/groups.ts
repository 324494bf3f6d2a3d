import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { PeerStatus, Viewer } from '../../domain/device-group.js';
import type { HttpContext } from '../context.js';
import { bearerToken } from '../plugins/auth.js';
import { ErrorBody, UserPayload } from './schemas.js';
import { toUserPayload } from './user-payload.js';

const tags = ['RustDesk client: accessible devices'];

/** The client always sends 100 (§10); more is served as 100 pages, not refused. */
const PAGE_MAX = 100;

/**
 * §9, §10: `current` and `pageSize`, plus `accessible=` (empty, tolerated) and `status=1` on
 * users and peers: only the people and devices of that status (the client always asks for 1:
 * people who can sign in, devices that can be reached). Unknown parameters (the admin scripts'
 * `%value%` filters) are tolerated (§12 item 27).
 */
const ListQuery = Type.Object(
  {
    current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'served in pages of at most 100' })),
    accessible: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(Type.Integer({ minimum: -1, maximum: 1, description: 'people and devices of this status only: 1 normal or enabled, 0 disabled, -1 unverified (people); device groups have none' })),
  },
  { additionalProperties: true },
);
type ListQuery = Static<typeof ListQuery>;

/** §9 PeerPayload: every string a string, `status` an integer (a bool or string aborts the client's whole list, §12 item 13). */
const PeerPayload = Type.Object({
  id: Type.String(),
  info: Type.Object({ username: Type.String(), os: Type.String(), device_name: Type.String() }),
  status: Type.Integer({ description: '1 enabled, 0 disabled' }),
  user: Type.String({ description: 'the owner’s username' }),
  user_name: Type.String({ description: 'the owner’s username (the client filters by it)' }),
  device_group_name: Type.String(),
  note: Type.String(),
});

/** §10: `total` an integer, always (without it the client drops `data`, §12 item 6). */
const PageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ total: Type.Integer(), data: Type.Array(item) });

/** The schema keeps `status` to -1, 0 or 1. */
const statusOf = (query: ListQuery) => query.status as PeerStatus | undefined;

const page = (query: ListQuery) => ({ current: query.current ?? 1, pageSize: Math.min(query.pageSize ?? PAGE_MAX, PAGE_MAX) });

/**
 * The signed-in client's "Accessible devices" tab (spec/rustdesk-client-api.md §9): GETs with
 * only `Authorization: Bearer <client token>`. A bad or missing token is a 401, on which the
 * client signs out (§3, §12 item 5).
 */
export const clientGroupRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { services } = ctx;

  async function viewerOf(request: FastifyRequest): Promise<Viewer> {
    const verified = await services.accessTokens.verify(bearerToken(request) ?? '');
    return { user_id: verified.user.id, is_admin: verified.user.is_admin };
  }

  app.get(
    '/api/device-group/accessible',
    {
      schema: {
        tags,
        summary: 'Device groups the signed-in person may reach',
        querystring: ListQuery,
        response: { 200: PageOf(Type.Object({ name: Type.String() })), '4xx': ErrorBody },
      },
    },
    async (request) => services.deviceGroups.groupsFor(await viewerOf(request), page(request.query)),
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'People whose devices the signed-in person may see',
        querystring: ListQuery,
        response: { 200: PageOf(UserPayload), '4xx': ErrorBody },
      },
    },
    async (request) => {
      const { total, data } = await services.deviceGroups.usersFor(await viewerOf(request), page(request.query), statusOf(request.query));
      return { total, data: data.map((user) => toUserPayload(user)) };
    },
  );

  app.get(
    '/api/peers',
    {
      schema: {
        tags,
        summary: 'Devices the signed-in person may see',
        querystring: ListQuery,
        response: { 200: PageOf(PeerPayload), '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { total, page: found } = await services.deviceGroups.peersFor(await viewerOf(request), page(request.query), statusOf(request.query));
      // The database wrote the page as the client's JSON (domain PeerPage): sent as it is, a
      // string with a JSON type, which Fastify does not serialize again.
      const body = `{"total":${total},"data":${found.json}}`;
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );
};
