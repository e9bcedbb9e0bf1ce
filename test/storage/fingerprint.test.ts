import { contentFingerprint, EMPTY_FINGERPRINT, normaliseAdText } from '../../src/db/fingerprint';

const AD = 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67';

describe('contentFingerprint', () => {
  it.each([
    ['upper case, emoji and doubled spaces', '🔥🔥 ПРОДАЮ  TOYOTA CAMRY 2018, 95 000 КМ, 12 500 000 ТГ, АЛМАТЫ, +7 701 123 45 67 🔥'],
    ['line breaks instead of commas', 'Продаю Toyota Camry 2018\n95 000 км\n12 500 000 тг\nАлматы\n+7 701 123 45 67'],
    ['phone as 8XXXXXXXXXX', 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, 87011234567'],
    ['phone with brackets and dashes', 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7(701)123-45-67'],
    ['phone without country code', 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, 701 123 45 67'],
    ['numbers without separators, unit glued on', 'Продаю Toyota Camry 2018, 95000км, 12500000 тг, Алматы, +77011234567'],
    ['dots as thousands separators', 'Продаю Toyota Camry 2018, 95.000 км, 12.500.000 тг, Алматы, +7 701 123 45 67'],
    ['channel link, signature and hashtags added', 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67\n#toyota #camry\nhttps://t.me/cars_kz/1042 @cars_almaty'],
    ['other punctuation', 'Продаю: Toyota Camry (2018) — 95 000 км; 12 500 000 тг! Алматы. +7 701 123 45 67...'],
  ])('gives a repost with %s the same fingerprint', (_case, repost) => {
    expect(contentFingerprint(repost)).toBe(contentFingerprint(AD));
  });

  it.each([
    ['another year', 'Продаю Toyota Camry 2019, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67'],
    ['another model', 'Продаю Toyota Corolla 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67'],
    ['another mileage', 'Продаю Toyota Camry 2018, 59 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67'],
    ['another price', 'Продаю Toyota Camry 2018, 95 000 км, 11 500 000 тг, Алматы, +7 701 123 45 67'],
    ['another seller', 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 702 123 45 67'],
    ['another city', 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Астана, +7 701 123 45 67'],
  ])('gives a different car (%s) a different fingerprint', (_case, other) => {
    expect(contentFingerprint(other)).not.toBe(contentFingerprint(AD));
  });

  it('is a SHA-256 hex digest', () => {
    expect(contentFingerprint(AD)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([[''], ['   \n\t'], ['🔥🚗💨'], ['https://t.me/cars_kz @cars_kz #авто']])(
    'gives text without words or numbers (%j) the empty fingerprint',
    (text) => {
      expect(normaliseAdText(text)).toBe('');
      expect(contentFingerprint(text)).toBe(EMPTY_FINGERPRINT);
    },
  );

  it('writes phone numbers in one international form', () => {
    expect(normaliseAdText('звоните 8 (701) 123-45-67')).toBe('звоните tel 77011234567');
    expect(normaliseAdText('+998 90 123 45 67')).toBe('tel 998901234567');
  });

  it('does not take a year followed by a price for a phone number', () => {
    expect(normaliseAdText('Camry 2018 12 500 000')).toBe('camry 2018 12500000');
  });
});
