import { browser } from "wxt/browser";
import type { Diagnostic } from "../capture/adapters/types";
import { onStoredValueChanged } from "../storage-changes";

/**
 * Pages an adapter recognised but could not read, for the popup's "Pages TradeWatch could not
 * read". Only the time, the message and the privacy-safe diagnostic are kept (selector names and
 * counts, the page's origin and path): never text from the page.
 */
export interface PageProblem {
  at: string;
  message: string;
  diagnostic: Diagnostic;
}

export const MAX_PAGE_PROBLEMS = 20;
const KEY = "pageProblems";

/** Problems as stored, newest first; an entry that does not validate is left out. */
async function parseProblems(stored: unknown): Promise<PageProblem[]> {
  if (!Array.isArray(stored) || stored.length === 0) return [];
  // Usually there are none: the schema (and zod with it) loads only when there is something to check.
  const { problemSchema } = await import("./page-problem-schema");
  return stored.flatMap((entry) => {
    const parsed = problemSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function loadPageProblems(): Promise<PageProblem[]> {
  return parseProblems((await browser.storage.local.get(KEY))[KEY]);
}

// Writes from one worker go one after the other, so two broken pages at once both stay listed.
let writing: Promise<unknown> = Promise.resolve();

/**
 * Adds a problem, newest first, keeping the last MAX_PAGE_PROBLEMS. The same page failing the
 * same way again (a reload) moves up instead of being listed twice.
 */
export function recordPageProblem(problem: PageProblem): Promise<void> {
  const write = writing.then(async () => {
    const same = (other: PageProblem) =>
      other.message === problem.message &&
      other.diagnostic.page === problem.diagnostic.page &&
      other.diagnostic.adapter === problem.diagnostic.adapter;
    const kept = (await loadPageProblems()).filter((other) => !same(other));
    await browser.storage.local.set({ [KEY]: [problem, ...kept].slice(0, MAX_PAGE_PROBLEMS) });
  });
  writing = write.catch(() => undefined);
  return write;
}

/** "Dismiss all" in the popup. */
export async function clearPageProblems(): Promise<void> {
  await browser.storage.local.remove(KEY);
}

export function onPageProblemsChanged(listener: (problems: PageProblem[]) => void): () => void {
  return onStoredValueChanged(KEY, parseProblems, listener);
}
