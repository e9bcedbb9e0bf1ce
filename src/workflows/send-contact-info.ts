import { proxyActivities } from '@temporalio/workflow';
import { z } from 'zod';
import { INPUT_FAILURE } from '../common/failure-types';
import type { ContactActivities } from '../activities/posts/contact-activities';
import type { NotificationActivities } from '../activities/telegram/notification-activities';
import type { PostActivities } from '../activities/posts/post-activities';
import type { ContactOutcome, SendContactInfoInput } from '../common/posts';
import { databaseActivity, notifyActivity } from './activity-options';
import { parseWorkflowInput } from './workflow-input';

const { checkContactAccess } = proxyActivities<ContactActivities>(databaseActivity);
const { recordEvent } = proxyActivities<PostActivities>(databaseActivity);
const dm = proxyActivities<NotificationActivities>(notifyActivity);

const wholeNumber = z.number({ error: 'expected a whole number' }).refine(Number.isInteger, 'expected a whole number');
const sendContactInfoInputSchema = z.object({ userId: wholeNumber, postId: wholeNumber }, { error: 'expected { userId, postId }' });

/**
 * A user tapped "📞 Contacts" (`/start contact_<post>`): a subscriber gets the seller's
 * contacts, anyone else an offer to subscribe, an unknown post a polite notice. Every request
 * is recorded as an event; the contacts themselves never enter this workflow's history.
 */
export async function sendContactInfo(input: SendContactInfoInput): Promise<{ outcome: ContactOutcome }> {
  const { userId, postId } = parseWorkflowInput('sendContactInfo', sendContactInfoInputSchema, input, INPUT_FAILURE.contact);
  const access = await checkContactAccess(userId, postId);
  let outcome: ContactOutcome;
  if (access.post === 'unknown') {
    await dm.sendUnknownPostNotice(userId);
    outcome = 'unknown_post';
  } else if (access.subscribed) {
    await dm.sendContactDetails(userId, postId);
    outcome = 'sent';
  } else {
    await dm.sendSubscriptionOffer(userId, postId);
    outcome = 'offered';
  }
  await recordEvent({ type: `contact.${outcome}`, postId: access.post === 'unknown' ? undefined : postId, userId });
  return { outcome };
}
