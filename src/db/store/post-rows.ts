/**
 * Between `posts` rows and the `Post` objects the service works with: one mapping each way,
 * so a column rename touches one file.
 */
import type { Selectable, Updateable } from 'kysely';
import type { PostsTable } from '../schema';
import type { Post, PostPatch } from '../../common/post-model';

/** The columns a patch writes; absent fields are left alone. */
export function patchColumns(patch: PostPatch): Updateable<PostsTable> {
  const columns: Updateable<PostsTable> = {};
  if (patch.classification) {
    columns.is_car_ad = patch.classification.isCarAd;
    columns.confidence = patch.classification.confidence;
    columns.classification_reason = patch.classification.reason;
  }
  const x = patch.extracted;
  if (x) {
    if (x.make !== undefined) columns.make = x.make;
    if (x.model !== undefined) columns.model = x.model;
    if (x.year !== undefined) columns.year = x.year;
    if (x.price !== undefined) columns.price = x.price;
    if (x.currency !== undefined) columns.currency = x.currency;
    if (x.mileageKm !== undefined) columns.mileage_km = x.mileageKm;
    if (x.engine !== undefined) columns.engine = x.engine;
    if (x.transmission !== undefined) columns.transmission = x.transmission;
    if (x.body !== undefined) columns.body = x.body;
    if (x.location !== undefined) columns.location = x.location;
    if (x.contacts !== undefined) columns.contacts = JSON.stringify(x.contacts);
    columns.extracted_at = new Date();
  }
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.published) {
    columns.published_chat_id = patch.published.chatId;
    columns.published_message_ids = JSON.stringify(patch.published.messageIds);
  }
  if (patch.error !== undefined) columns.error = patch.error;
  if (patch.failedStep !== undefined) columns.failed_step = patch.failedStep;
  if (patch.notes !== undefined) columns.notes = JSON.stringify(patch.notes);
  if (patch.duplicateOf !== undefined) columns.duplicate_of = patch.duplicateOf;
  return columns;
}

/** A `posts` row as the rest of the service sees it. */
export function toPost(row: Selectable<PostsTable>): Post {
  return {
    id: row.id,
    source: row.source,
    messageId: row.message_id,
    revision: row.revision,
    text: row.text,
    photos: row.photos,
    postedAt: row.posted_at,
    fingerprint: row.fingerprint,
    status: row.status,
    classification:
      row.is_car_ad === null
        ? null
        : { isCarAd: row.is_car_ad, confidence: row.confidence ?? 0, reason: row.classification_reason ?? '' },
    extracted: {
      make: row.make,
      model: row.model,
      year: row.year,
      price: row.price,
      currency: row.currency,
      mileageKm: row.mileage_km,
      engine: row.engine,
      transmission: row.transmission,
      body: row.body,
      location: row.location,
      contacts: row.contacts,
    },
    description: row.description,
    published:
      row.published_chat_id === null
        ? null
        : { chatId: row.published_chat_id, messageIds: row.published_message_ids, at: row.published_at },
    aiUsage: { calls: row.ai_calls, promptTokens: row.ai_prompt_tokens, completionTokens: row.ai_completion_tokens },
    error: row.error,
    failedStep: row.failed_step,
    extractedAt: row.extracted_at,
    notes: row.notes,
    duplicateOf: row.duplicate_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
