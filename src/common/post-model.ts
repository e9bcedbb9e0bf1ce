/**
 * A post as the service sees it, and the shapes of what goes in: the intake record and the
 * results each pipeline step adds. Types only, so workflow code may import them.
 */
import type { PostStatus } from './post-status';

/** A post as intake receives it: from a source channel, the HTTP API or a JSON Lines file. */
export interface NewPost {
  /** `@username` or numeric chat id; stored normalised (see `normaliseChatRef`). */
  source: string;
  messageId: number;
  /** 2, 3 … for an edit of the post that changed its ad; absent: 1. */
  revision?: number;
  text: string;
  /** Telegram file ids. */
  photos?: readonly string[];
  /** When the source chat published it. */
  postedAt?: Date | null;
  /** What intake changed about it, in words. */
  notes?: readonly string[];
}

/** The AI's verdict on whether a post is a car-sale ad. */
export interface Classification {
  isCarAd: boolean;
  /** 0..1. */
  confidence: number;
  reason: string;
}

/** What the AI read out of an ad; null where the ad doesn't say. */
export interface ExtractedFields {
  make: string | null;
  model: string | null;
  year: number | null;
  price: number | null;
  currency: string | null;
  mileageKm: number | null;
  engine: string | null;
  transmission: string | null;
  body: string | null;
  location: string | null;
  /** Seller phones and handles: personal data, shown to subscribers only. */
  contacts: string[];
}

/** Where a listing went in our channel. */
export interface PublishedMessage {
  chatId: string;
  /** Every message of the listing (a media group is several). */
  messageIds: number[];
}

/** OpenAI calls and tokens spent on a post. */
export interface AiUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** A post with everything the pipeline has recorded so far. */
export interface Post {
  id: number;
  source: string;
  messageId: number;
  /** 1 for the post as first seen; 2, 3 … for edits that changed its ad. */
  revision: number;
  text: string;
  photos: string[];
  postedAt: Date | null;
  fingerprint: string | null;
  status: PostStatus;
  classification: Classification | null;
  extracted: ExtractedFields;
  description: string | null;
  /** Set once the first message is recorded; `at` once the post reaches `published`. */
  published: (PublishedMessage & { at: Date | null }) | null;
  aiUsage: AiUsage;
  error: string | null;
  /** The step a failed post failed at; null unless it is failed. */
  failedStep: string | null;
  /** When the AI extraction ran (its fields may all be null); null before. */
  extractedAt: Date | null;
  /** What intake or publishing changed about the post, in words (e.g. an album cut to 10 photos). */
  notes: string[];
  /** The post whose fingerprint claim this one lost. */
  duplicateOf: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Results of pipeline steps; each present field overwrites the stored one. */
export interface PostPatch {
  classification?: Classification;
  extracted?: Partial<ExtractedFields>;
  description?: string | null;
  published?: PublishedMessage;
  error?: string | null;
  failedStep?: string | null;
  /** Replaces the notes. */
  notes?: string[];
  duplicateOf?: number | null;
}
