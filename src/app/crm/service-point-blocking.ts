/** Blocking and unblocking a service point (src/domain/service-point/blocking.ts), for REST and the CLI. */
import { handleCommand, type CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { streams } from '../../domain/streams.ts';
import { servicePointBlockingDecider } from '../../domain/service-point/blocking.ts';

export async function blockServicePoint(deps: AppDeps, servicePointId: string, reason: string, context: CommandContext) {
  return handleCommand(deps, servicePointBlockingDecider, streams.servicePoint(servicePointId), { type: 'BlockServicePoint', id: servicePointId, reason }, context);
}

export async function unblockServicePoint(deps: AppDeps, servicePointId: string, reason: string | null, context: CommandContext) {
  return handleCommand(deps, servicePointBlockingDecider, streams.servicePoint(servicePointId), { type: 'UnblockServicePoint', id: servicePointId, reason }, context);
}
