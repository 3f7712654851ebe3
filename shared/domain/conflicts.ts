/**
 * Optimistic concurrency: every stored dossier and configuration item carries a version, and a
 * write based on an older one is refused rather than merged.
 */

/** Another writer stored a newer version of the dossier first. */
export class VersionConflict extends Error {
  constructor() {
    super('the dossier was changed by someone else; read it again');
  }
}

/** Another administrator changed the configuration item (procedure, commune, calendar) first. */
export class CatalogueConflict extends Error {}

/** Another issue took the outgoing register's next number first: number again and retry. */
export class RegisterMoved extends Error {
  constructor() {
    super("the outgoing register moved on; take the register's next number again");
  }
}

/** Another collection took the next numbers of the receipt book first: number again and retry. */
export class ReceiptBookMoved extends Error {
  constructor() {
    super('the receipt book moved on; number the receipts again');
  }
}

/** Another refund gave the money back first: nothing is refunded twice. */
export class RefundTaken extends Error {
  constructor() {
    super('this online payment was refunded already');
  }
}
