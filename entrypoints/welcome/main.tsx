import { render } from "preact";
import { localisePage } from "@/lib/i18n/localise-page";
import { WelcomeApp } from "./WelcomeApp";

localisePage("welcome_title");
render(<WelcomeApp />, document.getElementById("app") as HTMLElement);
