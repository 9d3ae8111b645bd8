/**
 * Where issued documents are kept: content-addressed (the key is the SHA-256 of the bytes), written
 * once and never changed. The hash is recorded in an event, so the event stream says which bytes
 * were issued and anyone can check them.
 */
export interface DocumentStore {
  /** Stores `bytes` (a no-op when they are there already) and answers their SHA-256, hex. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under `sha256`, or null. */
  get(sha256: string): Promise<Buffer | null>;
}
