import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STRATEGY_LIMITS, StrategyOptionsSchema } from '../../domain/strategy.js';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, Id, IdParams, Text } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: strategies'];
const errors = { '4xx': ApiError };

const Strategy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  enabled: Type.Boolean({ description: 'A disabled strategy reaches no device' }),
  is_default: Type.Boolean({ description: 'For devices that no strategy names by device, owner or device group' }),
  options: StrategyOptionsSchema,
  revision: Type.Integer({ description: 'Changes with the options; devices echo it as modified_at' }),
  device_count: Type.Integer({ description: 'Devices that name it themselves' }),
  user_count: Type.Integer(),
  device_group_count: Type.Integer(),
  applied_count: Type.Integer({ description: 'Devices it reaches: its own, their owners’ and groups’, by priority, and as the default' }),
  created_at: Type.Integer({ description: 'milliseconds since the epoch' }),
  updated_at: Type.Integer(),
});

const Fields = {
  name: Text(STRATEGY_LIMITS.name, { minLength: 1 }),
  note: Text(STRATEGY_LIMITS.note),
  enabled: Type.Boolean(),
  is_default: Type.Boolean(),
  options: StrategyOptionsSchema,
};
const CreateBody = Type.Object({ ...Fields, note: Type.Optional(Fields.note), enabled: Type.Optional(Fields.enabled), is_default: Type.Optional(Fields.is_default), options: Type.Optional(Fields.options) });
const PatchBody = Type.Partial(Type.Object(Fields));

/** A RustDesk id as devices report it (§2.3): printable text. */
const DeviceId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const TARGET_MAX = 1_000;
const Targets = Type.Object({
  devices: Type.Array(DeviceId, { maxItems: TARGET_MAX }),
  users: Type.Array(Id, { maxItems: TARGET_MAX }),
  device_groups: Type.Array(Id, { maxItems: TARGET_MAX }),
});
const AssignBody = Type.Object({
  strategy_id: Type.Union([Id, Type.Null()], { description: 'The strategy to give them, or null for none of their own' }),
  from_strategy_id: Type.Optional({
    ...Id,
    description: 'With strategy_id null: take it only from those whose own strategy is still this one (another may have been given them meanwhile)',
  }),
  devices: Type.Optional(Targets.properties.devices),
  users: Type.Optional(Targets.properties.users),
  device_groups: Type.Optional(Targets.properties.device_groups),
});

/**
 * Strategies: client options sent to devices with their heartbeat answer, given to devices,
 * people's devices and device groups' devices (in that order of priority), or as the default.
 */
export const strategyRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { strategies } = ctx.services;
  const read = requireAdmin(ctx, 'strategies', 'read');
  const write = requireAdmin(ctx, 'strategies', 'write');

  app.get(
    '/api/admin/strategies',
    { onRequest: read, schema: { tags, security, summary: 'List strategies, by name', response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(Strategy) }), ...errors } } },
    async () => {
      const data = await strategies.list();
      return { total: data.length, data };
    },
  );

  app.post(
    '/api/admin/strategies',
    { onRequest: write, schema: { tags, security, summary: 'Create a strategy', body: CreateBody, response: { 201: Strategy, ...errors } } },
    async (request, reply) => reply.status(201).send(await strategies.create(actorOf(request), request.body)),
  );

  app.post(
    '/api/admin/strategies/assign',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Give devices, users and device groups a strategy (instead of the one they had), or none of their own',
        body: AssignBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { strategy_id: id, from_strategy_id: from, ...targets } = request.body;
      await strategies.assign(actorOf(request), id, targets, from);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/strategies/:id',
    { onRequest: read, schema: { tags, security, summary: 'One strategy', params: IdParams, response: { 200: Strategy, ...errors } } },
    async (request) => strategies.get(request.params.id),
  );

  app.get(
    '/api/admin/strategies/:id/targets',
    {
      onRequest: read,
      schema: { tags, security, summary: 'The devices, users and device groups that name this strategy themselves', params: IdParams, response: { 200: Targets, ...errors } },
    },
    async (request) => strategies.targets(request.params.id),
  );

  app.patch(
    '/api/admin/strategies/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Change a strategy: new options reach its devices with their next heartbeats', params: IdParams, body: PatchBody, response: { 200: Strategy, ...errors } },
    },
    async (request) => strategies.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/admin/strategies/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Delete a strategy (its devices keep the options it set)', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await strategies.delete(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
