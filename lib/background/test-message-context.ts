/** Test support only: the command part of a MessageContext, each refusing, for tests about other messages. */
import { vi } from "vitest";
import type { MessageContext } from "./messages";

const refused = async () => ({ error: "commands are not part of this test" });

export function commandStubs(): Pick<MessageContext, "finalise" | "collective" | "requestReturn" | "reorder"> {
  return { finalise: vi.fn(refused), collective: vi.fn(refused), requestReturn: vi.fn(refused), reorder: vi.fn(refused) };
}
