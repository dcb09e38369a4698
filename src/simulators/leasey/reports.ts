import {
  BUILDING_AMENITIES, FURNISHING_LABELS, LEASE_TERM_LABELS, PAYMENT_FREQUENCY_LABELS, RENTAL_SPACE_LABELS, STORAGE_LABELS,
  UNIT_FEATURES, UNIT_TYPE_LABELS, type ApplicationStatus,
} from './catalog.js';
import { DAY_MS, isPublished, leadOf, type Lead, type LeaseyState, type Property, type Showing } from './state.js';

/**
 * Report rows with the exact field names of leasey.md section 4, casing included
 * (the showings report writes Unit_status, Unit_publish_status, Days_listed,
 * Lead_source and TeamMemberRol; the others do not). Rows are built per request from
 * the state, so every change (PUT, activity) shows at once.
 */
export interface DateWindow {
  /** Inclusive "YYYY-MM-DDTHH:MM:SS" bounds; undefined = open. */
  start: string | undefined;
  end: string | undefined;
}

const within = (at: string, window: DateWindow) =>
  (window.start === undefined || at >= window.start) && (window.end === undefined || at <= window.end);

function propertyName(state: LeaseyState, property: Property): string {
  const building = property.buildingId === null ? undefined : state.buildings.get(property.buildingId);
  return building?.name ?? property.name;
}

function daysListed(property: Property, today: Date): number {
  if (property.marketingStart === null) return 0;
  const end = property.marketingEnd === null ? today.getTime() : Date.parse(`${property.marketingEnd}T00:00:00Z`);
  return Math.max(0, Math.floor((end - Date.parse(`${property.marketingStart}T00:00:00Z`)) / DAY_MS));
}

const publishStatus = (property: Property) => (isPublished(property) ? 'Published' : 'Unpublished');
const unitStatus = (property: Property) => (property.archived ? 'Archived' : 'Active');
const vacancy = (property: Property) => (property.occupied ? 'Occupied' : 'Vacant');

function tenancyStatus(lead: Lead): string {
  switch (lead.status) {
    case 'Lead': return 'Not Started';
    case 'Incomplete Application': return 'Documents Pending';
    case 'Application Received': return 'Documents Submitted';
    case 'Application Under Review': return 'In Review';
    case 'Lease Signed': return 'Approved';
    case 'Archived': return lead.applicationSent === null ? 'Not Started' : 'Closed';
    default: {
      const unreachable: never = lead.status;
      throw new Error(`unknown application status ${String(unreachable)}`);
    }
  }
}

/** The showings report spells the in-progress stage "Application In Progress", as its table in leasey.md does. */
function showingApplicationStatus(status: ApplicationStatus): string {
  return status === 'Incomplete Application' ? 'Application In Progress' : status;
}

export function showingRows(state: LeaseyState, companyId: number, window: DateWindow, today: Date): object[] {
  const rows: object[] = [];
  for (const showing of state.showings.values()) {
    if (!within(showing.start, window)) continue;
    const property = state.properties.get(showing.propertyId);
    if (property === undefined || property.companyId !== companyId) continue;
    rows.push(showingRow(state, showing, property, today));
  }
  return rows;
}

function showingRow(state: LeaseyState, showing: Showing, property: Property, today: Date): object {
  const lead = showing.personId === null ? undefined : leadOf(state, showing.personId, showing.propertyId);
  const member = showing.teamMemberId === null ? undefined : state.teamMembers.get(showing.teamMemberId);
  return {
    Property_Name: propertyName(state, property),
    Unit_Name: property.name,
    Unit_Address: property.address,
    Unit_ID: property.unitId,
    Property_ID: property.id,
    Unit_Type: UNIT_TYPE_LABELS[property.unitType],
    Unit_status: unitStatus(property),
    Unit_publish_status: publishStatus(property),
    Vacancy_Status: vacancy(property),
    Rental_Space: RENTAL_SPACE_LABELS[property.rentalSpace],
    Lease_Term: LEASE_TERM_LABELS[property.renewalFrequency],
    Suite_Number: property.suite,
    Rent_Amount: property.rentAmount,
    Parking_Stalls: property.parkingStalls ?? 0,
    Bedrooms: property.bedrooms,
    Bathrooms: property.bathrooms,
    Square_Footage: property.sizeSqft,
    Max_Occupancy: property.maxOccupancy,
    Furnishing: FURNISHING_LABELS[property.furnishing],
    Country: property.country,
    Days_listed: daysListed(property, today),
    Storage: STORAGE_LABELS[property.storage],
    Date_start: showing.start,
    Date_end: showing.end,
    Showing_Status: showing.status,
    TeamMember: member === undefined ? '' : `${member.firstName} ${member.lastName}`,
    TeamMemberRol: member?.role ?? '',
    Lead_source: lead?.source ?? 'Walk-in',
    Showing_Feedback: showing.feedback,
    Person_ID: lead?.personId ?? null,
    Application_ID: lead?.applicationId ?? null,
    Lead_Name: lead === undefined ? null : `${lead.firstName} ${lead.lastName}`,
    Lead_First_Name: lead?.firstName ?? null,
    Lead_Last_Name: lead?.lastName ?? null,
    Lead_Email: lead?.email ?? null,
    Lead_Phone: lead?.phone ?? null,
    Application_Status: lead === undefined ? null : showingApplicationStatus(lead.status),
    Applicant_Rating: lead?.rating ?? null,
    Tenancy_Application_Status: lead === undefined ? null : tenancyStatus(lead),
    Lead_Approval_Status: lead?.approval ?? null,
    Lead_Note: lead?.note ?? null,
  };
}

