import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { query } from '../support.js';

interface Lead {
  id: string;
  email: string | null;
  note: string | null;
  createdAt: string | null;
  unitOfInterest: { id: string } | null;
  sources: { externalId: string }[];
  application: { id: string; applicantId: string | null; status: string | null; rating: number | null; approvalStatus: string | null; documentStatus: string | null; sentAt: string | null; receivedAt: string | null } | null;
}

const LEADS = `{ prospects(first: 500, filter: { vendor: LEASEY }) { edges { node {
  id email note createdAt unitOfInterest { id } sources { externalId }
  application { id applicantId status rating approvalStatus documentStatus sentAt receivedAt }
} } } }`;

describe('a Leasey lead\'s application', () => {
  let app: TestApp;
  let leads: Lead[];
  let report: Record<string, unknown>[];

  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    leads = (await query<{ prospects: { edges: { node: Lead }[] } }>(app, LEADS)).prospects.edges.map((e) => e.node);
    const { leasey } = SIM_CREDENTIALS;
    const response = await fetch(`${app.simulator('leasey').server.origin}/reports/leads?company_id=${leasey.companyId}&start_date=2000-01-01T00:00:00`, {
      headers: { authorization: `Bearer ${leasey.apiToken}`, 'x-company-password': leasey.companyPassword },
    });
    report = (await response.json()) as Record<string, unknown>[];
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('shows each lead\'s application as the leads report has it: status, rating, approval, documents, dates and the lead note', () => {
    expect(leads.length).toBe(report.length);
    const byApplication = new Map(report.map((row) => [String(row['Application_ID']), row]));
    for (const lead of leads) {
      const row = byApplication.get(lead.application!.id)!;
      expect(row).toBeDefined();
      const at = (value: unknown) => (value === null ? null : Date.parse(String(value)));
      expect({ ...lead.application, sentAt: at(lead.application!.sentAt), receivedAt: at(lead.application!.receivedAt), note: lead.note }).toEqual({
        id: String(row['Application_ID']), applicantId: String(row['Applicant_ID']), status: row['Application_Status'], rating: row['Applicant_Rating'],
        approvalStatus: row['Lead_Approval_Status'], documentStatus: row['Tenancy_Application_Status'],
        sentAt: at(row['Application_Sent_Date']), receivedAt: at(row['Application_Received_Date']), note: row['Lead_Note'],
      });
    }
    expect(leads.some((l) => l.application!.receivedAt !== null)).toBe(true);
  });

  it('keeps a person\'s leads on several properties apart, each with its own application', () => {
    const byEmail = new Map<string, Lead[]>();
    for (const lead of leads) byEmail.set(lead.email!, [...(byEmail.get(lead.email!) ?? []), lead]);
    const repeated = [...byEmail.values()].filter((list) => list.length > 1);
    expect(repeated.length).toBeGreaterThan(0);
    for (const list of repeated) {
      expect(new Set(list.map((l) => l.id)).size).toBe(list.length);
      expect(new Set(list.map((l) => l.unitOfInterest?.id)).size).toBe(list.length);
      expect(new Set(list.map((l) => l.application!.id)).size).toBe(list.length);
    }
  });

  it('finds a lead by the id it had when a person was one prospect: the person\'s newest lead', async () => {
    const list = [...new Map(leads.map((l) => [l.email, leads.filter((m) => m.email === l.email)])).values()].find((l) => l.length > 1)!;
    const newest = [...list].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))[0]!;
    const personId = newest.sources[0]!.externalId.split('@')[0]!;
    const data = await query<{ node: { id: string } | null }>(app, 'query ($id: ID!) { node(id: $id) { id } }', { id: Buffer.from(`Prospect:LEASEY:${personId}`).toString('base64url') });
    expect(data.node?.id).toBe(newest.id);
  });
});
