import { render } from "preact";
import { OptionsApp } from "./OptionsApp";

render(<OptionsApp />, document.getElementById("app") as HTMLElement);
