import type { LinksFunction } from "@remix-run/node";
import councilStyles from "~/styles/council.css?url";

/** The council pages' stylesheet (phones, facilitator, projector). */
export const councilLinks: LinksFunction = () => [{ rel: "stylesheet", href: councilStyles }];
