import { t } from "../lib/i18n/t";
import "./styles.css";

export interface PopupLoadingProps {
  /** Why the orders could not be read; null while the first read is still running. */
  error: string | null;
  /** Reads the orders again. */
  onRetry: () => void;
}

/** The popup before its first read of the orders: "Loading…", or why the read failed and a way to try again. */
export function PopupLoading({ error, onRetry }: PopupLoadingProps) {
  if (error === null) return <p class="loading">{t("popup_loading")}</p>;
  return (
    <main class="tw tw-popup">
      <h1>{t("extName")}</h1>
      <p class="notice" role="alert">
        {error}
      </p>
      <button type="button" class="button button-primary" onClick={onRetry}>
        {t("popup_tryAgain")}
      </button>
    </main>
  );
}
