/**
 * Where the post is in a prompt. The pipeline puts the post text in the last user message
 * between `<post>` and `</post>`, with `<`, `>` and `&` in the text escaped as `&lt;`, `&gt;`
 * and `&amp;`. The emulator takes the text between the first `<post>` and the first `</post>`
 * after it (entities decoded) as the post; everything else in the message is instructions.
 * Without the tags the whole message is the post — and, as for a naive model, also instructions.
 */

/** Tag that opens the post block. */
export const POST_OPEN_TAG = '<post>';
/** Tag that closes the post block. */
export const POST_CLOSE_TAG = '</post>';

/** The post text and the instruction text around it. */
export interface PostBlock {
  /** The post itself (entities decoded). */
  readonly post: string;
  /** Text of the message outside the block; with no block, the whole message. */
  readonly outside: string;
  /** Whether the message delimited the post. */
  readonly delimited: boolean;
}

/** Splits a user message into the post and the text around it. */
export function findPostBlock(message: string): PostBlock {
  const lower = message.toLowerCase();
  const open = lower.indexOf(POST_OPEN_TAG);
  const close = open === -1 ? -1 : lower.indexOf(POST_CLOSE_TAG, open + POST_OPEN_TAG.length);
  if (open === -1 || close === -1) return { post: message, outside: message, delimited: false };
  return {
    post: decodeEntities(message.slice(open + POST_OPEN_TAG.length, close)),
    outside: `${message.slice(0, open)}\n${message.slice(close + POST_CLOSE_TAG.length)}`,
    delimited: true,
  };
}

/** Decodes the XML entities a pipeline uses to escape post text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|#39|amp);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : name === 'amp' ? '&' : "'",
  );
}
