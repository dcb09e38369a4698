/**
 * Proof that a simulator process enforces the vendors' documented limits, so that no
 * figure comes from a vendor more lenient than the real one: RentEngine answers 429
 * past 20 requests in 5 s per token (ASSUMPTIONS.md), StuRents answers 429 to the same
 * request asked again within 10 s (ASSUMPTIONS.md, sturents.md). The simulators have both on by
 * default, `simulate` offers no switch for them and /__sim/faults cannot turn them
 * off; this checks the running process rather than trusting that.
 */
const RENTENGINE_LIMIT = 20;

/**
 * Resolves to what was seen, one sentence per vendor; fails with what arrived when a
 * limit is not in force. Spends RentEngine's budget for the next 5 s: call it when
 * nothing else is reading.
 */
export async function verifyVendorLimits(env: Record<string, string>): Promise<string> {
  return `${await rentengineLimit(env)} ${await sturentsLimit(env)}`;
}

function required(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`expected ${name} among the simulators' variables, got ${Object.keys(env).join(', ') || 'none'}`);
  return value;
}

async function rentengineLimit(env: Record<string, string>): Promise<string> {
  const base = required(env, 'RENTENGINE_BASE_URL');
  const token = required(env, 'RENTENGINE_API_TOKEN');
  // All at once, so every one lands in the same 5 s window however busy the machine is.
  const answers = await Promise.all(
    Array.from({ length: RENTENGINE_LIMIT + 1 }, async () => {
      const response = await fetch(`${base}/units?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    }),
  );
  const refused = answers.filter((a) => a.status === 429);
  const other = answers.filter((a) => a.status !== 200 && a.status !== 429);
  if (other.length > 0) throw new Error(`expected RentEngine GET /units?limit=1 to answer 200 or 429, got ${other.map((a) => a.status).join(', ')}`);
  if (refused.length === 0) {
    throw new Error(`expected the RentEngine simulator to refuse some of ${answers.length} requests sent at once with 429 (its documented limit is ${RENTENGINE_LIMIT} per 5 s), got 200 for all`);
  }
  const retryAfter = refused[0]!.retryAfter;
  if (retryAfter === null || !(Number(retryAfter) >= 1)) throw new Error(`expected RentEngine's 429 to carry Retry-After in seconds, got ${JSON.stringify(retryAfter)}`);
  return `RentEngine refused ${refused.length} of ${answers.length} requests sent at once (429, Retry-After ${retryAfter} s).`;
}

async function sturentsLimit(env: Record<string, string>): Promise<string> {
  const base = required(env, 'STURENTS_BASE_URL').replace(/\/$/, '');
  // A page no client asks for, so the gateway's own reads cannot have made the first ask a repeat.
  const page = 100_000 + Math.floor(Math.random() * 900_000);
  const url = `${base}/api/houses?landlord=${encodeURIComponent(required(env, 'STURENTS_LANDLORD_ID'))}&public=${encodeURIComponent(required(env, 'STURENTS_PUBLIC_KEY'))}&version=1.3&page=${page}`;
  const ask = async () => {
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  };
  const first = await ask();
  if (first.status !== 200) throw new Error(`expected StuRents GET /api/houses (page ${page}) to answer 200 the first time, got ${first.status} ${first.body.slice(0, 200)}`);
  const second = await ask();
  if (second.status !== 429) throw new Error(`expected the StuRents simulator to refuse the same request asked again at once with 429, got ${second.status} ${second.body.slice(0, 200)}`);
  return 'StuRents refused an identical request asked again at once (429).';
}
