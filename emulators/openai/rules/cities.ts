/**
 * Cities of Kazakhstan and Russia that sellers name, in both scripts, with the Russian case
 * endings ("в Москве", "из Караганды") spelled out. Aliases are regex sources matched as whole
 * words on normalised text.
 */

/** A city and its spellings; `ru` and `en` are the names an answer uses. */
export interface CityEntry {
  readonly ru: string;
  readonly en: string;
  readonly aliases: readonly string[];
}

const c = (ru: string, en: string, aliases: string[]): CityEntry => ({ ru, en, aliases });

/** The built-in list. */
export const CITIES: readonly CityEntry[] = [
  c('Алматы', 'Almaty', ['алматы', 'алма-?ат[аеуы]', 'almaty', 'alma-?ata', 'алмата']),
  c('Астана', 'Astana', ['астан[аеуы]', 'astana', 'нур-?султан[а-я]*', 'nur-?sultan', 'акмол[аеуы]']),
  c('Шымкент', 'Shymkent', ['шымкент[а-я]*', 'чимкент[а-я]*', 'shymkent']),
  c('Караганда', 'Karaganda', ['караганд[аеуы]', 'karaganda', 'qaraghandy']),
  c('Актобе', 'Aktobe', ['актобе', 'актюбинск[а-я]*', 'aktobe']),
  c('Тараз', 'Taraz', ['тараз[а-я]*', 'taraz']),
  c('Павлодар', 'Pavlodar', ['павлодар[а-я]*', 'pavlodar']),
  c('Усть-Каменогорск', 'Ust-Kamenogorsk', ['усть-?каменогорск[а-я]*', 'ust-?kamenogorsk', 'оскемен', 'өскемен', 'oskemen']),
  c('Семей', 'Semey', ['семей', 'семипалатинск[а-я]*', 'semey']),
  c('Атырау', 'Atyrau', ['атырау', 'atyrau']),
  c('Костанай', 'Kostanay', ['костана[йе]', 'кустана[йе]', 'kostanay']),
  c('Кызылорда', 'Kyzylorda', ['кызылорд[аеуы]', 'kyzylorda']),
  c('Уральск', 'Uralsk', ['уральск[а-я]*', 'uralsk']),
  c('Петропавловск', 'Petropavl', ['петропавловск[а-я]*', 'petropavl(?:ovsk)?']),
  c('Актау', 'Aktau', ['актау', 'aktau']),
  c('Туркестан', 'Turkestan', ['туркестан[а-я]*', 'turkestan']),
  c('Талдыкорган', 'Taldykorgan', ['талдыкорган[а-я]*', 'taldykorgan']),
  c('Кокшетау', 'Kokshetau', ['кокшетау', 'kokshetau']),
  c('Экибастуз', 'Ekibastuz', ['экибастуз[а-я]*', 'ekibastuz']),
  c('Москва', 'Moscow', ['москв[аеуы]', 'мск', 'moscow', 'moskva']),
  c('Санкт-Петербург', 'Saint Petersburg', ['санкт-?петербург[а-я]*', 'спб', 'питер[а-я]*', 'петербург[а-я]*', '(?:saint|st\\.?) ?petersburg', 'spb']),
  c('Новосибирск', 'Novosibirsk', ['новосибирск[а-я]*', 'novosibirsk', 'нск']),
  c('Екатеринбург', 'Yekaterinburg', ['екатеринбург[а-я]*', 'екб', 'yekaterinburg', 'ekaterinburg']),
  c('Казань', 'Kazan', ['казан[ьи]', 'kazan']),
  c('Нижний Новгород', 'Nizhny Novgorod', ['нижн(?:ий|ем|его) новгород[а-я]*', 'nizhny novgorod']),
  c('Челябинск', 'Chelyabinsk', ['челябинск[а-я]*', 'chelyabinsk']),
  c('Омск', 'Omsk', ['омск[а-я]*', 'omsk']),
  c('Самара', 'Samara', ['самар[аеуы]', 'samara']),
  c('Ростов-на-Дону', 'Rostov-on-Don', ['ростов[а-я]*(?:-на-дону)?', 'rostov(?:-on-don)?']),
  c('Уфа', 'Ufa', ['уф[аеуы]', 'ufa']),
  c('Красноярск', 'Krasnoyarsk', ['красноярск[а-я]*', 'krasnoyarsk']),
  c('Пермь', 'Perm', ['перм[ьи]', 'perm']),
  c('Воронеж', 'Voronezh', ['воронеж[а-я]*', 'voronezh']),
  c('Волгоград', 'Volgograd', ['волгоград[а-я]*', 'volgograd']),
  c('Краснодар', 'Krasnodar', ['краснодар[а-я]*', 'krasnodar']),
  c('Тюмень', 'Tyumen', ['тюмен[ьи]', 'tyumen']),
  c('Владивосток', 'Vladivostok', ['владивосток[а-я]*', 'владик[а-я]*', 'vladivostok']),
  c('Иркутск', 'Irkutsk', ['иркутск[а-я]*', 'irkutsk']),
  c('Барнаул', 'Barnaul', ['барнаул[а-я]*', 'barnaul']),
  c('Оренбург', 'Orenburg', ['оренбург[а-я]*', 'orenburg']),
  c('Бишкек', 'Bishkek', ['бишкек[а-я]*', 'bishkek']),
  c('Ташкент', 'Tashkent', ['ташкент[а-я]*', 'tashkent']),
];
