/**
 * The deterministic "model" behind the OpenAI emulator: reads a car-sale post in Russian or
 * English and finds its make, model, year, price, mileage, engine, gearbox, body, city and
 * contacts, classifies it and writes the listing description. Same text in, same answer out,
 * so tests of the pipeline can assert on what the model said.
 */
import { findBody } from './rules/body';
import { classifyPost } from './rules/classifier';
import { blankSpans, findContacts } from './rules/contacts';
import { describeCar } from './rules/description';
import { describeEngine, findDisplacement, findFuels } from './rules/engine';
import { detectLanguage } from './rules/language';
import { compileCities, findLocation } from './rules/location';
import { compileCatalogue, findMakeModel } from './rules/make-model';
import { findMileage } from './rules/mileage';
import { findPrice } from './rules/price';
import { scanQuantities } from './rules/quantities';
import { normalizeText } from './rules/text';
import { findTransmission } from './rules/transmission';
import type { CarFields, Classification, PostLanguage } from './rules/types';
import { findYear } from './rules/year';

/** Everything the engine says about one post. */
export interface PostAnalysis {
  readonly language: PostLanguage;
  readonly fields: CarFields;
  readonly classification: Classification;
  readonly description: string;
}

/** Options of one analysis. */
export interface AnalyzeOptions {
  /** Upper bound for model years is this + 1; defaults to the current calendar year. */
  readonly currentYear?: number;
}

/** A rules engine with its catalogue compiled; build one and reuse it for many posts. */
export interface RulesEngine {
  analyze(text: string, options?: AnalyzeOptions): PostAnalysis;
}

/** Builds a rules engine (compiles the make/model and city patterns once). */
export function createRulesEngine(): RulesEngine {
  const catalogue = compileCatalogue();
  const cities = compileCities();
  return {
    analyze(text, options = {}) {
      const currentYear = options.currentYear ?? new Date().getFullYear();
      const language = detectLanguage(text);
      const normalized = normalizeText(text);
      const contacts = findContacts(normalized);
      const usernames = findContacts(text).usernames;
      const withoutPhones = blankSpans(normalized, contacts.phoneSpans);
      const quantities = scanQuantities(withoutPhones);
      const { price, currency } = findPrice(quantities, withoutPhones);
      const fields: CarFields = {
        ...findMakeModel(withoutPhones, catalogue),
        year: findYear(quantities, withoutPhones, currentYear),
        price,
        currency,
        mileage_km: findMileage(quantities, withoutPhones),
        engine: describeEngine(findDisplacement(quantities, withoutPhones), findFuels(withoutPhones)),
        transmission: findTransmission(withoutPhones),
        body: findBody(withoutPhones),
        location: findLocation(withoutPhones, language, cities),
        contacts: [...contacts.phones, ...usernames],
      };
      return { language, fields, classification: classifyPost(withoutPhones, fields), description: describeCar(fields, language) };
    },
  };
}

/** One-off analysis of a post (compiles the patterns each call; use `createRulesEngine` in loops). */
export function analyzePost(text: string, options?: AnalyzeOptions): PostAnalysis {
  return createRulesEngine().analyze(text, options);
}
