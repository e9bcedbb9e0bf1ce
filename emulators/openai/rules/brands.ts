/**
 * Car makes and models common in Kazakhstan and Russia, with the spellings sellers use (Latin,
 * Cyrillic, slang). Aliases are lower-case regex sources in unicode mode, matched as whole words
 * on normalised text (see `text.ts`); Cyrillic endings are spelled out because Russian inflects
 * names ("Тойоту", "Весту").
 */

/** One model and how it may be written. */
export interface ModelEntry {
  /** Canonical name, as the extraction answer gives it. */
  readonly name: string;
  readonly aliases: readonly string[];
  /**
   * `standalone` (default): the model alone names the car ("Камри" → Toyota Camry).
   * `withMake`: counts only when the make is in the post too (common words: "Фокус", "Пилот").
   * `afterMake`: only right after the make (bare codes: Mazda "6", BMW "530").
   */
  readonly match?: 'standalone' | 'withMake' | 'afterMake';
}

/** One make, its spellings and its models. */
export interface BrandEntry {
  readonly make: string;
  readonly aliases: readonly string[];
  readonly models: readonly ModelEntry[];
}

const m = (name: string, aliases: string[], match?: ModelEntry['match']): ModelEntry => ({ name, aliases, match });

/** The built-in catalogue. Order matters only between makes that share a model name. */
export const BRANDS: readonly BrandEntry[] = [
  {
    make: 'Toyota',
    aliases: ['toyota', 'тойот[аеуы]', 'тойотой', 'тоет[аеуы]'],
    models: [
      m('Camry', ['camry', 'камр[иы]', 'кемри']),
      m('Corolla', ['corolla', 'к[ао]ролл?[аеуы]']),
      m('RAV4', ['rav ?-?4', 'рав ?-?4']),
      m('Land Cruiser Prado', ['(?:land cruiser |lc )?prado', '(?:ленд |лэнд )?(?:крузер |крузак )?прадо', 'прадик']),
      m('Land Cruiser', ['land ?cruiser', 'lc ?(?:100|200|300)', '(?:ленд|лэнд) ?крузер[а-я]*', 'крузак[а-я]*', 'крузер[а-я]*']),
      m('Highlander', ['highlander', 'хайл[еэ]ндер[а-я]*']),
      m('Hilux', ['hilux', 'хайлюкс', 'хайлакс']),
      m('Fortuner', ['fortuner', 'фортунер']),
      m('Yaris', ['yaris', 'ярис']),
      m('Avensis', ['avensis', 'авенсис']),
      m('Estima', ['estima', 'эстим[аеуы]']),
      m('Alphard', ['alphard', 'альфард']),
      m('Sequoia', ['sequoia', 'секвой[аеяю]']),
      m('Tundra', ['tundra', 'тундр[аеуы]'], 'withMake'),
      m('Venza', ['venza', 'венз[аеуы]']),
      m('C-HR', ['c-?hr', 'с-?хр']),
      m('Mark II', ['mark ?(?:ii|2)', 'марк ?(?:2|ii)']),
      m('Crown', ['crown', 'краун']),
      m('Ipsum', ['ipsum', 'ипсум']),
    ],
  },
  {
    make: 'Lexus',
    aliases: ['lexus', 'лексус[а-я]*'],
    models: [
      m('RX', ['rx ?[2-5]\\d0h?', 'rx', 'рх ?[2-5]\\d0']),
      m('LX', ['lx ?[4-6]\\d0', 'lx', 'лх ?[4-6]\\d0']),
      m('GX', ['gx ?[4-5]\\d0', 'gx']),
      m('ES', ['es ?[2-3]\\d0h?', 'es'], 'withMake'),
      m('NX', ['nx ?[2-4]\\d0h?', 'nx']),
      m('IS', ['is ?[2-3]\\d0'], 'afterMake'),
      m('LS', ['ls ?[4-6]\\d0'], 'withMake'),
    ],
  },
  {
    make: 'Hyundai',
    aliases: ['hyundai', 'х[еэёю]нд[аэ]й[а-я]*', 'хундай[а-я]*', 'х[еэ]ндэ', 'хюндай[а-я]*'],
    models: [
      m('Solaris', ['solaris', 'солярис[а-я]*']),
      m('Accent', ['accent', 'акцент[а-я]*'], 'withMake'),
      m('Elantra', ['elantra', 'элантр[аеуы]']),
      m('Sonata', ['sonata', 'сонат[аеуы]']),
      m('Tucson', ['tucson', 'туксон[а-я]*', 'тусан[а-я]*', 'туссан[а-я]*']),
      m('Santa Fe', ['santa ?-?fe', 'санта ?-?ф[еэ]']),
      m('Creta', ['creta', 'крет[аеуы]']),
      m('Palisade', ['palisade', 'палисад[а-я]*']),
      m('Grandeur', ['grandeur', 'грандеур', 'грандер']),
      m('Staria', ['staria', 'стари[яю]']),
      m('Getz', ['getz', 'гетц']),
      m('i30', ['i ?30']),
    ],
  },
  {
    make: 'Kia',
    aliases: ['kia', 'киа', 'кия'],
    models: [
      m('Rio', ['rio', 'рио']),
      m('Cerato', ['cerato', '[сч]ерато']),
      m('K5', ['k ?5'], 'withMake'),
      m('Optima', ['optima', 'оптим[аеуы]']),
      m('Sportage', ['sportage', 'спорт[еэ]йдж[а-я]*']),
      m('Sorento', ['sorento', 'соренто']),
      m('Seltos', ['seltos', 'селтос']),
      m('Carnival', ['carnival', 'карнивал[а-я]*'], 'withMake'),
      m('Soul', ['soul', 'соул'], 'withMake'),
      m('Ceed', ["c[e']ed", 'сид'], 'withMake'),
      m('Picanto', ['picanto', 'пиканто']),
      m('Mohave', ['mohave', 'мохав[еи]']),
    ],
  },
  {
    make: 'Chevrolet',
    aliases: ['chevrolet', 'chevy', 'шевроле', 'шеви', 'шевролет'],
    models: [
      m('Cobalt', ['cobalt', 'кобальт[а-я]*']),
      m('Lacetti', ['lacetti', 'лачет?ти']),
      m('Spark', ['spark', 'спарк[а-я]*'], 'withMake'),
      m('Malibu', ['malibu', 'малибу']),
      m('Captiva', ['captiva', 'каптив[аеуы]']),
      m('Tracker', ['tracker', 'тр[еэ]кер[а-я]*'], 'withMake'),
      m('Onix', ['onix', 'оникс[а-я]*'], 'withMake'),
      m('Cruze', ['cruze', 'круз'], 'withMake'),
      m('Niva', ['niva', 'нив[аеуы]'], 'withMake'),
      m('Nexia', ['nexia', 'некси[яюи]'], 'withMake'),
      m('Damas', ['damas', 'дамас[а-я]*']),
      m('Tahoe', ['tahoe', 'тахо']),
    ],
  },
  {
    make: 'Volkswagen',
    aliases: ['volkswagen', 'vw', 'фольксваген[а-я]*', 'фольц', 'фольксв[а-я]*'],
    models: [
      m('Polo', ['polo', 'поло']),
      m('Passat', ['passat', 'пассат[а-я]*']),
      m('Jetta', ['jetta', 'джетт[аеуы]']),
      m('Tiguan', ['tiguan', 'тигуан[а-я]*']),
      m('Touareg', ['touareg', 'туарег[а-я]*']),
      m('Golf', ['golf', 'гольф[а-я]*'], 'withMake'),
      m('Multivan', ['multivan', 'мультив[эе]н[а-я]*']),
      m('Transporter', ['transporter', 'транспортер[а-я]*', 't[4-6]'], 'withMake'),
      m('Teramont', ['teramont', 'терамонт[а-я]*']),
      m('ID.4', ['id\\.? ?4']),
    ],
  },
  {
    make: 'Skoda',
    aliases: ['skoda', 'škoda', 'шкод[аеуы]'],
    models: [
      m('Octavia', ['octavia', 'октави[яюи]']),
      m('Rapid', ['rapid', 'рапид[а-я]*'], 'withMake'),
      m('Superb', ['superb', 'суперб[а-я]*']),
      m('Kodiaq', ['kodiaq', 'кодиак[а-я]*']),
      m('Karoq', ['karoq', 'карок']),
      m('Fabia', ['fabia', 'фаби[яюи]']),
      m('Yeti', ['yeti', 'йети'], 'withMake'),
    ],
  },
  {
    make: 'Mercedes-Benz',
    aliases: ['mercedes(?:[- ]benz)?', 'benz', 'мерседес[а-я]*', 'мерс(?:ик|а|е|у)?', 'бенц'],
    models: [
      m('G-Class', ['g-?class', 'g ?(?:350|400|500|55|63)d?', 'гелик[а-я]*', 'гелендваген[а-я]*', 'g-?класс[а-я]*']),
      m('E-Class', ['e-?class', 'e ?-?(?:200|220|230|240|250|280|300|320|350|400|450|500)d?', 'e ?63', 'е-?класс[а-я]*', 'w21[0-4]', 'w124']),
      m('C-Class', ['c-?class', 'c ?-?(?:180|200|220|230|240|250|280|300|350)d?', 'c ?63', 'с-?класс[а-я]*', 'w20[2-6]']),
      m('S-Class', ['s-?class', 's ?-?(?:320|350|400|420|450|500|550|560|580|600)d?', 's ?63', 'w22[0-3]', 'w140', 'кабан']),
      m('GLE', ['gle ?\\d{0,3}d?', 'гле']),
      m('GLS', ['gls ?\\d{0,3}d?']),
      m('GLC', ['glc ?\\d{0,3}d?']),
      m('GL', ['gl ?[3-5]\\d0d?'], 'withMake'),
      m('ML', ['ml ?[2-5]\\d0', 'мл ?[2-5]\\d0']),
      m('Sprinter', ['sprinter', 'спринтер[а-я]*']),
      m('Vito', ['vito', 'вито']),
    ],
  },
  {
    make: 'BMW',
    aliases: ['bmw', 'бмв', 'бэх[аиу]', 'бумер[а-я]*'],
    models: [
      m('X5', ['x5', 'x5m', 'e53', 'e70', 'f15', 'g05']),
      m('X6', ['x6', 'e71', 'f16']),
      m('X7', ['x7']),
      m('X3', ['x3', 'f25', 'g01']),
      m('X1', ['x1'], 'withMake'),
      m('3 Series', ['3[- ]?(?:series|серии|серия)', 'e90', 'f30', 'g20']),
      m('3 Series', ['3[1-4]\\d(?:i|d|xi|xd)?'], 'afterMake'),
      m('5 Series', ['5[- ]?(?:series|серии|серия)', 'e39', 'e60', 'f10', 'g30']),
      m('5 Series', ['5[1-5]\\d(?:i|d|xi|xd)?'], 'afterMake'),
      m('7 Series', ['7[- ]?(?:series|серии|серия)', 'e65', 'f01', 'g11']),
      m('7 Series', ['7[3-6]\\d(?:i|d|li|ld)?'], 'afterMake'),
      m('M5', ['m5'], 'withMake'),
    ],
  },
  {
    make: 'Audi',
    aliases: ['audi', 'ауди'],
    models: [
      m('A4', ['a4'], 'withMake'),
      m('A6', ['a6'], 'withMake'),
      m('A8', ['a8'], 'withMake'),
      m('Q5', ['q5']),
      m('Q7', ['q7']),
      m('Q8', ['q8']),
      m('100', ['100'], 'afterMake'),
    ],
  },
  {
    make: 'Nissan',
    aliases: ['nissan', 'нис?сан[а-я]*'],
    models: [
      m('Qashqai', ['qashqai', 'кашкай[а-я]*']),
      m('X-Trail', ['x-? ?trail', 'икс-? ?тр[еэ]йл[а-я]*', 'х-? ?тр[еэ]йл[а-я]*']),
      m('Almera', ['almera', 'альмер[аеуы]']),
      m('Teana', ['teana', 'теан[аеуы]']),
      m('Patrol', ['patrol', 'патрол[а-я]*']),
      m('Juke', ['juke', 'джук[а-я]*']),
      m('Murano', ['murano', 'мурано']),
      m('Pathfinder', ['pathfinder', 'патфайндер[а-я]*']),
      m('Tiida', ['tiida', 'тиид[аеуы]']),
      m('Maxima', ['maxima', 'максим[аеуы]'], 'withMake'),
      m('Navara', ['navara', 'навар[аеуы]']),
      m('Note', ['note', 'ноут'], 'withMake'),
    ],
  },
  {
    make: 'Mitsubishi',
    aliases: ['mitsubishi', 'ми[тц]+суби[сш]и', 'мицу'],
    models: [
      m('Pajero Sport', ['pajero ?sport', 'паджеро ?спорт[а-я]*']),
      m('Pajero', ['pajero', 'паджеро']),
      m('Outlander', ['outlander', 'аутл[еэ]ндер[а-я]*']),
      m('Lancer', ['lancer', 'лансер[а-я]*']),
      m('ASX', ['asx']),
      m('L200', ['l ?200', 'л ?200']),
      m('Delica', ['delica', 'делик[аеуы]']),
      m('Galant', ['galant', 'галант[а-я]*'], 'withMake'),
    ],
  },
  {
    make: 'Mazda',
    aliases: ['mazda', 'мазд[аеуы]', 'маздой'],
    models: [
      m('CX-5', ['cx-? ?5']),
      m('CX-7', ['cx-? ?7']),
      m('CX-9', ['cx-? ?9']),
      m('CX-30', ['cx-? ?30']),
      m('3', ['3'], 'afterMake'),
      m('6', ['6'], 'afterMake'),
      m('Demio', ['demio', 'демио']),
      m('MPV', ['mpv'], 'withMake'),
    ],
  },
  {
    make: 'Honda',
    aliases: ['honda', 'хонд[аеуы]'],
    models: [
      m('Accord', ['accord', 'аккорд[а-я]*'], 'withMake'),
      m('Civic', ['civic', 'цивик[а-я]*']),
      m('CR-V', ['cr-? ?v', 'срв', 'црв', 'ср-в']),
      m('HR-V', ['hr-? ?v']),
      m('Pilot', ['pilot', 'пилот[а-я]*'], 'withMake'),
      m('Fit', ['fit', 'фит'], 'withMake'),
      m('Odyssey', ['odyssey', 'одиссей']),
      m('Stepwgn', ['step ?wgn', 'степвагон[а-я]*']),
      m('Elysion', ['elysion', 'элюзион', 'элизион']),
    ],
  },
  {
    make: 'Subaru',
    aliases: ['subaru', 'субару'],
    models: [
      m('Forester', ['forester', 'форестер[а-я]*']),
      m('Outback', ['outback', 'аутб[еэ]к[а-я]*']),
      m('Impreza', ['impreza', 'импрез[аеуы]']),
      m('Legacy', ['legacy', 'легаси']),
      m('XV', ['xv'], 'withMake'),
      m('WRX', ['wrx']),
    ],
  },
  {
    make: 'Lada',
    aliases: ['lada', 'лад[аеуы]', 'ваз', 'vaz', 'жигул[иья]'],
    models: [
      m('Vesta', ['vesta', 'вест[аеуы]']),
      m('Granta', ['granta', 'грант[аеуы]']),
      m('Priora', ['priora', 'приор[аеуы]']),
      m('Kalina', ['kalina', 'калин[аеуы]'], 'withMake'),
      m('Largus', ['largus', 'ларгус[а-я]*']),
      m('XRAY', ['x-?ray', 'икс-?рей']),
      m('Niva', ['niva(?: travel| legend)?', 'нив[аеуы]']),
      m('Niva', ['4x4', '4х4'], 'afterMake'),
      m('2107', ['2107', 'семерк[аеуи]'], 'withMake'),
      m('2106', ['2106', 'шестерк[аеуи]'], 'withMake'),
      m('2114', ['2114'], 'withMake'),
      m('2110', ['2110'], 'withMake'),
    ],
  },
  {
    make: 'Renault',
    aliases: ['renault', 'рено'],
    models: [
      m('Logan', ['logan', 'логан[а-я]*']),
      m('Duster', ['duster', 'дастер[а-я]*']),
      m('Sandero', ['sandero', 'сандеро']),
      m('Kaptur', ['kaptur', 'каптюр', 'каптур']),
      m('Arkana', ['arkana', 'аркан[аеуы]']),
      m('Megane', ['megane', 'меган[аеуы]?'], 'withMake'),
      m('Fluence', ['fluence', 'флюенс[а-я]*']),
      m('Koleos', ['koleos', 'колеос']),
    ],
  },
  {
    make: 'Ford',
    aliases: ['ford', 'форд[а-я]*'],
    models: [
      m('Focus', ['focus', 'фокус[а-я]*'], 'withMake'),
      m('Mondeo', ['mondeo', 'мондео']),
      m('Explorer', ['explorer', 'эксплорер[а-я]*']),
      m('Kuga', ['kuga', 'куг[аеуы]']),
      m('Fiesta', ['fiesta', 'фиест[аеуы]'], 'withMake'),
      m('Transit', ['transit', 'транзит[а-я]*'], 'withMake'),
      m('Ranger', ['ranger', 'рейнджер[а-я]*'], 'withMake'),
      m('Mustang', ['mustang', 'мустанг[а-я]*']),
      m('F-150', ['f-? ?150']),
    ],
  },
  {
    make: 'Haval',
    aliases: ['haval', 'хавал[а-я]*', 'хав[еэ]йл[а-я]*'],
    models: [
      m('Jolion', ['jolion', 'джолион[а-я]*']),
      m('F7', ['f7x?'], 'withMake'),
      m('H6', ['h6'], 'withMake'),
      m('H9', ['h9'], 'withMake'),
      m('Dargo', ['dargo', 'дарго']),
      m('M6', ['m6'], 'withMake'),
    ],
  },
  {
    make: 'Chery',
    aliases: ['chery', 'чер+и'],
    models: [
      m('Tiggo 8 Pro', ['tiggo ?8 ?pro', 'тигго ?8 ?про']),
      m('Tiggo 8', ['tiggo ?8', 'тигго ?8']),
      m('Tiggo 7 Pro', ['tiggo ?7 ?pro', 'тигго ?7 ?про']),
      m('Tiggo 7', ['tiggo ?7', 'тигго ?7']),
      m('Tiggo 4', ['tiggo ?4(?: ?pro)?', 'тигго ?4(?: ?про)?']),
      m('Tiggo 2', ['tiggo ?2(?: ?pro)?', 'тигго ?2(?: ?про)?']),
      m('Arrizo', ['arrizo ?\\d?', 'арризо ?\\d?']),
    ],
  },
  {
    make: 'Geely',
    aliases: ['geely', 'джили'],
    models: [
      m('Coolray', ['coolray', 'кулр[еэ]й']),
      m('Monjaro', ['monjaro', 'монжаро']),
      m('Tugella', ['tugella', 'тугелл?[аеуы]']),
      m('Atlas', ['atlas(?: pro)?', 'атлас[а-я]*'], 'withMake'),
      m('Emgrand', ['emgrand', 'эмгранд[а-я]*']),
      m('Okavango', ['okavango', 'окаванго']),
    ],
  },
  {
    make: 'Porsche',
    aliases: ['porsche', 'порше', 'порш'],
    models: [
      m('Cayenne', ['cayenne', 'кай[еэ]нн?[а-я]*', 'каенн?[а-я]*']),
      m('Macan', ['macan', 'макан[а-я]*']),
      m('Panamera', ['panamera', 'панамер[аеуы]']),
      m('911', ['911'], 'withMake'),
    ],
  },
  {
    make: 'Land Rover',
    aliases: ['land ?rover', '(?:ленд|лэнд) ?ровер[а-я]*'],
    models: [
      m('Range Rover Sport', ['range ?rover ?sport', 'р[еэ]н[д]?ж ?ровер[а-я]* ?спорт']),
      m('Range Rover Evoque', ['(?:range ?rover ?)?evoque', '(?:р[еэ]н[д]?ж ?ровер[а-я]* ?)?эвок']),
      m('Range Rover Velar', ['(?:range ?rover ?)?velar', '(?:р[еэ]н[д]?ж ?ровер[а-я]* ?)?велар']),
      m('Range Rover', ['range ?rover', 'р[еэ]н[д]?ж ?ровер[а-я]*']),
      m('Discovery', ['discovery', 'дискавери']),
      m('Defender', ['defender', 'дефендер[а-я]*']),
    ],
  },
  {
    make: 'Volvo',
    aliases: ['volvo', 'вольво'],
    models: [
      m('XC90', ['xc ?90']),
      m('XC60', ['xc ?60']),
      m('XC40', ['xc ?40']),
      m('S60', ['s ?60'], 'withMake'),
      m('S80', ['s ?80'], 'withMake'),
      m('S90', ['s ?90'], 'withMake'),
    ],
  },
  {
    make: 'Daewoo',
    aliases: ['daewoo', 'д[эе]у'],
    models: [
      m('Nexia', ['nexia', 'некси[яюи]']),
      m('Matiz', ['matiz', 'матиз[а-я]*']),
      m('Gentra', ['gentra', 'джентр[аеуы]']),
      m('Lanos', ['lanos', 'ланос[а-я]*']),
    ],
  },
  {
    make: 'Infiniti',
    aliases: ['infiniti', 'инфинити'],
    models: [
      m('QX80', ['qx ?80']),
      m('QX60', ['qx ?60']),
      m('QX56', ['qx ?56']),
      m('FX35', ['fx ?3[57]', 'fx']),
    ],
  },
  {
    make: 'Suzuki',
    aliases: ['suzuki', 'сузуки'],
    models: [
      m('Grand Vitara', ['grand ?vitara', 'гранд ?витар[аеуы]']),
      m('Vitara', ['vitara', 'витар[аеуы]']),
      m('Jimny', ['jimny', 'джимни']),
      m('SX4', ['sx ?4']),
    ],
  },
  {
    make: 'Opel',
    aliases: ['opel', 'опел[ья]'],
    models: [
      m('Astra', ['astra', 'астр[аеуы]'], 'withMake'),
      m('Vectra', ['vectra', 'вектр[аеуы]']),
      m('Zafira', ['zafira', 'зафир[аеуы]']),
      m('Insignia', ['insignia', 'инсигни[яюи]']),
    ],
  },
  {
    make: 'Peugeot',
    aliases: ['peugeot', 'пежо'],
    models: [m('308', ['308'], 'afterMake'), m('408', ['408'], 'afterMake'), m('3008', ['3008'], 'afterMake')],
  },
  {
    make: 'UAZ',
    aliases: ['uaz', 'уаз[а-я]*'],
    models: [
      m('Patriot', ['patriot', 'патриот[а-я]*'], 'withMake'),
      m('Hunter', ['hunter', 'хантер[а-я]*'], 'withMake'),
      m('Bukhanka', ['буханк[аеуи]', 'bukhanka']),
    ],
  },
  {
    make: 'GAZ',
    // Plain "газ" is the fuel; as a make it comes with a model number ("ГАЗ 3110").
    aliases: ['gaz', 'газ(?=[ -]?\\d{4,5}(?!\\d))'],
    models: [
      m('Gazelle', ['газел[ьи]', 'gazelle']),
      m('Sobol', ['собол[ья]', 'sobol'], 'withMake'),
      m('Volga', ['волг[аеуи]', 'volga'], 'withMake'),
      m('3110', ['3110'], 'afterMake'),
    ],
  },
  {
    make: 'Tesla',
    aliases: ['tesla', 'тесл[аеуы]'],
    models: [m('Model 3', ['model ?3', 'модель ?3']), m('Model Y', ['model ?y']), m('Model S', ['model ?s']), m('Model X', ['model ?x'])],
  },
  {
    make: 'Changan',
    aliases: ['changan', 'чанган[а-я]*'],
    models: [m('CS35', ['cs ?35(?: ?plus)?']), m('CS55', ['cs ?55(?: ?plus)?']), m('CS75', ['cs ?75(?: ?plus)?']), m('UNI-K', ['uni-?k']), m('UNI-V', ['uni-?v'])],
  },
  {
    make: 'BYD',
    aliases: ['byd', 'бид'],
    models: [m('Song Plus', ['song ?plus']), m('Han', ['han'], 'withMake'), m('Seal', ['seal'], 'withMake'), m('Tang', ['tang'], 'withMake')],
  },
  {
    make: 'Genesis',
    aliases: ['genesis', 'генезис[а-я]*'],
    models: [m('G80', ['g ?80']), m('GV80', ['gv ?80']), m('G70', ['g ?70'], 'withMake'), m('GV70', ['gv ?70'])],
  },
  {
    make: 'SsangYong',
    aliases: ['ssang ?yong', 'сс?анг? ?[еёй]онг', 'санйонг', 'саньенг'],
    models: [m('Rexton', ['rexton', 'рекстон[а-я]*']), m('Kyron', ['kyron', 'кайрон[а-я]*']), m('Actyon', ['actyon', 'актион[а-я]*'])],
  },
  {
    make: 'Ravon',
    aliases: ['ravon', 'равон'],
    models: [m('Nexia R3', ['r3']), m('Gentra', ['gentra', 'джентр[аеуы]']), m('R2', ['r2'], 'withMake')],
  },
  {
    make: 'Jeep',
    aliases: ['jeep'],
    models: [m('Grand Cherokee', ['grand ?cherokee', 'гранд ?чероки']), m('Wrangler', ['wrangler', 'вранглер[а-я]*']), m('Cherokee', ['cherokee', 'чероки'])],
  },
  {
    make: 'Cadillac',
    aliases: ['cadillac', 'кадиллак[а-я]*'],
    models: [m('Escalade', ['escalade', 'эскалейд[а-я]*'])],
  },
];
