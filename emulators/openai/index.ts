/**
 * The OpenAI emulator: a local stand-in for the part of the OpenAI API the pipeline uses, and
 * the rules engine behind it, which tests and sample runs can also call directly.
 */
export { startOpenAiEmulator, type OpenAiEmulator, type OpenAiEmulatorOptions } from './server';
export type { RecordedRequest } from './request-log';
export { OpenAiControlClient } from './control-client';
export { analyzePost, createRulesEngine, type AnalyzeOptions, type PostAnalysis, type RulesEngine } from './rules-engine';
export type { BodyType, CarFields, Classification, Currency, Fuel, PostLanguage, Transmission } from './rules/types';
export { POST_OPEN_TAG, POST_CLOSE_TAG, findPostBlock, type PostBlock } from './post-block';
export { containsInjection } from './prompt-injection';
export { detectTask, EXTRACTION_PROPERTIES, type EmulatedTask } from './task';
export { fillSchema } from './schema-filler';
export { answerChat, answerValues, type ModelAnswer } from './answer';
export { errorForStatus, RETRY_AFTER_SECONDS, type OpenAiErrorBody } from './errors';
export { MAX_DESCRIPTION_LENGTH } from './rules/description';
export { BRANDS, type BrandEntry, type ModelEntry } from './rules/brands';
export { CITIES, type CityEntry } from './rules/cities';
