import { useCallback, useEffect, useState } from "preact/hooks";
import type { MessageKey } from "../lib/i18n/catalog";
import { t } from "../lib/i18n/t";
import { allowPageLoads, onSiteAccessChanged, setAllSites, siteAccessState, stopTrackingSite, type SiteAccessState } from "../lib/site-access";

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * The sites TradeWatch may read, as the browser grants them (followed as they change), and the
 * user's changes to them, for SiteAccessPanel on the options and welcome pages. After a grant or
 * revocation the page shows what the browser holds, whatever the user chose in its prompt.
 */
export function useSiteAccess() {
  const [access, setAccess] = useState<SiteAccessState | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(() => {
    siteAccessState().then(setAccess, (cause: unknown) => setError(t("settings_couldNotReadSites", message(cause))));
  }, []);
  useEffect(() => {
    read();
    // A browser without these events still gets the rest of the page.
    try {
      return onSiteAccessChanged(read);
    } catch (cause) {
      setError(t("settings_couldNotFollowSites", message(cause)));
      return undefined;
    }
  }, [read]);

  const change = (request: Promise<unknown>, failure: MessageKey) => {
    setError(null);
    request.then(read, (cause: unknown) => setError(t(failure, message(cause))));
  };
  return {
    access,
    error,
    onAllSites: (on: boolean) => change(setAllSites(on), on ? "settings_couldNotAllowAll" : "settings_couldNotStopAll"),
    onStopTracking: (pattern: string) => change(stopTrackingSite(pattern), "settings_couldNotStopSite"),
    onAllowPageLoads: () => change(allowPageLoads(), "settings_couldNotAllowPageLoads"),
  };
}
