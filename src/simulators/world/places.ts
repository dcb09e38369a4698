/** The street, city and name material the world is drawn from, per country. */
export type Country = 'US' | 'CA' | 'GB' | 'DE';

export interface City {
  city: string;
  region: string | null;
  /** Builds a plausible postal code for this city from a number. */
  postalCode: (n: number) => string;
}

export const STREET_NAMES: Record<Country, readonly string[]> = {
  US: ['Main', 'Oak', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Pine', 'Sunset', 'Park', 'Walnut', 'Jefferson', 'Lincoln', 'Madison', 'Franklin', 'Highland', 'Cherry', 'Spring', 'Ridge'],
  CA: ['King', 'Queen', 'Yonge', 'Bloor', 'Dundas', 'Spadina', 'Bathurst', 'College', 'Front', 'Wellington', 'Richmond', 'Adelaide'],
  GB: ['Hyde Park', 'Headingley', 'Cardigan', 'Brudenell', 'Victoria', 'Oxford', 'Albert', 'Mill', 'Church', 'Station', 'Ash', 'Belle Vue'],
  DE: ['Linden', 'Haupt', 'Schiller', 'Goethe', 'Garten', 'Berg', 'Wald', 'Bahnhof', 'Kastanien', 'Ahorn', 'Rosen', 'Sonnen', 'Müller', 'Königs', 'Brücken', 'Mühlen', 'Schönhauser', 'Berliner'],
};

/** Street types with their long form; the abbreviations live with each vendor's spelling. */
export const STREET_TYPES: Record<Country, readonly string[]> = {
  US: ['Street', 'Avenue', 'Road', 'Boulevard', 'Drive', 'Lane', 'Court', 'Place'],
  CA: ['Street', 'Avenue', 'Road', 'Boulevard', 'Drive', 'Crescent'],
  GB: ['Road', 'Street', 'Lane', 'Avenue', 'Terrace', 'Grove'],
  DE: ['straße', 'weg', 'allee', 'platz'],
};

export const DIRECTIONALS = ['North', 'South', 'East', 'West'] as const;

const zipFrom = (base: number) => (n: number) => String(base + (n % 40)).padStart(5, '0');
const caPostal = (fsa: string) => (n: number) => `${fsa} ${n % 10}${String.fromCharCode(65 + (n % 26))}${(n * 7) % 10}`;
const gbPostal = (outward: string) => (n: number) => `${outward} ${n % 10}${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + ((n * 3) % 26))}`;
const dePostal = (base: number) => (n: number) => String(base + (n % 90));

export const CITIES: Record<Country, readonly City[]> = {
  US: [
    { city: 'Springfield', region: 'IL', postalCode: zipFrom(62701) },
    { city: 'Austin', region: 'TX', postalCode: zipFrom(78701) },
    { city: 'Denver', region: 'CO', postalCode: zipFrom(80202) },
    { city: 'Columbus', region: 'OH', postalCode: zipFrom(43004) },
    { city: 'Raleigh', region: 'NC', postalCode: zipFrom(27601) },
  ],
  CA: [
    { city: 'Toronto', region: 'ON', postalCode: caPostal('M5V') },
    { city: 'Vancouver', region: 'BC', postalCode: caPostal('V6B') },
    { city: 'Ottawa', region: 'ON', postalCode: caPostal('K1P') },
  ],
  GB: [
    { city: 'Leeds', region: 'West Yorkshire', postalCode: gbPostal('LS6') },
    { city: 'Manchester', region: 'Greater Manchester', postalCode: gbPostal('M14') },
    { city: 'Nottingham', region: 'Nottinghamshire', postalCode: gbPostal('NG7') },
  ],
  DE: [
    { city: 'Berlin', region: 'Berlin', postalCode: dePostal(10115) },
    { city: 'Hamburg', region: 'Hamburg', postalCode: dePostal(20095) },
    { city: 'München', region: 'Bayern', postalCode: dePostal(80331) },
    { city: 'Köln', region: 'Nordrhein-Westfalen', postalCode: dePostal(50667) },
  ],
};

/** Building names British flats are let under ("Flat 3, Albion House, 12 King Street"). */
export const GB_BUILDING_NAMES = ['Albion House', 'Victoria Court', 'Park View', 'Mill House', 'Wellington Mansions', 'Cardigan Lodge'];

export const FIRST_NAMES = ['John', 'Jane', 'Bob', 'Alice', 'Maria', 'Liam', 'Olivia', 'Noah', 'Emma', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Max', 'Lena', 'Priya', 'Omar', 'Chen', 'Fatima'];
export const LAST_NAMES = ['Smith', 'Doe', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Müller', 'Schmidt', 'Patel', 'Nguyen', 'Kim', 'Singh', 'Rossi'];

export const COUNTRY_NAMES: Record<Country, string> = {
  US: 'United States',
  CA: 'Canada',
  GB: 'United Kingdom',
  DE: 'Germany',
};
