/**
 * The gearbox: автомат/АКПП → automatic, механика/МКПП → manual, робот → robot, вариатор/CVT →
 * cvt. A CVT or robot is also "an automatic" to many sellers ("АКПП вариатор"), so the more
 * specific word wins; otherwise the first one written does.
 */
import { findAll, wordRegex } from './text';
import type { Transmission } from './types';

const PATTERNS: ReadonlyArray<{ regex: RegExp; value: Transmission }> = [
  { regex: wordRegex('вариатор[а-я]*|cvt|variator|xtronic'), value: 'cvt' },
  { regex: wordRegex('робот[а-я]*|ркпп|dsg|robot(?:ic)?|amt|powershift'), value: 'robot' },
  {
    regex: wordRegex(
      'автомат(?:е|ом|а)?|акпп|автоматическ[а-я]* (?:коробк[а-я]*|кпп|трансмисси[а-я]*)|automatic|auto(?= ?(?:gearbox|transmission))|a\\/t|tiptronic|типтроник',
    ),
    value: 'automatic',
  },
  {
    regex: wordRegex('механик[аеиу]|мкпп|механическ[а-я]* (?:коробк[а-я]*|кпп|трансмисси[а-я]*)|manual|m\\/t|stick ?shift'),
    value: 'manual',
  },
];

/** The gearbox kind, or null. */
export function findTransmission(normalized: string): Transmission | null {
  const hits = PATTERNS.map(({ regex, value }) => ({ value, hit: findAll(regex, normalized)[0] })).filter((h) => h.hit);
  const specific = hits.find((h) => h.value === 'cvt' || h.value === 'robot');
  if (specific) return specific.value;
  hits.sort((a, b) => (a.hit?.index ?? 0) - (b.hit?.index ?? 0));
  return hits[0]?.value ?? null;
}
