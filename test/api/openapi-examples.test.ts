/**
 * Every operation of the OpenAPI document shows what to send and what comes back: an example on
 * each request body and on each response's media types (a binary file aside), so Swagger UI's
 * "Try it out" starts from something that works and every answer, errors too, has its shape shown.
 */
import { openApiDocument } from '../../src/api/openapi';

type Media = { schema?: { format?: string }; example?: unknown; examples?: unknown };
type Operation = { requestBody?: { content: Record<string, Media> }; responses: Record<string, { content?: Record<string, Media> }> };

const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([route, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${route}`, op })));
const hasExample = (media: Media) => media.example !== undefined || media.examples !== undefined;

test('the document has operations to check', () => {
  expect(operations.length).toBeGreaterThanOrEqual(20);
});

test.each(operations.map((o) => [o.name, o.op] as const))('%s: request and response examples', (_name, op) => {
  const missing: string[] = [];
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) if (!hasExample(media)) missing.push(`request ${type}`);
  let responseExamples = 0;
  for (const [status, response] of Object.entries(op.responses)) {
    for (const [type, media] of Object.entries(response.content ?? {})) {
      if (media.schema?.format === 'binary') continue;
      if (hasExample(media)) responseExamples += 1;
      else missing.push(`${status} ${type}`);
    }
  }
  expect(missing).toEqual([]);
  expect(responseExamples).toBeGreaterThan(0);
});

test('error examples have the one error shape with a code', () => {
  for (const { name, op } of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue;
      const example = response.content?.['application/json']?.example as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
      if (!example || !('error' in example)) continue;
      expect({ name, status, code: typeof example.error?.code, message: typeof example.error?.message, hasDetails: example.error !== undefined && 'details' in example.error }).toEqual({ name, status, code: 'string', message: 'string', hasDetails: true });
    }
  }
});
