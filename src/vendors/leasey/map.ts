import { toIsoDate } from '../../domain/dates.js';
import { countryCodeOf } from '../../domain/country.js';
import type { ListingModel, MoneyModel, ProspectApplicationModel, ProspectModel, ShowingModel, UnitRecord } from '../../domain/models.js';
import type { RawLead, RawProperty, RawShowing } from './raw.js';

/** Pure mapping of checked Leasey rows to domain models. */

const CURRENCIES: Readonly<Record<string, string>> = { CA: 'CAD', US: 'USD', GB: 'GBP', DE: 'EUR' };

/** Leasey writes countries as names ("Canada"); the graph wants ISO 3166-1 alpha-2. Null when the text names no country. */
export function countryCode(name: string | null): string | null {
  return countryCodeOf(name);
}

export function toUnitRecord(raw: RawProperty, original: unknown): UnitRecord {
  return {
    __typename: 'UnitRecord',
    vendor: 'LEASEY',
    externalId: raw.Property_ID,
    raw: original,
    address: raw.Unit_Address === null
      ? null
      : {
          line1: raw.Unit_Address,
          unitNumber: raw.Suite_Number,
          city: raw.City,
          region: raw.Province_State,
          postalCode: raw.Postal_Code,
          country: countryCode(raw.Country),
        },
    bedrooms: raw.Bedrooms,
    bathrooms: raw.Bathrooms,
    squareFeet: raw.Square_Footage === null ? null : Math.round(raw.Square_Footage),
    ownerId: null,
    possessionStart: null,
    possessionEnd: null,
    active: activeOf(raw.Unit_Status),
  };
}

/** "Active" / "Archived" (docs/vendors.md, Leasey); anything else is not a claim either way. */
function activeOf(status: string | null): boolean | null {
  switch (status?.toLowerCase()) {
    case 'active':
      return true;
    case 'archived':
      return false;
    default:
      return null;
  }
}

/**
 * The listing of a property (Leasey lists each property itself, so the listing and the
 * unit share Property_ID). Rent_Amount is "Monthly asking rent"; its currency follows the
 * country, and is unknown (rent null, the amount stays in raw) for a country we cannot place.
 */
export function toListingModel(raw: RawProperty, original: unknown): ListingModel {
  const currency = CURRENCIES[countryCode(raw.Country) ?? ''];
  const rent: MoneyModel | null = raw.Rent_Amount === null || currency === undefined ? null : { amount: raw.Rent_Amount, currency, period: 'MONTH' };
  const title = [raw.Property_Name, raw.Unit_Name].filter((part): part is string => part !== null).join(' – ');
  return {
    __typename: 'Listing',
    vendor: 'LEASEY',
    externalId: raw.Property_ID,
    raw: original,
    unit: { vendor: 'LEASEY', externalId: raw.Property_ID },
    title: title === '' ? null : title,
    description: raw.Description,
    rent,
    availableFrom: toIsoDate(raw.Date_Available),
    bedrooms: raw.Bedrooms,
    bathrooms: raw.Bathrooms,
    published: raw.Unit_Publish_Status === null ? null : raw.Unit_Publish_Status === 'Published',
    url: raw.Listing_URL,
    details: {
      status: raw.Vacancy_Status,
      occupied: raw.Vacancy_Status === null ? null : raw.Vacancy_Status === 'Occupied',
      leadCount: raw.Lead_Count,
      showingCount: raw.Showings_Total,
      amenities: (raw.Unit_Amenities ?? []).filter((a): a is string => typeof a === 'string' && a.trim() !== ''),
      media: raw.Images === null || raw.Images === undefined ? null : { photos: raw.Images.filter((url): url is string => typeof url === 'string'), videos: [], floorplans: [] },
    },
  };
}

/**
 * A lead. The leads report names the unit of interest only by its names, so
 * `unitOfInterest` is set only when the row carries a Property_ID (the simplified lead list
 * may), which is the id properties are known by.
 */
/**
 * A lead is one person's interest in one property: `<Person_ID>@<Property_ID>`, so a
 * person's leads on several properties stay apart. A row that names no property (the
 * leads report) is known by Person_ID alone.
 */
export const leadExternalId = (personId: string, propertyId: string | null): string => (propertyId === null ? personId : `${personId}@${propertyId}`);

/** The application a lead row shows; null when it names none. */
export function leadApplication(raw: RawLead): ProspectApplicationModel | null {
  if (raw.Application_ID === null) return null;
  return {
    id: raw.Application_ID,
    applicantId: raw.Applicant_ID,
    status: raw.Application_Status,
    rating: raw.Applicant_Rating,
    approvalStatus: raw.Lead_Approval_Status,
    documentStatus: raw.Tenancy_Application_Status,
    sentAt: raw.Application_Sent_Date,
    receivedAt: raw.Application_Received_Date,
  };
}

export function toProspectModel(raw: RawLead, original: unknown): ProspectModel {
  const joined = [raw.Lead_First_Name, raw.Lead_Last_Name].filter((part): part is string => part !== null).join(' ');
  return {
    __typename: 'Prospect',
    vendor: 'LEASEY',
    externalId: leadExternalId(raw.Person_ID, raw.Property_ID),
    raw: original,
    name: raw.Lead_Name ?? (joined === '' ? null : joined),
    email: raw.Lead_Email,
    phone: raw.Lead_Phone,
    status: raw.Application_Status,
    source: raw.Lead_Source,
    createdAt: raw.Lead_Date_Created,
    unitOfInterest: raw.Property_ID === null ? null : { vendor: 'LEASEY', externalId: raw.Property_ID },
    application: leadApplication(raw),
    note: raw.Lead_Note,
  };
}

/**
 * The showings report has no showing id. A showing is one person's visit to one unit at
 * one time, so its id is `<Unit_ID>_<Person_ID>_<start>` (start as compact UTC, "-" for a
 * missing part). It is stable across reads; a rescheduled showing gets a new id, which
 * is how the report itself presents it (a row with the new time).
 */
export function showingExternalId(raw: RawShowing): string {
  const start = raw.Date_start === null ? '-' : raw.Date_start.replace(/[-:]|\.\d+/g, '');
  return `${raw.Unit_ID ?? raw.Property_ID ?? '-'}_${raw.Person_ID ?? '-'}_${start}`;
}

/**
 * A row of the showings report. The unit ref uses Property_ID, not Unit_ID: the
 * properties report (whose rows are Leasey's unit records) is keyed by Property_ID and
 * never shows a Unit_ID, so only Property_ID joins a showing to its unit.
 */
export function toShowingModel(raw: RawShowing, original: unknown): ShowingModel {
  return {
    __typename: 'Showing',
    vendor: 'LEASEY',
    externalId: showingExternalId(raw),
    raw: original,
    unit: raw.Property_ID === null ? null : { vendor: 'LEASEY', externalId: raw.Property_ID },
    prospect: raw.Person_ID === null ? null : { vendor: 'LEASEY', externalId: leadExternalId(raw.Person_ID, raw.Property_ID) },
    startsAt: raw.Date_start,
    endsAt: raw.Date_end,
    status: raw.Showing_Status,
    method: null,
    teamMember: raw.TeamMember,
  };
}
