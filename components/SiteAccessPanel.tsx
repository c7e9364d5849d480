import { useId } from "preact/hooks";
import type { SiteAccessState } from "../lib/site-access";

export interface SiteAccessPanelProps {
  /** Null while the browser's grants are being read. */
  access: SiteAccessState | null;
  /** Asks for, or gives up, the all-sites grant; called from the click, as browsers require. */
  onAllSites: (on: boolean) => void;
  onStopTracking: (pattern: string) => void;
  /** Why the last change could not be made. */
  error: string | null;
}

/**
 * Where TradeWatch may look for orders (privacy first: nowhere until the user says so). Changes
 * take effect at once, through the browser's own permission prompt, not through Save.
 */
export function SiteAccessPanel({ access, onAllSites, onStopTracking, error }: SiteAccessPanelProps) {
  const id = useId();
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sites</h2>
      {access === null ? (
        <p class="muted">Reading what you allowed…</p>
      ) : (
        <>
          <div class="checkbox">
            <input
              id={`${id}-all`}
              type="checkbox"
              checked={access.allSites}
              aria-describedby={`${id}-all-hint`}
              onChange={(event) => onAllSites(event.currentTarget.checked)}
            />
            <label for={`${id}-all`}>Detect orders on all sites</label>
            <span id={`${id}-all-hint`} class="muted checkbox-hint">
              TradeWatch then looks at every page you open for the signs of an order page, on this computer; nothing is
              sent anywhere unless it finds an order.
            </span>
          </div>
          <h3 id={`${id}-sites`}>Sites you allowed one by one</h3>
          {access.sites.length === 0 ? (
            <p class="muted">None. On a shop's page, open TradeWatch from the toolbar and choose "Track orders on this site".</p>
          ) : (
            <ul class="history-list" aria-labelledby={`${id}-sites`}>
              {access.sites.map((site) => (
                <li key={site.pattern}>
                  <span>{site.label}</span>{" "}
                  <button type="button" class="button button-small" onClick={() => onStopTracking(site.pattern)}>
                    Stop tracking on {site.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {error !== null && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
