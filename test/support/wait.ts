/**
 * Waiting for a condition, never for a fixed time. On a busy shared machine any fixed pause is
 * sometimes too short (the test flakes) and otherwise too long (the suite crawls); a test that
 * needs a row written or a state reached polls for exactly that. `within` only bounds how long a
 * broken service can keep a test waiting: it is generous, well inside the test's own timeout, and
 * it is not what the test claims.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  { within = 30_000, every = 20 }: { within?: number; every?: number } = {},
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + within;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`waited ${within / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
