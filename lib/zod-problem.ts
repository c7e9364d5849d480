import type * as z from "zod";

/** The first problem zod found, in one line ("processing.payment.amountCharged.minor: …"). */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
