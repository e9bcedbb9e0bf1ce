/** The operation ids of the API's OpenAPI document (`openapi.ts`). */
import type { Schema } from './openapi-schemas';

/** Each operation's id, as clients generated from the document name their methods. */
const OPERATION_IDS: Record<string, string> = {
  'get /posts': 'listPosts',
  'post /posts': 'submitPost',
  'get /posts/{id}': 'getPost',
  'post /posts/{id}/retry': 'retryPost',
  'post /posts/retry-failed': 'retryFailedPosts',
  'get /stats': 'getStats',
  'get /dashboard': 'getDashboard',
  'post /jobs/{name}/run': 'runJob',
  'get /schedules': 'listSchedules',
  'patch /schedules/{id}': 'editSchedule',
  'post /schedules/{id}/pause': 'pauseSchedule',
  'post /schedules/{id}/resume': 'resumeSchedule',
  'post /schedules/{id}/trigger': 'triggerSchedule',
  'get /workflows/{id}': 'getWorkflow',
  'get /healthz': 'getHealth',
  'get /health': 'getHealthReport',
  'get /readyz': 'getReadiness',
  'get /openapi.json': 'getOpenApiDocument',
  'get /docs': 'getDocsPage',
  'get /docs/assets/{file}': 'getDocsAsset',
};

/** Sets every operation's `operationId`; an operation without one in the table is a mistake, said at start-up. */
export function withOperationIds(document: Schema): Schema {
  const paths = document.paths as Record<string, Record<string, Schema>>;
  for (const [route, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const id = OPERATION_IDS[`${method} ${route}`];
      if (!id) throw new Error(`no operationId for ${method.toUpperCase()} ${route} (src/api/openapi-operation-ids.ts)`);
      operation.operationId = id;
    }
  }
  return document;
}
