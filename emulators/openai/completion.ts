/**
 * The `chat.completion` object in OpenAI's shape (id, created, echoed model, choices with
 * `finish_reason: 'stop'`, usage), so the real client parses it exactly as it parses the API's.
 */
import { randomBytes } from 'node:crypto';
import type { ModelAnswer } from './answer';
import type { ChatRequest } from './chat-request';
import { approximateTokens, promptTokens } from './tokens';

/** Token counts as the API reports them. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Wraps the model's answer into a completion; every choice carries the same answer. */
export function buildCompletion(request: ChatRequest, answer: ModelAnswer): { usage: CompletionUsage } & Record<string, unknown> {
  const schemaText = request.format.type === 'json_schema' ? JSON.stringify(request.format.schema) : '';
  const prompt = promptTokens(request.messages, schemaText);
  const completion = approximateTokens(answer.content) * request.choices;
  return {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: Array.from({ length: request.choices }, (_, index) => ({
      index,
      message: { role: 'assistant', content: answer.content, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    })),
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    } as CompletionUsage,
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
  };
}
