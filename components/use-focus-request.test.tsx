// @vitest-environment happy-dom
import { render } from "preact";
import { useEffect } from "preact/hooks";
import { waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { useFocusRequest } from "./use-focus-request";

function Form() {
  useFocusRequest("first");
  return (
    <form>
      <input id="first" aria-label="first" />
      <input id="second" aria-label="second" />
    </form>
  );
}

/** Asks, once rendered, for the first of `ids` on the page. */
function Asking({ ids }: { ids: string[] }) {
  const focus = useFocusRequest();
  useEffect(() => focus(ids), []);
  return (
    <form>
      <input id="first" aria-label="first" />
      <input id="second" aria-label="second" />
    </form>
  );
}

describe("useFocusRequest", () => {
  const root = document.createElement("div");
  afterEach(() => render(null, root));

  it("moves the focus as the form is rendered, before anything can click into another field", () => {
    document.body.append(root);
    // Preact's own render, without testing-library's act: no effect has run when it returns.
    render(<Form />, root);
    expect(document.activeElement?.id).toBe("first");
  });

  it("focuses the first of several ids that is on the page", async () => {
    document.body.append(root);
    render(<Asking ids={["not-here", "second", "first"]} />, root);
    await waitFor(() => expect(document.activeElement?.id).toBe("second"));
  });
});
