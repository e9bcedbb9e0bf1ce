/**
 * Resolves a photo given to sendPhoto or sendMediaGroup — a file id, an HTTP URL or an upload —
 * to the photo sizes Telegram would store. File ids must be ones the emulator issued (from
 * injected posts or earlier sends), because Telegram rejects ids it does not know.
 */
import type { PhotoSize } from 'grammy/types';
import { badRequest } from '../errors';
import type { BotParams } from '../params';
import type { TelegramState } from '../state';

/** A resolved photo: its sizes and the reference to record as "sent". */
export interface ResolvedPhoto {
  sizes: PhotoSize[];
  /** The file id or URL as sent; an upload is recorded by its new file id. */
  reference: string;
}

/** Resolves one photo reference; throws Telegram's 400 for unknown ids. */
export function resolvePhoto(state: TelegramState, params: BotParams, reference: unknown): ResolvedPhoto {
  if (typeof reference !== 'string' || reference.trim() === '') throw badRequest('there is no photo in the request');
  const ref = reference.trim();
  if (ref.startsWith('attach://')) {
    if (!params.uploadedFile(ref)) throw badRequest(`file "${ref}" was not found in the request`);
    const sizes = state.registerPhoto();
    return { sizes, reference: sizes[sizes.length - 1].file_id };
  }
  if (/^https?:\/\//i.test(ref)) {
    try {
      new URL(ref);
    } catch {
      throw badRequest('wrong file identifier/HTTP URL specified');
    }
    return { sizes: state.registerPhoto(), reference: ref };
  }
  const known = state.photo(ref);
  if (known) return { sizes: known, reference: ref };
  if (state.acceptUnknownFileIds) return { sizes: state.registerPhoto(ref), reference: ref };
  throw badRequest('wrong file identifier/HTTP URL specified');
}
