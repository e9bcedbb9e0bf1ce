/**
 * The vocabulary of the rules engine: the values it can find in a post. Names and enum values
 * match the extraction schema the pipeline asks the model for, so a field found here can be
 * written into the answer as it is.
 */

/** Currencies of the markets the source channels serve. */
export type Currency = 'KZT' | 'RUB' | 'USD' | 'EUR';

/** Gearbox kinds, as the extraction schema names them. */
export type Transmission = 'automatic' | 'manual' | 'robot' | 'cvt';

/** Body styles; the extraction schema may accept only some of them. */
export type BodyType = 'sedan' | 'suv' | 'hatchback' | 'wagon' | 'coupe' | 'minivan' | 'pickup' | 'convertible' | 'liftback' | 'van';

/** Fuels, in the canonical English form used in the `engine` field. */
export type Fuel = 'petrol' | 'diesel' | 'gas' | 'hybrid' | 'electric';

/** Language of a post, which is also the language of its description. */
export type PostLanguage = 'ru' | 'en';

/** Fields of a car-sale post; a value that is not in the text is null, never guessed. */
export interface CarFields {
  make: string | null;
  model: string | null;
  year: number | null;
  price: number | null;
  currency: Currency | null;
  mileage_km: number | null;
  /** Volume and fuel, e.g. "2.5 petrol"; either part alone when only one is known. */
  engine: string | null;
  transmission: Transmission | null;
  body: BodyType | null;
  /** City, named in the post's language. */
  location: string | null;
  /** Phones as "+digits", then @usernames. */
  contacts: string[];
}

/** The classification answer: is this a car-sale ad, how sure, and why. */
export interface Classification {
  is_car_ad: boolean;
  /** Confidence in the answer given (0..1), growing with the number of signals found. */
  confidence: number;
  reason: string;
}
