import { render } from "preact";
import { localisePage } from "@/lib/i18n/localise-page";
import { HistoryApp } from "./HistoryApp";

localisePage("history_pageTitle");
render(<HistoryApp />, document.getElementById("app") as HTMLElement);
