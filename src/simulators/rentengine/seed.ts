import { seededUuid, type Random, type World } from '../world/index.js';
import { seedLockboxes, seedProspects } from './seed-history.js';
import { DAY_MS, isoMicro, seedUnits } from './seed-units.js';
import type {
  Account, Floorplan, LeasingEvent, Lockbox, LockboxEvent, LockboxInstallation, MultifamilyProperty,
  PrescreeningQuestion, PrescreeningRules, PrescreeningTemplate, Prospect, Subteam, Unit,
} from './types.js';

/** Everything the simulator starts with, drawn from the world; the same world gives the same data. */
export interface SeedData {
  accounts: Account[];
  /** The account a token's own writes default to. */
  mainAccountId: string;
  /** The users of the token's accounts (assignable to prospects, invited to showings). */
  userIds: string[];
  units: Unit[];
  lockboxes: Lockbox[];
  lockboxEvents: LockboxEvent[];
  installations: LockboxInstallation[];
  prospects: Prospect[];
  leasingEvents: LeasingEvent[];
  multifamily: MultifamilyProperty[];
  floorplans: Floorplan[];
  subteams: Subteam[];
  templates: PrescreeningTemplate[];
}

const QUESTIONS: PrescreeningQuestion[] = [
  { fixedQuestionType: 'housing_voucher', question: 'Will you be using a housing voucher?', type: 'yes_no' },
  { fixedQuestionType: null, question: 'How many people will live in the home?', type: 'number' },
  { fixedQuestionType: null, question: 'Do you have pets? Please describe them.', type: 'text' },
];

function rules(minimumCreditScore: number, minimumIncomeRentMultiplier: number, strict: boolean): PrescreeningRules {
  return {
    minimumCreditScore, minimumIncomeRentMultiplier,
    enableVoIPPhoneVerification: strict, enableIDVerification: true, enableSelfieVerification: strict,
    allowIDWithoutExpiryDate: !strict, allowIDExpiredInDays: strict ? 0 : 30, minimumAge: 18,
    enableShowingLocationVerification: strict,
  };
}

function seedTemplates(random: Random, main: string, other: string): PrescreeningTemplate[] {
  return [
    { id: seededUuid(random), name: 'Standard screening', accountId: main, isDefault: true, rules: rules(600, 2.5, false), questions: QUESTIONS },
    { id: seededUuid(random), name: 'Premium units', accountId: main, isDefault: false, rules: rules(700, 3, true), questions: QUESTIONS.slice(0, 2) },
    { id: seededUuid(random), name: 'Partner portfolio default', accountId: other, isDefault: true, rules: rules(580, 2.5, false), questions: QUESTIONS.slice(0, 1) },
  ];
}

function seedSubteams(random: Random, main: string, other: string, users: readonly string[]): Subteam[] {
  const team = (name: string, account: string, members: readonly string[]): Subteam => ({ id: seededUuid(random), name, account_id: account, user_ids: [...members] });
  return [
    team('Leasing North', main, users.slice(0, 3)),
    team('Leasing South', main, users.slice(3, 6)),
    team('Field agents', main, [users[0]!, users[6]!]),
    team('Partner leasing', other, users.slice(6, 8)),
  ];
}

const COMMUNITY_SUFFIXES = ['Lofts', 'Commons', 'Flats', 'Residences', 'Place', 'Terrace'];

/** Multifamily properties for the first few buildings with several RentEngine units, 1–3 floorplans each. */
function seedProperties(random: Random, units: readonly Unit[], anchor: number): { multifamily: MultifamilyProperty[]; floorplans: Floorplan[] } {
  const buildings = new Map<string, Unit[]>();
  for (const unit of units) {
    if (unit.address.unit === null) continue;
    const key = `${unit.address.street_number}|${unit.address.street_name}|${unit.address.city}`;
    const list = buildings.get(key);
    if (list === undefined) buildings.set(key, [unit]);
    else list.push(unit);
  }
  const chosen = [...buildings.values()].sort((a, b) => b.length - a.length).slice(0, 6);
  const multifamily: MultifamilyProperty[] = [];
  const floorplans: Floorplan[] = [];
  for (const members of chosen) {
    const first = members[0]!;
    const created = anchor - random.int(60, 700) * DAY_MS;
    const a = first.address;
    const property: MultifamilyProperty = {
      id: seededUuid(random),
      community_name: `${a.street_name} ${random.pick(COMMUNITY_SUFFIXES)}`,
      building_count: random.int(1, 3),
      unit_count: Math.max(members.length, random.int(5, 60)),
      description: `Apartments at ${a.street_number} ${a.street_name} in ${a.city}.`,
      structure_type: random.pick(['Mid Rise', 'High Rise', 'Garden Style'] as const),
      year_built: random.int(1960, 2021),
      photos: [{ path: `https://photos.example.com/mf/${first.id}/1.jpg`, hidden: false }],
      external_ids: random.chance(0.5) ? { yardi_id: `Y-${random.int(100, 999)}` } : {},
      text_address: `${a.street_number} ${a.street_name}, ${a.city}, ${a.state} ${a.zip_code}`,
      account_id: first.account_id,
      deleted: false,
      created_at: isoMicro(created, random),
      updated_at: isoMicro(created + random.int(0, 50) * DAY_MS, random),
    };
    multifamily.push(property);
    const count = random.int(1, 3);
    for (let i = 0; i < count; i++) {
      const bedrooms = i + random.int(0, 1);
      const sqft = 450 + bedrooms * 250;
      floorplans.push({
        id: seededUuid(random), multifamily_property_id: property.id, name: `${bedrooms === 0 ? 'Studio' : `${bedrooms} Bedroom`} ${String.fromCharCode(65 + i)}`,
        bedroom_count: bedrooms, bathroom_count: Math.max(1, bedrooms - 0.5), unit_count: random.int(4, 20), units_available: random.int(0, 4),
        market_rent: 900 + bedrooms * 450, min_sqft: sqft, max_sqft: sqft + 120, photos: [], deleted: false,
        description: random.chance(0.5) ? 'Open kitchen, in-unit laundry' : null,
      });
    }
  }
  return { multifamily, floorplans };
}

export function seedRentengine(world: World): SeedData {
  const random = world.random('rentengine:accounts');
  const accounts: Account[] = [
    { id: seededUuid(random), name: 'Simulated Property Management' },
    { id: seededUuid(random), name: 'Simulated Partner Portfolio' },
  ];
  const [main, other] = [accounts[0]!.id, accounts[1]!.id];
  const userIds = Array.from({ length: 8 }, () => seededUuid(random));
  const templates = seedTemplates(random, main, other);
  const units = seedUnits(world, { mainAccountId: main, otherAccountId: other, strictTemplateId: templates[1]!.id });
  const history = seedLockboxes(world, units, userIds);
  const prospects = seedProspects(world, units);
  const properties = seedProperties(world.random('rentengine:properties'), units, world.anchor.getTime());
  return {
    accounts, mainAccountId: main, userIds, units,
    lockboxes: history.lockboxes, lockboxEvents: history.events, installations: history.installations,
    prospects: prospects.prospects, leasingEvents: prospects.leasingEvents,
    multifamily: properties.multifamily, floorplans: properties.floorplans,
    subteams: seedSubteams(random, main, other, userIds), templates,
  };
}