/** Leads of a company's properties created inside the window, oldest first. */
export function companyLeads(state: LeaseyState, companyId: number, window: DateWindow): Array<{ lead: Lead; property: Property }> {
  const out: Array<{ lead: Lead; property: Property }> = [];
  for (const lead of state.leads.values()) {
    if (!within(lead.created, window)) continue;
    const property = state.properties.get(lead.propertyId);
    if (property !== undefined && property.companyId === companyId) out.push({ lead, property });
  }
  return out;
}

/**
 * A page of GET /properties/leads: oldest first (then Person_ID), read off the front
 * of the ordered lead Map. The doc offers only `limit`, so a client pages by moving
 * start_date to the last Lead_Date_Created it saw (inclusive) and skipping ids it has.
 */
export function leadPage(state: LeaseyState, companyId: number, window: DateWindow, propertyId: number | undefined, limit: number): object[] {
  const rows: object[] = [];
  for (const lead of state.leads.values()) {
    if (rows.length >= limit) break;
    if ((propertyId !== undefined && lead.propertyId !== propertyId) || !within(lead.created, window)) continue;
    const property = state.properties.get(lead.propertyId);
    if (property !== undefined && property.companyId === companyId) rows.push(simpleLeadRow(lead, property));
  }
  return rows;
}

export function leadRow(state: LeaseyState, lead: Lead, property: Property): object {
  const suite = property.suite === '' ? '' : `${property.suite} - `;
  return {
    Application_ID: lead.applicationId,
    Applicant_ID: lead.applicantId,
    Person_ID: lead.personId,
    Lead_Name: `${lead.firstName} ${lead.lastName}`,
    Lead_First_Name: lead.firstName,
    Lead_Last_Name: lead.lastName,
    Lead_Email: lead.email,
    Lead_Phone: lead.phone,
    Application_Status: lead.status,
    Applicant_Rating: lead.rating,
    Tenancy_Application_Status: tenancyStatus(lead),
    Lead_Approval_Status: lead.approval,
    Unit_Name: property.name,
    Property_Name: propertyName(state, property),
    Unit_Address: property.address,
    Full_Address: `${suite}${property.address}, ${property.city}, ${`${property.provinceState} ${property.postalCode}`.trim()}, ${property.country}`,
    Unit_City: property.city,
    Unit_Province: property.provinceState,
    Unit_Publish_Status: publishStatus(property),
    Vacancy_Status: vacancy(property),
    Rent_Amount: property.rentAmount,
    Rent_Payment_Frequency: PAYMENT_FREQUENCY_LABELS[property.rentPaymentFrequency],
    Lease_Type: LEASE_TERM_LABELS[property.renewalFrequency],
    Bedrooms: property.bedrooms,
    Bathrooms: property.bathrooms,
    Furnishing: FURNISHING_LABELS[property.furnishing],
    Lead_Source: lead.source,
    Lead_Note: lead.note,
    Lead_Date_Created: lead.created,
    Application_Sent_Date: lead.applicationSent,
    Application_Received_Date: lead.applicationReceived,
  };
}

/** The lighter row of GET /properties/leads (the doc lists no fields; this set is ours). */
export function simpleLeadRow(lead: Lead, property: Property): object {
  return {
    Person_ID: lead.personId,
    Lead_Name: `${lead.firstName} ${lead.lastName}`,
    Lead_Email: lead.email,
    Lead_Phone: lead.phone,
    Application_Status: lead.status,
    Lead_Source: lead.source,
    Lead_Date_Created: lead.created,
    Property_ID: property.id,
    property_id: property.uuid,
  };
}

interface PropertyCounts { leads: number; applicants: number; applications: number; signed: number; showings: Record<Showing['status'], number> }

const APPLICANT_STAGES: ReadonlySet<ApplicationStatus> = new Set(['Incomplete Application', 'Application Received', 'Application Under Review', 'Lease Signed']);

/** One pass over leads and showings, so the properties report stays linear in the portfolio. */
function countByProperty(state: LeaseyState): Map<number, PropertyCounts> {
  const counts = new Map<number, PropertyCounts>();
  const of = (id: number) => {
    let c = counts.get(id);
    if (c === undefined) {
      c = { leads: 0, applicants: 0, applications: 0, signed: 0, showings: { Scheduled: 0, Confirmed: 0, Cancelled: 0, Completed: 0, Disqualified: 0 } };
      counts.set(id, c);
    }
    return c;
  };
  for (const lead of state.leads.values()) {
    const c = of(lead.propertyId);
    c.leads++;
    if (APPLICANT_STAGES.has(lead.status)) c.applicants++;
    if (lead.applicationSent !== null) c.applications++;
    if (lead.status === 'Lease Signed') c.signed++;
  }
  for (const showing of state.showings.values()) of(showing.propertyId).showings[showing.status]++;
  return counts;
}

