/**
 * What the emulated model answers to one chat request: finds the post in the last user message,
 * lets the naive-model check obey an injected instruction outside the post block, and otherwise
 * answers from the rules engine — JSON filled into the requested schema, or the listing
 * description as plain text.
 */
import type { ChatRequest } from './chat-request';
import { findPostBlock } from './post-block';
import { containsInjection } from './prompt-injection';
import type { PostAnalysis, RulesEngine } from './rules-engine';
import { fillSchema } from './schema-filler';
import { detectTask, type EmulatedTask } from './task';

/** The model's reply to one request. */
export interface ModelAnswer {
  readonly content: string;
  readonly task: EmulatedTask;
  /** True when an injected instruction was obeyed and the system prompt leaked. */
  readonly leakedSystemPrompt: boolean;
}

/** Answers a validated chat request. */
export function answerChat(request: ChatRequest, engine: RulesEngine, options: { currentYear?: number } = {}): ModelAnswer {
  const task = detectTask(request.format);
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  const block = findPostBlock(lastUser?.text ?? '');
  if (containsInjection(block.outside)) {
    const system = request.messages
      .filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => m.text)
      .join('\n\n');
    return { content: system === '' ? '(no system prompt)' : system, task, leakedSystemPrompt: true };
  }
  const analysis = engine.analyze(block.post, { currentYear: options.currentYear });
  const values = answerValues(analysis);
  const { format } = request;
  const content =
    format.type === 'text' ? analysis.description : JSON.stringify(format.type === 'json_object' ? values : fillSchema(format.schema, values));
  return { content, task, leakedSystemPrompt: false };
}

/**
 * The values a schema property gets, by name: the classification (`is_car_ad`, `confidence`,
 * `reason`), the extracted fields (`make` … `contacts`), `description` and `language`.
 */
export function answerValues(analysis: PostAnalysis): Readonly<Record<string, unknown>> {
  return { ...analysis.classification, ...analysis.fields, description: analysis.description, language: analysis.language };
}
