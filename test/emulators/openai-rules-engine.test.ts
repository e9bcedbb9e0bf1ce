/**
 * The rules engine behind the OpenAI emulator, called directly: a table of real-looking posts
 * (Russian and English; one-liners, emoji bullet lists; prices in млн/тыс./$k; mileage in km,
 * тыс. км and miles) with every expected field, non-car posts, and the formats each parser must
 * read.
 */
import table from '../fixtures/rules-engine-cases.json';
import { BRANDS, createRulesEngine, MAX_DESCRIPTION_LENGTH, type CarFields } from '../../emulators/openai';

interface CarCase {
  text: string;
  is_car_ad: boolean;
  language?: 'ru' | 'en';
  fields?: CarFields;
  description?: string;
  reason?: string;
}

const engine = createRulesEngine();
const analyze = (text: string) => engine.analyze(text, { currentYear: table.currentYear });
const cases = table.cases as CarCase[];
const label = (text: string) => text.replace(/\n/g, ' ⏎ ').slice(0, 70);

describe('the table of posts', () => {
  it('has at least 20 car ads in both languages and several non-car posts', () => {
    const ads = cases.filter((c) => c.is_car_ad);
    expect(ads.length).toBeGreaterThanOrEqual(20);
    expect(ads.some((c) => c.language === 'ru')).toBe(true);
    expect(ads.some((c) => c.language === 'en')).toBe(true);
    expect(ads.some((c) => c.text.includes('\n'))).toBe(true);
    expect(cases.filter((c) => !c.is_car_ad).length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases.filter((c) => c.is_car_ad).map((c) => [label(c.text), c] as const))('car ad: %s', (_, c) => {
    const result = analyze(c.text);
    expect(result.fields).toEqual(c.fields);
    expect(result.classification.is_car_ad).toBe(true);
    expect(result.classification.confidence).toBeGreaterThanOrEqual(0.6);
    expect(result.classification.confidence).toBeLessThanOrEqual(1);
    expect(result.language).toBe(c.language);
    expect(result.description).toBe(c.description);
  });

  it.each(cases.filter((c) => !c.is_car_ad).map((c) => [label(c.text), c] as const))('not a car ad: %s', (_, c) => {
    const result = analyze(c.text);
    expect(result.classification.is_car_ad).toBe(false);
    expect(result.classification.reason).toBe(c.reason);
    expect(result.classification.reason.length).toBeGreaterThan(0);
  });
});

describe('prices and currencies', () => {
  it.each([
    ['12 500 000 тг', 12_500_000, 'KZT'],
    ['12 500 000 ₸', 12_500_000, 'KZT'],
    ['12,5 млн тг', 12_500_000, 'KZT'],
    ['12.5 млн тенге', 12_500_000, 'KZT'],
    ['4 200 000 тнг', 4_200_000, 'KZT'],
    ['12.5 млн', 12_500_000, null],
    ['цена 4 200 000', 4_200_000, null],
    ['15 тыс. $', 15_000, 'USD'],
    ['$15k', 15_000, 'USD'],
    ['15к$', 15_000, 'USD'],
    ['15 000 USD', 15_000, 'USD'],
    ['15000 долларов', 15_000, 'USD'],
    ['3000 у.е.', 3_000, 'USD'],
    ['950 000 руб', 950_000, 'RUB'],
    ['950 000 р.', 950_000, 'RUB'],
    ['1.2 млн ₽', 1_200_000, 'RUB'],
    ['520 т.р.', 520_000, 'RUB'],
    ['€9,500', 9_500, 'EUR'],
    ['9 500 евро', 9_500, 'EUR'],
  ])('Toyota Camry 2018, %s', (price, amount, currency) => {
    const { fields } = analyze(`Toyota Camry 2018, ${price}`);
    expect([fields.price, fields.currency]).toEqual([amount, currency]);
    expect(fields.year).toBe(2018);
  });

  it('no price written → price and currency null, not guessed', () => {
    const { fields } = analyze('Продаю Toyota Camry 2018, Алматы');
    expect([fields.price, fields.currency]).toEqual([null, null]);
  });
});

describe('mileage', () => {
  it.each([
    ['95 000 км', 95_000],
    ['95000км', 95_000],
    ['95 тыс. км', 95_000],
    ['95 тыс км', 95_000],
    ['95k km', 95_000],
    ['95 000 km', 95_000],
    ['пробег 120 тыс.', 120_000],
    ['Пробег: 87 500', 87_500],
    ['60 000 miles', 96_561],
    ['35k miles', 56_327],
  ])('%s', (mileage, km) => {
    expect(analyze(`Kia Rio 2019, ${mileage}, 7 500 000 тг`).fields.mileage_km).toBe(km);
  });

  it('a price in thousands is not mileage, and mileage is not a price', () => {
    const { fields } = analyze('Kia Rio 2019, пробег 95 тыс. км, 15 тыс. $');
    expect([fields.mileage_km, fields.price, fields.currency]).toEqual([95_000, 15_000, 'USD']);
  });
});

describe('year', () => {
  it.each([
    ['2018 г.', 2018],
    ['2018г.в.', 2018],
    ['2018 года выпуска', 2018],
    ['год выпуска 2018', 2018],
    ['1995', 1995],
    ['1959', null],
    ['2027', null],
  ])('Nissan Almera %s', (year, expected) => {
    expect(analyze(`Nissan Almera ${year}, 3 500 000 тг`).fields.year).toBe(expected);
  });

  it('next year’s model is accepted', () => {
    expect(analyze('Nissan Almera 2026, 9 000 000 тг').fields.year).toBe(2026);
  });
});

describe('makes and models, Cyrillic and slang spellings', () => {
  it('the catalogue covers the makes common in Kazakhstan and Russia', () => {
    const makes = BRANDS.map((b) => b.make);
    expect(makes.length).toBeGreaterThanOrEqual(25);
    for (const make of ['Toyota', 'Lexus', 'Hyundai', 'Kia', 'Chevrolet', 'Volkswagen', 'Skoda', 'Mercedes-Benz', 'BMW', 'Audi', 'Nissan', 'Mitsubishi', 'Mazda', 'Honda', 'Subaru', 'Lada', 'Renault', 'Ford', 'Haval', 'Chery', 'Geely', 'Porsche', 'Land Rover', 'Volvo', 'Daewoo']) {
      expect(makes).toContain(make);
    }
  });

  it.each([
    ['Продам Тойоту Камри', 'Toyota', 'Camry'],
    ['Хендай Соната 2019', 'Hyundai', 'Sonata'],
    ['Хундай Соната 2019', 'Hyundai', 'Sonata'],
    ['Лада Веста', 'Lada', 'Vesta'],
    ['ВАЗ 2107 в хорошем состоянии', 'Lada', '2107'],
    ['Мерс Е200', 'Mercedes-Benz', 'E-Class'],
    ['Mercedes-Benz C200', 'Mercedes-Benz', 'C-Class'],
    ['БМВ Х5', 'BMW', 'X5'],
    ['BMW 530d', 'BMW', '5 Series'],
    ['Камри 70', 'Toyota', 'Camry'],
    ['Прадо 150', 'Toyota', 'Land Cruiser Prado'],
    ['Toyota Land Cruiser 200', 'Toyota', 'Land Cruiser'],
    ['Крузак 200', 'Toyota', 'Land Cruiser'],
    ['Шевроле Нива', 'Chevrolet', 'Niva'],
    ['Нива 4х4', 'Lada', 'Niva'],
    ['Mazda 6', 'Mazda', '6'],
    ['Мазда СХ-5', 'Mazda', 'CX-5'],
    ['Range Rover Sport', 'Land Rover', 'Range Rover Sport'],
    ['Фольксваген Поло', 'Volkswagen', 'Polo'],
    ['Шкода Октавия', 'Skoda', 'Octavia'],
    ['Мицубиси Паджеро', 'Mitsubishi', 'Pajero'],
    ['Хонда СРВ', 'Honda', 'CR-V'],
    ['Субару Форестер', 'Subaru', 'Forester'],
    ['Рено Дастер', 'Renault', 'Duster'],
    ['Форд Фокус', 'Ford', 'Focus'],
    ['Хавал Джолион', 'Haval', 'Jolion'],
    ['Chery Tiggo 7 Pro', 'Chery', 'Tiggo 7 Pro'],
    ['Джили Монжаро', 'Geely', 'Monjaro'],
    ['Порше Кайен', 'Porsche', 'Cayenne'],
    ['Вольво XC90', 'Volvo', 'XC90'],
    ['Дэу Нексия', 'Daewoo', 'Nexia'],
    ['Лексус RX350', 'Lexus', 'RX'],
    ['Киа Спортейдж', 'Kia', 'Sportage'],
    ['Ниссан Кашкай', 'Nissan', 'Qashqai'],
    ['Ауди А6', 'Audi', 'A6'],
    ['Газель Next 2019', 'GAZ', 'Gazelle'],
    ['ГАЗ 3110 Волга', 'GAZ', '3110'],
    ['Продам Хонду', 'Honda', null],
  ])('%s', (text, make, model) => {
    const { fields } = analyze(text);
    expect([fields.make, fields.model]).toEqual([make, model]);
  });

  it('a common word is not a model without its make', () => {
    expect(analyze('Фокус с монетой, 2019').fields.model).toBeNull();
    expect(analyze('Пилот рассказал о полёте').fields.make).toBeNull();
  });
});

describe('engine, transmission, body', () => {
  it.each([
    ['2.5 бензин', '2.5 petrol'],
    ['1.6 л', '1.6'],
    ['2.0L diesel', '2.0 diesel'],
    ['двигатель 3.5', '3.5'],
    ['1.5T', '1.5'],
    ['1600 куб.см, газ', '1.6 gas'],
    ['гибрид', 'hybrid'],
    ['электро', 'electric'],
    ['2.4 газ/бензин', '2.4 gas/petrol'],
  ])('engine: %s', (engine, expected) => {
    expect(analyze(`Toyota Camry 2018, ${engine}, 10 млн тг`).fields.engine).toBe(expected);
  });

  it('"ГАЗ 3110" is a make, not gas fuel', () => {
    expect(analyze('ГАЗ 3110 2003, 1 200 000 тг').fields.engine).toBeNull();
  });

  it('no engine written → null; 150 л.с. is power, not volume', () => {
    expect(analyze('Toyota Camry 2018, 150 л.с., 10 млн тг').fields.engine).toBeNull();
  });

  it.each([
    ['автомат', 'automatic'],
    ['АКПП', 'automatic'],
    ['акпп', 'automatic'],
    ['automatic', 'automatic'],
    ['механика', 'manual'],
    ['МКПП', 'manual'],
    ['manual', 'manual'],
    ['робот', 'robot'],
    ['DSG', 'robot'],
    ['вариатор', 'cvt'],
    ['CVT', 'cvt'],
    ['АКПП вариатор', 'cvt'],
  ])('transmission: %s', (word, expected) => {
    expect(analyze(`Nissan Qashqai 2016, ${word}`).fields.transmission).toBe(expected);
  });

  it.each([
    ['седан', 'sedan'],
    ['кроссовер', 'suv'],
    ['внедорожник', 'suv'],
    ['джип', 'suv'],
    ['хэтчбек', 'hatchback'],
    ['универсал', 'wagon'],
    ['купе', 'coupe'],
    ['минивэн', 'minivan'],
    ['пикап', 'pickup'],
    ['SUV', 'suv'],
    ['hatchback', 'hatchback'],
  ])('body: %s', (word, expected) => {
    expect(analyze(`Toyota 2015, ${word}`).fields.body).toBe(expected);
  });
});

describe('location and contacts', () => {
  it.each([
    ['в Алматы', 'ru', 'Алматы'],
    ['Almaty', 'en', 'Almaty'],
    ['г. Астана', 'ru', 'Астана'],
    ['in Astana', 'en', 'Astana'],
    ['в Караганде', 'ru', 'Караганда'],
    ['в Москве', 'ru', 'Москва'],
    ['СПб', 'ru', 'Санкт-Петербург'],
    ['Шымкент', 'ru', 'Шымкент'],
  ])('city: %s', (city, language, expected) => {
    const prefix = language === 'ru' ? 'Продаю Тойоту Камри 2018' : 'Selling Toyota Camry 2018';
    expect(analyze(`${prefix}, ${city}`).fields.location).toBe(expected);
  });

  it.each(['+7 701 123 45 67', '8 (701) 123-45-67', '87011234567', '+7-701-123-45-67', '8 701 1234567', '+7(701)1234567'])(
    'phone %s → +77011234567',
    (phone) => {
      expect(analyze(`Toyota Camry 2018, тел: ${phone}`).fields.contacts).toEqual(['+77011234567']);
    },
  );

  it('a phone is not read as a year, price or mileage', () => {
    const { fields } = analyze('Toyota Camry, звонить 8 701 201 80 00');
    expect([fields.year, fields.price, fields.mileage_km]).toEqual([null, null, null]);
  });

  it('keeps the seller’s @username, skips a channel signature and e-mail addresses', () => {
    const { fields } = analyze('Продаю Toyota Camry 2018, пишите @Seller_Ivan или ivan@mail.ru\nПодписывайтесь на наш канал @cars_kz');
    expect(fields.contacts).toEqual(['@Seller_Ivan']);
  });

  it('phones first, then usernames, each once', () => {
    const { fields } = analyze('Kia Rio, @rio_owner, +7 777 000 11 22, 8 777 000 11 22, t.me/rio_owner');
    expect(fields.contacts).toEqual(['+77770001122', '@rio_owner']);
  });
});

describe('classification and description', () => {
  it('confidence grows with the signals found', () => {
    const weak = analyze('Продаю Toyota Camry').classification;
    const strong = analyze('Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат, 12 500 000 тг, Алматы, +7 701 123 45 67').classification;
    expect(weak.is_car_ad && strong.is_car_ad).toBe(true);
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
  });

  it.each(['', '   ', '😂😂😂', '🚗🚗', 'Новости: цены на бензин выросли', 'Продам зимние шины R16, 80 000 тг'])(
    'not a car ad: %j',
    (text) => {
      expect(analyze(text).classification.is_car_ad).toBe(false);
    },
  );

  it('the description follows the post language, hides contacts and stays short', () => {
    const ru = analyze('Продаю Toyota Camry 2018, 12 500 000 тг, +7 701 123 45 67, @seller_ivan');
    expect(ru.description).toBe('Toyota Camry 2018. Цена: 12 500 000 ₸.');
    const en = analyze('Selling Toyota Camry 2018, 21 000 USD, +7 701 123 45 67');
    expect(en.description).toBe('Toyota Camry 2018. Price: $21,000.');
    const long = analyze(`Продаю Toyota Camry 2018. ${'Очень хорошее состояние, не бита, не крашена. '.repeat(100)}`);
    expect(long.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
  });

  it('is deterministic: the same text gives the same answer', () => {
    const text = cases[1]!.text;
    expect(createRulesEngine().analyze(text, { currentYear: 2025 })).toEqual(analyze(text));
  });
});
