/**
 * The database side of a contact request: does the post exist, and may this user see its
 * seller's contacts? Answered on the workflow queue, quickly, without touching Telegram.
 */
import type { Store } from '../../db';

export interface ContactAccess {
  /** `unknown`: no such post, or it was never published. */
  post: 'available' | 'unknown';
  subscribed: boolean;
}

/** The contact requests read the post and the user's subscription only. */
export interface ContactActivityDeps {
  store: Pick<Store, 'getPost' | 'hasActiveSubscription'>;
}

export function createContactActivities({ store }: ContactActivityDeps) {
  return {
    async checkContactAccess(userId: number, postId: number): Promise<ContactAccess> {
      const post = await store.getPost(postId);
      const available = post !== undefined && (post.status === 'published' || post.status === 'ready' || post.status === 'publishing');
      return { post: available ? 'available' : 'unknown', subscribed: await store.hasActiveSubscription(userId, new Date()) };
    },
  };
}

export type ContactActivities = ReturnType<typeof createContactActivities>;
