/**
 * Our workflows as the rest of the service names them: by the type of the workflow functions
 * themselves (`import type`, so no workflow code is loaded with it), the way the SDK's samples
 * start them by reference. A start, a handle or a schedule action names a workflow through this
 * table (`src/client/start-workflow.ts`), so its arguments and result are typed end to end and a
 * renamed workflow fails to compile here.
 */
import type * as workflows from '../workflows';

/** Every workflow the `cars-bot` task queue runs, by its type name. */
export type Workflows = typeof workflows;
export type WorkflowName = keyof Workflows;
/** The arguments a workflow takes, as a start or a schedule passes them. */
export type WorkflowArgs<N extends WorkflowName> = Parameters<Workflows[N]>;
/** What a workflow's `handle.result()` gives. */
export type WorkflowResult<N extends WorkflowName> = Awaited<ReturnType<Workflows[N]>>;

/** Each workflow's type name; the compiler checks every entry against the workflow code. */
export const WORKFLOW_TYPES: { readonly [N in WorkflowName]: N } = {
  processPost: 'processPost',
  publishPost: 'publishPost',
  sendContactInfo: 'sendContactInfo',
  healthCheck: 'healthCheck',
  checkSubscriptions: 'checkSubscriptions',
  collectStats: 'collectStats',
  cleanup: 'cleanup',
  syncChannels: 'syncChannels',
  syncSubscribers: 'syncSubscribers',
  updateAnalytics: 'updateAnalytics',
  exportEvents: 'exportEvents',
  watchChannel: 'watchChannel',
};
