import { render } from "preact";
import { App } from "./app";
import { connect } from "./firebase";
import { retryNotices } from "./retryNotices";
import "./styles.css";

const root = document.getElementById("app") as HTMLElement;

connect((info) => retryNotices.publish(info))
  .then((services) => render(<App services={services} />, root))
  .catch((error: unknown) => {
    root.textContent = `The shop could not start: ${(error as Error).message}`;
  });
