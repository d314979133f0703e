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

/**
 * The most customers the page holds, generated or imported: about 50 bytes each across the
 * worker's columns and points, the drawn positions and the engine's bounds (10 M: about 500 MB).
 */
export const MAX_PAGE_CUSTOMERS = 10_000_000;

/** Largest k any engine accepts: labels are stored one byte per customer. */
export const MAX_CLUSTERS = 256;

/**
 * Business bands used to describe a segment's centre in words. Income and spending use
 * the bands of the original study; credit uses the common FICO tiers.
 */
export const INCOME_BANDS = { low: 45, high: 75 } as const;
export const SPENDING_BANDS = { low: 35, high: 60 } as const;
export const CREDIT_TIERS: readonly { readonly min: number; readonly label: string }[] = [
  { min: 740, label: 'excellent credit' },
  { min: 670, label: 'good credit' },
  { min: 580, label: 'fair credit' },
  { min: -Infinity, label: 'poor credit' },
];
