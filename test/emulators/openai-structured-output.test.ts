/**
 * How the OpenAI emulator fills a requested JSON schema: values by property name from the rules
 * engine, made to fit the schema (types, enums, nullability, bounds), defaults for properties it
 * does not know, and the task told from the property names.
 */
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { analyzePost, answerValues, detectTask, fillSchema } from '../../emulators/openai';

const values = answerValues(
  analyzePost('Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат, хэтчбек, 12 500 000 тг, Алматы, +7 701 123 45 67', {
    currentYear: 2025,
  }),
);

function schemaOf(schema: z.ZodType, name = 'answer'): Record<string, unknown> {
  return zodResponseFormat(schema, name).json_schema.schema as Record<string, unknown>;
}

it('a zod schema turned into a strict JSON schema is filled so that zod accepts the result', () => {
  const Answer = z.object({
    is_car_ad: z.boolean(),
    confidence: z.number().min(0).max(1),
    make: z.string().nullable(),
    year: z.number().int().nullable(),
    contacts: z.array(z.string()),
    description: z.string(),
  });
  const filled = fillSchema(schemaOf(Answer), values);
  expect(Answer.parse(filled)).toEqual({
    is_car_ad: true,
    confidence: expect.any(Number),
    make: 'Toyota',
    year: 2018,
    contacts: ['+77011234567'],
    description: expect.stringContaining('Toyota Camry 2018'),
  });
});

it('an engine value outside the schema enum becomes null when nullable, else the first enum value', () => {
  const schema = {
    type: 'object',
    properties: {
      body: { anyOf: [{ type: 'string', enum: ['sedan', 'suv'] }, { type: 'null' }] },
      body_strict: { type: 'string', enum: ['sedan', 'suv'] },
      currency: { type: ['string', 'null'], enum: ['USD', 'EUR', null] },
      transmission: { type: 'string', enum: ['automatic', 'manual'] },
    },
    required: ['body', 'body_strict', 'currency', 'transmission'],
    additionalProperties: false,
  };
  const filled = fillSchema(schema, { ...values, body_strict: values.body });
  expect(filled).toEqual({ body: null, body_strict: 'sedan', currency: null, transmission: 'automatic' });
});

it('properties the engine does not know get a type-correct default (null when nullable)', () => {
  const schema = {
    type: 'object',
    properties: {
      color: { type: ['string', 'null'] },
      vin: { type: 'string' },
      owners: { type: 'integer', minimum: 1 },
      rating: { type: 'number' },
      customs_cleared: { type: 'boolean' },
      photos: { type: 'array', items: { type: 'string' } },
      tier: { type: 'string', enum: ['basic', 'premium'] },
      kind: { const: 'listing' },
    },
    required: ['color', 'vin', 'owners', 'rating', 'customs_cleared', 'photos', 'tier', 'kind'],
    additionalProperties: false,
  };
  expect(fillSchema(schema, values)).toEqual({
    color: null,
    vin: '',
    owners: 1,
    rating: 0,
    customs_cleared: false,
    photos: [],
    tier: 'basic',
    kind: 'listing',
  });
});

it('numbers are made to fit: integers rounded, bounds respected, numbers as strings when asked', () => {
  const schema = {
    type: 'object',
    properties: {
      confidence: { type: 'number', minimum: 0, maximum: 0.5 },
      price: { type: 'integer' },
      year: { type: 'string' },
      reason: { type: 'string', maxLength: 5 },
    },
    required: ['confidence', 'price', 'year', 'reason'],
    additionalProperties: false,
  };
  expect(fillSchema(schema, { ...values, price: 12_500_000.6 })).toEqual({ confidence: 0.5, price: 12_500_001, year: '2018', reason: 'Toyot' });
});

it('nested objects and $ref definitions are followed; a nested group is filled by name', () => {
  const schema = {
    type: 'object',
    properties: {
      car: { $ref: '#/$defs/car' },
      seller: { anyOf: [{ $ref: '#/$defs/seller' }, { type: 'null' }] },
      dealer: { anyOf: [{ type: 'object', properties: { dealer_name: { type: 'string' } }, required: ['dealer_name'] }, { type: 'null' }] },
    },
    required: ['car', 'seller', 'dealer'],
    additionalProperties: false,
    $defs: {
      car: {
        type: 'object',
        properties: { make: { type: ['string', 'null'] }, model: { type: ['string', 'null'] }, mileage_km: { type: ['integer', 'null'] } },
        required: ['make', 'model', 'mileage_km'],
        additionalProperties: false,
      },
      seller: { type: 'object', properties: { contacts: { type: 'array', items: { type: 'string' } }, location: { type: 'string' } }, required: ['contacts', 'location'] },
    },
  };
  expect(fillSchema(schema, values)).toEqual({
    car: { make: 'Toyota', model: 'Camry', mileage_km: 95_000 },
    seller: { contacts: ['+77011234567'], location: 'Алматы' },
    dealer: null,
  });
});

it('the task is told from the schema’s property names', () => {
  const classify = zodResponseFormat(z.object({ is_car_ad: z.boolean(), confidence: z.number(), reason: z.string() }), 'c');
  const extract = zodResponseFormat(z.object({ make: z.string().nullable(), model: z.string().nullable(), year: z.number().nullable() }), 'e');
  const describe = zodResponseFormat(z.object({ description: z.string() }), 'd');
  const other = zodResponseFormat(z.object({ sentiment: z.string() }), 'o');
  const asFormat = (f: { json_schema: { name: string; schema?: unknown } }) => ({ type: 'json_schema' as const, name: f.json_schema.name, schema: f.json_schema.schema as Record<string, unknown>, strict: true });
  expect(detectTask(asFormat(classify))).toBe('classify');
  expect(detectTask(asFormat(extract))).toBe('extract');
  expect(detectTask(asFormat(describe))).toBe('describe');
  expect(detectTask(asFormat(other))).toBe('unknown');
  expect(detectTask({ type: 'text' })).toBe('describe');
});
