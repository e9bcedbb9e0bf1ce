/** The model list `GET /v1/models` returns: what the pipeline may configure, any of them accepted. */

/** Model ids listed by default. Chat completions accept any model name and echo it back. */
export const DEFAULT_MODELS: readonly string[] = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1', 'gpt-4.1-nano', 'gpt-5-mini', 'gpt-5'];

/** A model object in OpenAI's shape. */
export function modelObject(id: string): { id: string; object: 'model'; created: number; owned_by: string } {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'system' };
}
