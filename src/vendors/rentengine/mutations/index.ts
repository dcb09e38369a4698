import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';
import { lockboxWrites } from './lockboxes.js';
import { portfolioWrites } from './portfolio.js';
import { prospectWrites } from './prospects.js';
import { showingWrites } from './showings.js';
import { unitWrites } from './units.js';

/** RentEngine's writes, by the Mutation field each answers (bodies in the vendor's own names: ../writes.ts). */
export const rentengineWrites: VendorWrites<RentengineClient> = { ...showingWrites, ...lockboxWrites, ...prospectWrites, ...unitWrites, ...portfolioWrites };
