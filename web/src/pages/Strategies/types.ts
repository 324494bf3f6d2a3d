/** The strategy shapes the console shows, from the generated OpenAPI types. */
import type { Operation, Reply } from '../../api/client';

export type Strategy = Reply<Operation<'/api/admin/strategies/{id}', 'get'>>;
export type StrategyTargets = Reply<Operation<'/api/admin/strategies/{id}/targets', 'get'>>;
export type TargetKind = keyof StrategyTargets;

type AssignOperation = Operation<'/api/admin/strategies/assign', 'post'>;
export type AssignBody = AssignOperation['requestBody'] extends { content: { 'application/json': infer B } } ? B : never;
