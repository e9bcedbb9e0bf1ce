/**
 * Custom search attributes, so operators can find posts in the Web UI and with
 * `temporal workflow list --query "PostStatus='not_car'"`.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const POST_STATUS = defineSearchAttributeKey('PostStatus', SearchAttributeType.KEYWORD);
export const SOURCE_CHANNEL = defineSearchAttributeKey('SourceChannel', SearchAttributeType.KEYWORD);
export const CAR_MAKE = defineSearchAttributeKey('CarMake', SearchAttributeType.KEYWORD);

/** Every custom attribute, for registering them on a server. */
export const SEARCH_ATTRIBUTE_KEYS = [POST_STATUS, SOURCE_CHANNEL, CAR_MAKE] as const;

/**
 * The make as a search attribute, or undefined when it doesn't look like one. Search attributes
 * are never encrypted (the server indexes them), and the make comes from the model's reading of
 * the post, which a crafted post can steer: only a short name of letters (Toyota, Mercedes-Benz,
 * Lada (ВАЗ)) goes in, never digits that could be a phone or a run of the post's text.
 */
export function searchableCarMake(make: string | null | undefined): string | undefined {
  const name = make?.trim();
  return name && /^\p{L}[\p{L} .&'()-]{0,29}$/u.test(name) ? name : undefined;
}
