import { render } from "preact";
import { HistoryApp } from "./HistoryApp";

render(<HistoryApp />, document.getElementById("app") as HTMLElement);
