import * as z from "zod";
import { diagnosticSchema } from "../messages/schema";

/** A stored page problem (page-problems.ts), in its own module: the popup loads zod only when problems are stored. */
export const problemSchema = z.strictObject({ at: z.iso.datetime(), message: z.string().max(500), diagnostic: diagnosticSchema });
