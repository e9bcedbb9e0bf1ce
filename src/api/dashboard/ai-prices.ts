/**
 * OpenAI list prices of the models we are likely to be configured with, in US dollars per
 * million tokens, for the dashboard's cost estimate. An estimate only: the bill is OpenAI's
 * (cached prompts and the Batch API are cheaper); a model not listed shows no cost.
 */

/** Price of one model per million prompt (input) and completion (output) tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Standard-tier list prices per 1M tokens. */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
};

/** The price of a model name, dated snapshots (`gpt-4o-mini-2024-07-18`) included. */
export function priceOf(model: string): ModelPrice | undefined {
  const name = model.trim().toLowerCase();
  if (MODEL_PRICES[name]) return MODEL_PRICES[name];
  const dated = /^(.*)-\d{4}-\d{2}-\d{2}$/.exec(name);
  return dated ? MODEL_PRICES[dated[1]] : undefined;
}

/**
 * The price the pipeline's tokens are estimated at: the three steps' models' mean, as posts
 * record their tokens per post, not per step (exact when the steps share a model, the default).
 * Undefined when a model's price is unknown.
 */
export function pipelinePrice(models: readonly string[]): ModelPrice | undefined {
  const prices = models.map(priceOf);
  if (prices.length === 0 || prices.some((p) => !p)) return undefined;
  const known = prices as ModelPrice[];
  return { input: known.reduce((s, p) => s + p.input, 0) / known.length, output: known.reduce((s, p) => s + p.output, 0) / known.length };
}

/** Dollars for the given tokens at `price`. */
export const costUsd = (price: ModelPrice, promptTokens: number, completionTokens: number): number =>
  (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
