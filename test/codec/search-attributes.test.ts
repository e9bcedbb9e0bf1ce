/** Search attributes are never encrypted: only a plain make name may become `CarMake`. */
import { searchableCarMake } from '../../src/common/search-attributes';

test('a make name goes in; digits, long runs and empty values do not', () => {
  expect(['Toyota', 'Mercedes-Benz', 'Lada (ВАЗ)', 'Škoda', ' BMW '].map(searchableCarMake)).toEqual(['Toyota', 'Mercedes-Benz', 'Lada (ВАЗ)', 'Škoda', 'BMW']);
  expect(['+77011234567', 'Toyota 701 123 45 67', 'call me now about this lovely car please', '', null, undefined, '-Toyota'].map(searchableCarMake)).toEqual(
    Array(7).fill(undefined),
  );
});
