/**
 * Token counts for `usage`, approximated from characters (about four per token, as OpenAI's
 * rule of thumb says), so the pipeline's AI-usage accounting has numbers that grow with input.
 */

/** Approximate tokens of a text: ceil(characters / 4), at least 1 for non-empty text. */
export function approximateTokens(text: string): number {
  const chars = [...text].length;
  return chars === 0 ? 0 : Math.ceil(chars / 4);
}

/** Prompt tokens of a request: its messages (plus a few per message for roles) and its schema. */
export function promptTokens(messages: ReadonlyArray<{ role: string; text: string }>, schemaText: string): number {
  return messages.reduce((sum, m) => sum + approximateTokens(m.text) + 4, 3) + approximateTokens(schemaText);
}
