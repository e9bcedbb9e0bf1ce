/**
 * Posts that have been through the AI steps, made directly in the store, for tests of what
 * comes after (publishing, contacts) without paying for the pipeline each time.
 */
import type { Store } from '../../src/db';
import type { ExtractedFields } from '../../src/common/post-model';

let nextMessageId = 50_000;

export interface ReadyPostOptions {
  source?: string;
  text?: string;
  photos?: string[];
  extracted?: Partial<ExtractedFields>;
  description?: string;
}

export async function makeReadyPost(store: Store, options: ReadyPostOptions = {}): Promise<number> {
  const { post } = await store.upsertPost({
    source: options.source ?? '@cars_kz',
    messageId: ++nextMessageId,
    text: options.text ?? `Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, +7 701 123 45 67 #${nextMessageId}`,
    photos: options.photos ?? [],
  });
  await store.transitionPost(post.id, 'extracting', { classification: { isCarAd: true, confidence: 0.95, reason: 'car ad' } });
  await store.updatePost(post.id, {
    extracted: {
      make: 'Toyota',
      model: 'Camry',
      year: 2018,
      price: 12_500_000,
      currency: 'KZT',
      mileageKm: 95_000,
      engine: '2.5 бензин',
      transmission: 'automatic',
      body: 'sedan',
      location: 'Алматы',
      contacts: ['+77011234567'],
      ...options.extracted,
    },
  });
  await store.transitionPost(post.id, 'ready', { description: options.description ?? 'Toyota Camry 2018, 95 000 км, автомат. Цена: 12 500 000 ₸. Алматы.' });
  return post.id;
}
