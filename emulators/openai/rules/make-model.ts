/**
 * Finds the make and model of the car in a post from the built-in catalogue. The first make
 * mentioned wins and its model is looked up after it; without a make, a model that names its
 * make on its own ("Камри", "Прадо") gives both.
 */
import { BRANDS, type BrandEntry, type ModelEntry } from './brands';
import { findAll, latinizeCodes, wordRegex, type Hit } from './text';

interface CompiledModel {
  readonly brand: BrandEntry;
  readonly model: ModelEntry;
  readonly regexes: readonly RegExp[];
}

interface CompiledCatalogue {
  readonly brands: ReadonlyArray<{ brand: BrandEntry; regexes: readonly RegExp[] }>;
  readonly models: readonly CompiledModel[];
}

/** Compiles the catalogue's patterns; done once per rules engine, not at module load. */
export function compileCatalogue(brands: readonly BrandEntry[] = BRANDS): CompiledCatalogue {
  return {
    brands: brands.map((brand) => ({ brand, regexes: brand.aliases.map((a) => wordRegex(a)) })),
    models: brands.flatMap((brand) =>
      brand.models.map((model) => ({ brand, model, regexes: model.aliases.map((a) => wordRegex(a, /\d/.test(a))) })),
    ),
  };
}

interface BrandHit extends Hit {
  readonly brand: BrandEntry;
}
interface ModelHit extends Hit {
  readonly brand: BrandEntry;
  readonly model: ModelEntry;
}

/** Make and model of the car a post is about; either may be null. */
export function findMakeModel(normalized: string, catalogue: CompiledCatalogue): { make: string | null; model: string | null } {
  const latin = latinizeCodes(normalized);
  const brandHits: BrandHit[] = catalogue.brands
    .flatMap(({ brand, regexes }) => regexes.flatMap((r) => findAll(r, normalized).map((h) => ({ ...h, brand }))))
    .sort((a, b) => a.index - b.index);

  const modelHits: ModelHit[] = catalogue.models
    .flatMap(({ brand, model, regexes }) =>
      regexes.flatMap((r) => [...findAll(r, normalized), ...findAll(r, latin)].map((h) => ({ ...h, brand, model }))),
    )
    .filter((hit) => modelAllowed(hit, brandHits, normalized))
    .sort((a, b) => a.index - b.index || b.end - b.index - (a.end - a.index));

  const firstBrand = brandHits[0];
  if (firstBrand) {
    const own = modelHits.filter((h) => h.brand === firstBrand.brand);
    const chosen = own.find((h) => h.index >= firstBrand.index) ?? own[0];
    return { make: firstBrand.brand.make, model: chosen?.model.name ?? null };
  }
  const standalone = modelHits.find((h) => (h.model.match ?? 'standalone') === 'standalone');
  return standalone ? { make: standalone.brand.make, model: standalone.model.name } : { make: null, model: null };
}

function modelAllowed(hit: ModelHit, brandHits: readonly BrandHit[], text: string): boolean {
  const match = hit.model.match ?? 'standalone';
  if (match === 'standalone') return true;
  const ofBrand = brandHits.filter((b) => b.brand === hit.brand);
  if (match === 'withMake') return ofBrand.length > 0;
  return ofBrand.some((b) => b.end <= hit.index && /^[\s-]*$/.test(text.slice(b.end, hit.index)));
}
