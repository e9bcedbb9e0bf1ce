/**
 * What we ask OpenAI for, as zod schemas: they become the strict JSON schema of the request
 * and validate the answer. Property names are snake_case, as the model sees them.
 */
import { z } from 'zod';

export const classificationSchema = z.object({
  is_car_ad: z.boolean().describe('true only when the post offers a car for sale'),
  confidence: z.number().min(0).max(1).describe('0..1, how sure you are'),
  reason: z.string().describe('one short sentence: why'),
});

export const CURRENCIES = ['KZT', 'RUB', 'USD', 'EUR'] as const;
export const TRANSMISSIONS = ['automatic', 'manual', 'robot', 'cvt'] as const;

export const extractionSchema = z.object({
  make: z.string().nullable().describe('manufacturer in Latin script, e.g. Toyota; null if not stated'),
  model: z.string().nullable().describe('model, e.g. Camry; null if not stated'),
  year: z.number().int().nullable().describe('model year; null if not stated'),
  price: z.number().nullable().describe('asking price as a plain number in the currency below; null if not stated'),
  currency: z.enum(CURRENCIES).nullable(),
  mileage_km: z.number().int().nullable().describe('mileage in kilometres; null if not stated'),
  engine: z.string().nullable().describe('volume and fuel, e.g. "2.5 petrol"; null if not stated'),
  transmission: z.enum(TRANSMISSIONS).nullable(),
  body: z.string().nullable().describe('sedan, suv, hatchback, wagon, coupe, minivan, pickup ...; null if not stated'),
  location: z.string().nullable().describe('city; null if not stated'),
  contacts: z.array(z.string()).describe('seller phone numbers and @usernames exactly as given; empty if none'),
});

export type ClassificationAnswer = z.infer<typeof classificationSchema>;
export type ExtractionAnswer = z.infer<typeof extractionSchema>;
