import { useId } from "preact/hooks";
import { t } from "../lib/i18n/t";
import type { SiteAccessState } from "../lib/site-access";

export interface SiteAccessPanelProps {
  /** Null while the browser's grants are being read. */
  access: SiteAccessState | null;
  /** Asks for, or gives up, the all-sites grant; called from the click, as browsers require. */
  onAllSites: (on: boolean) => void;
  onStopTracking: (pattern: string) => void;
  /** Asks for the page-load events alone, for sites allowed without them; from the click. */
  onAllowPageLoads: () => void;
  /** Why the last change could not be made. */
  error: string | null;
}

/**
 * Where TradeWatch may look for orders (privacy first: nowhere until the user says so). Changes
 * take effect at once, through the browser's own permission prompt, not through Save.
 */
export function SiteAccessPanel({ access, onAllSites, onStopTracking, onAllowPageLoads, error }: SiteAccessPanelProps) {
  const id = useId();
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("settings_sitesHeading")}</h2>
      {access === null ? (
        <p class="muted">{t("settings_readingAccess")}</p>
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
            <label for={`${id}-all`}>{t("settings_allSites")}</label>
            <span id={`${id}-all-hint`} class="muted checkbox-hint">
              {t("settings_allSitesHint")}
            </span>
          </div>
          {!access.pageLoads &&
            (access.allSites || access.sites.length > 0 ? (
              // Sites allowed, but not the events that say a page has loaded: nothing new would be found there.
              <div class="site-access">
                <p class="alert-line" role="alert">
                  {t("settings_pageLoadsOff")}
                </p>
                <button type="button" class="button button-primary" onClick={onAllowPageLoads}>
                  {t("settings_allowPageLoads")}
                </button>
              </div>
            ) : (
              <p class="muted hint">{t("label_pageLoadsHint")}</p>
            ))}
          <h3 id={`${id}-sites`}>{t("settings_sitesOneByOne")}</h3>
          {access.sites.length === 0 ? (
            <p class="muted">{t("settings_noSites")}</p>
          ) : (
            <ul class="history-list" aria-labelledby={`${id}-sites`}>
              {access.sites.map((site) => (
                <li key={site.pattern}>
                  <span>{site.label}</span>{" "}
                  <button type="button" class="button button-small" onClick={() => onStopTracking(site.pattern)}>
                    {t("settings_stopTracking", site.label)}
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
