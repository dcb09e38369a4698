/**
 * A vendor list too large to hold whole (a whole-list endpoint of a large portfolio is well
 * over the HTTP layer's response cap): the JSON array is parsed as it arrives and its
 * elements are handed over in batches, each batch awaited before more of the body is
 * read, so a slow consumer (a database write) slows the download rather than filling
 * memory. No element is kept once handed over.
 */
export interface ArrayReadOptions {
  /** Elements per batch. Default 500. */
  batchSize?: number;
  /**
   * Receives each batch in order. The body is not read further until it resolves; a
   * rejection stops the read (and is what the read rejects with).
   */
  onBatch(elements: unknown[]): Promise<void>;
  /**
   * Largest single element in bytes; a larger one fails the read as VENDOR_BAD_RESPONSE
   * (the whole body has no cap). Default: the vendor's response cap.
   */
  maxElementBytes?: number;
}

export interface ArrayReadResult {
  /** Elements handed over. */
  elements: number;
  /** Bytes of the body. */
  bytes: number;
}
