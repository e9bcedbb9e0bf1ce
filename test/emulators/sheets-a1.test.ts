/**
 * A1 notation as the Sheets emulator reads and writes it, including the forms that must be
 * refused with "Unable to parse range".
 */
import { columnIndex, columnLetters, formatRange, parseA1, quoteSheetName } from '../../emulators/sheets';

describe('parseA1', () => {
  it.each([
    ['Sheet1!A1:D10', { sheet: 'Sheet1', cells: { startRow: 0, startCol: 0, endRow: 10, endCol: 4 }, singleCell: false, ambiguous: false }],
    ['Channels!A:D', { sheet: 'Channels', cells: { startRow: 0, startCol: 0, endCol: 4 }, singleCell: false, ambiguous: false }],
    ['Channels!2:5', { sheet: 'Channels', cells: { startRow: 1, startCol: 0, endRow: 5 }, singleCell: false, ambiguous: false }],
    ['Channels!A2:D', { sheet: 'Channels', cells: { startRow: 1, startCol: 0, endCol: 4 }, singleCell: false, ambiguous: false }],
    ["'My Sheet'!B2", { sheet: 'My Sheet', cells: { startRow: 1, startCol: 1, endRow: 2, endCol: 2 }, singleCell: true, ambiguous: false }],
    ["'Bob''s data'!A1:B2", { sheet: "Bob's data", cells: { startRow: 0, startCol: 0, endRow: 2, endCol: 2 }, singleCell: false, ambiguous: false }],
    ["'Event Log'", { sheet: 'Event Log', singleCell: false, ambiguous: false }],
    ['Channels', { sheet: 'Channels', singleCell: false, ambiguous: true }],
    ['B2:A1', { cells: { startRow: 0, startCol: 0, endRow: 2, endCol: 2 }, singleCell: false, ambiguous: true }],
    ['Лист1!AA10:AB', { sheet: 'Лист1', cells: { startRow: 9, startCol: 26, endCol: 28 }, singleCell: false, ambiguous: false }],
  ])('reads %s', (text, expected) => {
    expect(parseA1(text)).toEqual(expected);
  });

  it.each(['', 'Sheet1!', 'Sheet1!A1:B2:C3', 'Sheet1!A0', "'Unclosed!A1", "''!A1", 'Sheet1!1:B5', 'Sheet1!AAAA1'])('refuses %j', (text) => {
    expect(parseA1(text)).toBeUndefined();
  });
});

describe('writing ranges', () => {
  it('converts column letters both ways', () => {
    expect(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA'].map(columnIndex)).toEqual([0, 25, 26, 51, 52, 701, 702]);
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('quotes sheet names the way Google does', () => {
    expect(quoteSheetName('Channels')).toBe('Channels');
    expect(quoteSheetName('Event Log')).toBe("'Event Log'");
    expect(quoteSheetName("Bob's")).toBe("'Bob''s'");
    expect(quoteSheetName('A1')).toBe("'A1'");
    expect(formatRange('Event Log', { startRow: 1, startCol: 0, endRow: 1000, endCol: 3 })).toBe("'Event Log'!A2:C1000");
    expect(formatRange('Channels', { startRow: 2, startCol: 2, endRow: 3, endCol: 3 })).toBe('Channels!C3');
  });
});
