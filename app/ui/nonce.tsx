import { createContext, type ReactNode, useContext } from "react";

// The Content-Security-Policy nonce of this response (server/headers.ts makes one per request and
// passes it through Remix's load context). Inline scripts carry it; on the client there is
// none to give (browsers hide nonce attributes from scripts anyway), so it is undefined.
const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

/** The nonce for an inline `<script>`: `<script nonce={useNonce()}>`. */
export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
