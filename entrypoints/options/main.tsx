import { render } from "preact";
import { localisePage } from "@/lib/i18n/localise-page";
import { OptionsApp } from "./OptionsApp";

localisePage("settings_pageTitle");
render(<OptionsApp />, document.getElementById("app") as HTMLElement);
