import { render } from "preact";
import { localisePage } from "@/lib/i18n/localise-page";
import { PopupApp } from "./PopupApp";

localisePage("extName");
render(<PopupApp />, document.getElementById("app") as HTMLElement);
