import type { CollectionError, Jsonified } from "../snapshot/types.js";
import { toSnapshotData } from "../snapshot/redact.js";

/** The AWS error code of a failed call (the SDK's error name), e.g. "AccessDeniedException". */
export function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.name ?? e?.code ?? "Error";
}

export function toCollectionError(operation: string, error: unknown, resource?: string): CollectionError {
  const where = resource !== undefined ? { resource } : {};
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  // The SDK could not parse the answer: the endpoint does not speak this service (an emulator's 404 page).
  if ((error as Error)?.name === "SyntaxError") {
    return { operation, code: "UnexpectedResponse", message: `the endpoint answered${status ? ` HTTP ${status}` : ""} in a format that is not this service's`, ...where };
  }
  const message = String((error as Error)?.message ?? error).replace(/\s+/g, " ").slice(0, 500);
  return { operation, code: errorCode(error), message, ...where };
}

/**
 * Runs one AWS call. Success: the response as the snapshot stores it (secrets redacted). Failure: the error is recorded in `errors`
 * and the result is undefined, so one failed call never fails the scan.
 */
export async function attempt<T>(
  errors: CollectionError[],
  operation: string,
  send: () => Promise<T>,
  resource?: string,
): Promise<Jsonified<T> | undefined> {
  try {
    return toSnapshotData(await send());
  } catch (error) {
    errors.push(toCollectionError(operation, error, resource));
    return undefined;
  }
}

/** Like `attempt` for a paginated listing: all pages or, on failure, undefined (never a partial list). */
export async function attemptAll<T>(
  errors: CollectionError[],
  operation: string,
  pages: () => AsyncIterable<T[] | undefined>,
  resource?: string,
): Promise<Jsonified<T>[] | undefined> {
  return attempt<T[]>(
    errors,
    operation,
    async () => {
      const items: T[] = [];
      for await (const page of pages()) items.push(...(page ?? []));
      return items;
    },
    resource,
  );
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<I, O>(items: readonly I[], limit: number, work: (item: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** At most `size` pieces of work at once across every caller that shares it (a region's pools, the scan's regions). */
export class Limit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((go) => this.waiting.push(go));
    else this.active++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
