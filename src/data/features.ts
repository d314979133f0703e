/** Column names of the customer table: written once, used by generator, CSV, CLI and views. */
export const ID_COLUMN = 'CustomerID';
export const INCOME = 'Annual Income (k$)';
export const SPENDING = 'Spending Score (1-100)';
export const CREDIT = 'Credit Score';

export const CUSTOMER_FEATURES = [INCOME, SPENDING, CREDIT] as const;

/** Valid range of each generated feature, in business units. */
export const FEATURE_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  [INCOME]: [20, 150],
  [SPENDING]: [1, 100],
  [CREDIT]: [300, 850],
};

/** Largest k any engine accepts: labels are stored one byte per customer. */
export const MAX_CLUSTERS = 256;