const bucket = (n: number, noun: string, none: string) =>
  n === 0 ? none : n <= 5 ? `1-5 ${noun}` : n <= 10 ? `6-10 ${noun}` : `10+ ${noun}`;

export function propertyRows(state: LeaseyState, companyId: number, today: Date): object[] {
  const counts = countByProperty(state);
  const rows: object[] = [];
  for (const property of state.properties.values()) {
    if (property.companyId !== companyId) continue;
    rows.push(propertyRow(state, property, counts.get(property.id), today));
  }
  return rows;
}

function propertyRow(state: LeaseyState, property: Property, c: PropertyCounts | undefined, today: Date): object {
  const building = property.buildingId === null ? undefined : state.buildings.get(property.buildingId);
  const leases = (property.occupied ? 1 : 0) + (c?.signed ?? 0);
  const unitAmenities = [...property.features].filter(([, v]) => v !== 3).map(([id]) => id).sort((a, b) => a - b).map((id) => UNIT_FEATURES.get(id) ?? `Feature ${id}`);
  const buildingAmenities = building === undefined ? [] : [...building.amenities].filter(([, v]) => v !== 3).map(([id]) => id).sort((a, b) => a - b).map((id) => BUILDING_AMENITIES.get(id) ?? `Amenity ${id}`);
  const firstMember = [...property.teamMemberIds].map((id) => state.teamMembers.get(id)).find((m) => m !== undefined);
  const contact = property.contact;
  const showings = c?.showings;
  return {
    Property_ID: property.id,
    Property_URL_Slug: property.slug,
    Property_Name: building?.name ?? property.name,
    Unit_Name: property.name,
    Unit_Address: property.address,
    Unit_Type: UNIT_TYPE_LABELS[property.unitType],
    Unit_Status: unitStatus(property),
    Unit_Publish_Status: publishStatus(property),
    Rental_Space: RENTAL_SPACE_LABELS[property.rentalSpace],
    Lease_Term: LEASE_TERM_LABELS[property.renewalFrequency],
    Suite_Number: property.suite,
    City: property.city,
    Province_State: property.provinceState,
    Postal_Code: property.postalCode,
    Country: property.country,
    Days_Listed: daysListed(property, today),
    Marketing_Start: property.marketingStart,
    Marketing_End: property.marketingEnd,
    Date_Available: property.dateAvailable,
    Rent_Amount: property.rentAmount,
    Rent_Market: property.rentMarket,
    Parking_Stalls: property.parkingStalls ?? 0,
    Bedrooms: property.bedrooms,
    Bathrooms: property.bathrooms,
    Square_Footage: property.sizeSqft,
    Max_Occupancy: property.maxOccupancy,
    Furnishing: FURNISHING_LABELS[property.furnishing],
    Storage: STORAGE_LABELS[property.storage],
    Vacancy_Status: vacancy(property),
    Description: property.description,
    Latitude: property.latitude,
    Longitude: property.longitude,
    Lead_Status: bucket(c?.leads ?? 0, 'Leads', 'No Leads'),
    Lead_Count: c?.leads ?? 0,
    Applicant_Status: bucket(c?.applicants ?? 0, 'Applicants', 'No Applicants'),
    Applicant_Count: c?.applicants ?? 0,
    Lease_Status: leases === 0 ? 'No Active Leases' : leases === 1 ? '1 Active Lease' : 'Multiple Leases',
    Lease_Count: leases,
    Total_Applications: c?.applications ?? 0,
    Showings_Disqualified: showings?.Disqualified ?? 0,
    Showings_Scheduled: showings?.Scheduled ?? 0,
    Showings_Confirmed: showings?.Confirmed ?? 0,
    Showings_Cancelled: showings?.Cancelled ?? 0,
    Showings_Total: showings === undefined ? 0 : Object.values(showings).reduce((a, b) => a + b, 0),
    Contact_Name: contact !== null && (contact.firstName !== null || contact.lastName !== null)
      ? [contact.firstName, contact.lastName].filter((s) => s !== null).join(' ')
      : firstMember === undefined ? null : `${firstMember.firstName} ${firstMember.lastName}`,
    Contact_Email: `${property.slug}@inbox.leasey.ai`,
    Contact_Phone: contact?.phone == null ? null : `${contact.dialCode ?? ''} ${contact.phone}`.trim(),
    Images: property.photos.slice(0, 10),
    Unit_Amenities: unitAmenities,
    Unit_Amenities_Count: unitAmenities.length,
    Building_Amenities: buildingAmenities,
    Building_Amenities_Count: buildingAmenities.length,
    Listing_URL: isPublished(property) ? `https://leasey.ai/rentals/${property.slug}` : null,
  };
}
