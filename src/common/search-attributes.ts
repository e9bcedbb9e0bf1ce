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
